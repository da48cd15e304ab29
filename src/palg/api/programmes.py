"""Programmes: list, create, read, change and the design's norm warnings."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from palg import access
from palg.api.auth import actor_for
from palg.api.schemas import (
    CREATE,
    READ,
    READ_RESTRICTED,
    UNAUTHENTICATED,
    WRITE,
    FacilitationModel,
    InputSchema,
    PatchSchema,
    ProgrammeStatus,
    SessionTemplate,
    Text,
    path_id,
)
from palg.programmes import selectors, services

router = Router(tags=["programmes"])
ProgrammeId = path_id("The programme's id.")

# The same bounds as the web form (palg.programmes.forms.ProgrammeForm).
SIZE = {"ge": 2, "le": 50}
CADENCE = {"ge": 1, "le": 52}
COUNT = {"ge": 1, "le": 100}
MINUTES = {"ge": 15, "le": 720}
PURPOSE_MAX = 10_000
MSG_WARNINGS_OVERSEERS = (
    "Only the programme's leads, sponsors and organisation admins see its warnings, "
    "because they name every set."
)


class ProgrammeOut(Schema):
    id: int
    name: str
    focus_area: str
    purpose: str
    status: ProgrammeStatus
    start_date: date | None
    min_group_size: int
    max_group_size: int
    cadence_weeks: int
    meeting_count: int
    meeting_minutes: int
    facilitation_model: FacilitationModel
    session_template: SessionTemplate
    created_at: datetime
    updated_at: datetime


class ProgrammeIn(InputSchema):
    name: Text = Field(max_length=200)
    focus_area: Text = Field("", max_length=200)
    purpose: Text = Field("", max_length=PURPOSE_MAX)
    status: ProgrammeStatus = "draft"
    start_date: date | None = None
    min_group_size: int = Field(4, **SIZE)
    max_group_size: int = Field(8, **SIZE)
    cadence_weeks: int = Field(4, **CADENCE)
    meeting_count: int = Field(6, **COUNT)
    meeting_minutes: int = Field(180, **MINUTES)
    facilitation_model: FacilitationModel = "fading"
    session_template: SessionTemplate = "revans-uk"


class ProgrammePatch(PatchSchema):
    name: Text = Field(None, max_length=200)
    focus_area: Text = Field(None, max_length=200)
    purpose: Text = Field(None, max_length=PURPOSE_MAX)
    status: ProgrammeStatus = None
    start_date: date | None = None
    min_group_size: int = Field(None, **SIZE)
    max_group_size: int = Field(None, **SIZE)
    cadence_weeks: int = Field(None, **CADENCE)
    meeting_count: int = Field(None, **COUNT)
    meeting_minutes: int = Field(None, **MINUTES)
    facilitation_model: FacilitationModel = None
    session_template: SessionTemplate = None


class WarningOut(Schema):
    code: str
    message: str


@router.get(
    "/programmes",
    response={200: list[ProgrammeOut], **UNAUTHENTICATED},
    operation_id="programme_list",
    summary="List programmes",
)
def programme_list(request: HttpRequest):
    """The programmes the caller has a part in (all of the organisation's for its admins)."""
    return selectors.programme_list(actor=actor_for(request))


@router.post(
    "/programmes",
    response={201: ProgrammeOut, **CREATE},
    operation_id="programme_create",
    summary="Create a programme",
)
def programme_create(request: HttpRequest, payload: ProgrammeIn):
    """Create a programme (programme leads and organisation admins); the caller leads it."""
    programme = services.programme_create(actor=actor_for(request), **payload.model_dump())
    return Status(201, programme)


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, **READ},
    operation_id="programme_get",
    summary="Get a programme",
)
def programme_get(request: HttpRequest, programme_id: ProgrammeId):
    """One programme's design, for anyone with a part in it."""
    return access.programme_get_for_actor(actor=actor_for(request), programme_id=programme_id)


@router.patch(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, **WRITE},
    operation_id="programme_update",
    summary="Change a programme",
)
def programme_update(request: HttpRequest, programme_id: ProgrammeId, payload: ProgrammePatch):
    """Change some of a programme's fields (its leads and organisation admins)."""
    return services.programme_update(
        actor=actor_for(request), programme_id=programme_id, **payload.changes()
    )


@router.get(
    "/programmes/{programme_id}/warnings",
    response={200: list[WarningOut], **READ_RESTRICTED},
    operation_id="programme_warnings",
    summary="A programme's norm warnings",
)
def programme_warnings(request: HttpRequest, programme_id: ProgrammeId):
    """Where the design or a set's schedule departs from the method's norms. For those who
    oversee the programme (its leads, sponsors and organisation admins), as on its web page."""
    actor = actor_for(request)
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id)
    # Gap warnings name sets, so only those who see every set get them.
    if not access.programme_oversees(actor, programme):
        raise PermissionDenied(MSG_WARNINGS_OVERSEERS)
    return selectors.programme_warnings(programme=programme)
