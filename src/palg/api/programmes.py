"""Programmes: list, create, read, change and the design's norm warnings."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from palg import access
from palg.api import guard
from palg.api.auth import actor_for
from palg.api.schemas import (
    CREATE,
    READ,
    READ_RESTRICTED,
    UNAUTHENTICATED,
    WRITE,
    Day,
    FacilitationModel,
    InputSchema,
    PatchSchema,
    ProgrammeStatus,
    SessionTemplate,
    Text,
    bounds,
    path_id,
)
from palg.programmes import selectors, services
from palg.programmes.models import PURPOSE_MAX_LENGTH

router = Router(tags=["programmes"])
ProgrammeId = path_id("The programme's id.")


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
    time_zone: str = Field(description="The IANA time zone its sets meet in.")
    created_at: datetime
    updated_at: datetime


class ProgrammeIn(InputSchema):
    name: Text = Field(max_length=200)
    focus_area: Text = Field("", max_length=200)
    purpose: Text = Field("", max_length=PURPOSE_MAX_LENGTH)
    status: ProgrammeStatus = "draft"
    start_date: Day | None = None
    min_group_size: int = Field(4, **bounds("min_group_size"))
    max_group_size: int = Field(8, **bounds("max_group_size"))
    cadence_weeks: int = Field(4, **bounds("cadence_weeks"))
    meeting_count: int = Field(6, **bounds("meeting_count"))
    meeting_minutes: int = Field(180, **bounds("meeting_minutes"))
    facilitation_model: FacilitationModel = "fading"
    session_template: SessionTemplate = "revans-uk"


class ProgrammePatch(PatchSchema):
    name: Text = Field(None, max_length=200)
    focus_area: Text = Field(None, max_length=200)
    purpose: Text = Field(None, max_length=PURPOSE_MAX_LENGTH)
    status: ProgrammeStatus = None
    start_date: Day | None = None
    min_group_size: int = Field(None, **bounds("min_group_size"))
    max_group_size: int = Field(None, **bounds("max_group_size"))
    cadence_weeks: int = Field(None, **bounds("cadence_weeks"))
    meeting_count: int = Field(None, **bounds("meeting_count"))
    meeting_minutes: int = Field(None, **bounds("meeting_minutes"))
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
@guard.access_first(guard.staff)
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
@guard.access_first(guard.manages_programme)
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
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, oversee=True)
    return selectors.programme_warnings(programme=programme)
