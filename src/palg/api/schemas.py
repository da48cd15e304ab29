"""Shared input types, error bodies and the status codes each kind of operation declares.

Input types are bounded so that no request can reach the database with a value it cannot
store: ids fit a 64-bit integer, text carries no NUL characters or lone surrogates (PostgreSQL
rejects both), and dates and datetimes are ISO 8601 text (never numbers), datetimes with a time
zone, both inside the window palg.dates accepts everywhere.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Path, Schema
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, ConfigDict

from palg import dates
from palg.programmes.models import BOUNDS

MAX_ID = 2**63 - 1
MSG_NUL = "Null characters are not allowed."
MSG_SURROGATE = "Text must be valid Unicode."

# The choices of the models, spelled out so the OpenAPI schema lists them as enums;
# tests/api/test_schemas.py checks that they match the models.
ProgrammeStatus = Literal["draft", "active", "closed"]
FacilitationModel = Literal["external", "fading", "internal", "self"]
SessionTemplate = Literal[
    "revans-uk", "wial", "troika", "wise-crowds", "balint", "intervision", "forum-presentation"
]
MembershipRole = Literal["member", "facilitator"]
MeetingStatus = Literal["scheduled", "held", "cancelled"]
AttendanceStatus = Literal["present", "apologies", "absent"]


def bounds(name: str) -> dict[str, int]:
    """Field(ge=..., le=...) arguments for a bounded model field (palg.programmes.models.BOUNDS)."""
    low, high = BOUNDS[name]
    return {"ge": low, "le": high}


def _clean_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError(MSG_NUL)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(MSG_SURROGATE) from None
    return value


def _moment_in_window(value: datetime) -> datetime:
    if not dates.moment_in_window(value):
        raise ValueError(dates.window_message())
    return value


def _day_in_window(value: date) -> date:
    if not dates.day_in_window(value):
        raise ValueError(dates.window_message())
    return value


Text = Annotated[str, AfterValidator(_clean_text)]
# Parsed from ISO 8601 text by palg.dates before pydantic sees them, so a number is refused
# rather than read as seconds since 1970.
Moment = Annotated[
    AwareDatetime,
    BeforeValidator(dates.parse_iso_moment),
    AfterValidator(_moment_in_window),
]
Day = Annotated[date, BeforeValidator(dates.parse_iso_day), AfterValidator(_day_in_window)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def path_id(description: str) -> Any:
    """A positive 64-bit id taken from the URL path."""
    return Annotated[int, Path(ge=1, le=MAX_ID, description=description)]


def _drop_null_defaults(schema: dict[str, Any]) -> None:
    # Omitted fields of a PATCH body default to None internally (meaning "leave unchanged"),
    # but null itself is not accepted for them, so the schema should not advertise it.
    for prop in schema.get("properties", {}).values():
        if prop.get("default", 0) is None and "anyOf" not in prop:
            del prop["default"]


class InputSchema(Schema):
    """A request body: unknown fields are refused and text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PatchSchema(InputSchema):
    """A partial update: only the fields sent are changed."""

    model_config = ConfigDict(json_schema_extra=_drop_null_defaults)

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        description="Messages by field name; '__all__' holds errors about the whole input."
    )


class ImportProblemOut(Schema):
    row: int | None
    column: str | None
    message: str


class ImportErrorOut(Schema):
    detail: str
    problems: list[ImportProblemOut] = Field(
        default_factory=list, description="Everything wrong with the file, by row and column."
    )


class PersonBriefOut(Schema):
    id: int
    name: str
    email: str


# Status codes by kind of operation. Every operation takes a bearer token or a session, so 401
# is always possible; writes may meet a CSRF failure (403) or an unparsable body (400); path
# and query values are validated (422).
UNAUTHENTICATED = {401: ErrorOut}
READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
READ_RESTRICTED = {**READ, 403: ErrorOut}
CREATE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}
WRITE = {**CREATE, 404: ErrorOut}
