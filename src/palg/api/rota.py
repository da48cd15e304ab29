"""Roles over time: a programme's facilitator fading plan and each set's rota of facilitator and
timekeeper per meeting. Both are metadata: whoever may see the programme or the set sees them."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from palg import access
from palg.api import guard
from palg.api.auth import actor_for
from palg.api.schemas import READ, WRITE, Id, InputSchema, path_id
from palg.programmes import selectors, services
from palg.programmes.models import BOUNDS, Programme
from palg.programmes.selectors import RotaRow

router = Router(tags=["roles over time"])
ProgrammeId = path_id("The programme's id.")
SetId = path_id("The set's id.")
MeetingId = path_id("The meeting's id.")
MOST_MEETINGS = BOUNDS["meeting_count"][1]


class FadingPlanOut(Schema):
    adviser_meetings: int = Field(description="The adviser facilitates meetings 1 to this.")
    observer_until: int = Field(
        description="Members facilitate with the adviser observing until this meeting; after "
        "it the adviser is on call."
    )
    editable: bool = Field(
        description="Whether the lead may choose the plan: only when facilitation fades. Other "
        "facilitation models fix it."
    )
    explanation: str


class FadingPlanIn(InputSchema):
    adviser_meetings: int = Field(ge=0, le=MOST_MEETINGS)
    observer_until: int = Field(ge=0, le=MOST_MEETINGS)


# RotaEntry.Stage's values, spelled out so the OpenAPI schema lists them.
RotaStage = Literal["adviser", "observed", "members"]


class RotaEntryOut(Schema):
    meeting_id: int
    number: int = Field(description="The meeting's place in the set's series, from 1.")
    stage: RotaStage = Field(
        description="Who facilitates: the adviser, a member observed by the adviser, or a "
        "member with the adviser on call."
    )
    facilitator_id: int | None
    timekeeper_id: int | None
    drawn: bool = Field(description="False while the meeting has no rota entry yet.")


class RotaEntryIn(InputSchema):
    facilitator_id: Id | None = None
    timekeeper_id: Id | None = None


def plan_out(programme: Programme) -> dict:
    plan = selectors.fading_plan(programme=programme)
    return {
        "adviser_meetings": plan.adviser_meetings,
        "observer_until": plan.observer_until,
        "editable": selectors.fading_plan_editable(programme=programme),
        "explanation": plan.explain(programme.meeting_count),
    }


def row_out(row: RotaRow) -> dict:
    return {
        "meeting_id": row.meeting.pk,
        "number": row.number,
        "stage": row.stage,
        "facilitator_id": row.facilitator.pk if row.facilitator else None,
        "timekeeper_id": row.timekeeper.pk if row.timekeeper else None,
        "drawn": row.drawn,
    }


@router.get(
    "/programmes/{programme_id}/fading-plan",
    response={200: FadingPlanOut, **READ},
    operation_id="fading_plan_get",
    summary="Get a programme's fading plan",
)
def fading_plan_get(request: HttpRequest, programme_id: ProgrammeId):
    """How facilitation passes from the set adviser to the members, for anyone in the programme."""
    programme = access.programme_get_for_actor(actor=actor_for(request), programme_id=programme_id)
    return plan_out(programme)


@router.put(
    "/programmes/{programme_id}/fading-plan",
    response={200: FadingPlanOut, **WRITE},
    operation_id="fading_plan_update",
    summary="Choose a programme's fading plan",
)
@guard.access_first(guard.manages_programme)
def fading_plan_update(request: HttpRequest, programme_id: ProgrammeId, payload: FadingPlanIn):
    """Set the fading plan of a programme whose facilitation fades (its leads and admins)."""
    actor = actor_for(request)
    services.fading_plan_set(actor=actor, programme_id=programme_id, **payload.model_dump())
    return plan_out(access.programme_get_for_actor(actor=actor, programme_id=programme_id))


@router.get(
    "/sets/{set_id}/rota",
    response={200: list[RotaEntryOut], **READ},
    operation_id="rota_get",
    summary="Get a set's rota",
)
def rota_get(request: HttpRequest, set_id: SetId):
    """Who facilitates and who keeps time at each of the set's meetings (cancelled ones left
    out), in order."""
    group = access.group_get_for_actor(actor=actor_for(request), group_id=set_id)
    return [row_out(row) for row in selectors.rota_rows(group=group)]


@router.post(
    "/sets/{set_id}/rota",
    response={200: list[RotaEntryOut], **WRITE},
    operation_id="rota_generate",
    summary="Draw a set's rota from the fading plan",
)
def rota_generate(request: HttpRequest, set_id: SetId):
    """Redraw the meetings still to come, members taking turns fairly; held meetings keep their
    record. For the programme's leads and admins and the set's facilitator."""
    actor = actor_for(request)
    group = access.group_get_for_actor(actor=actor, group_id=set_id)
    services.rota_generate(actor=actor, group=group)
    return [row_out(row) for row in selectors.rota_rows(group=group)]


@router.put(
    "/meetings/{meeting_id}/rota",
    response={200: RotaEntryOut, **WRITE},
    operation_id="rota_entry_update",
    summary="Name a meeting's facilitator and timekeeper",
)
@guard.access_first(guard.schedules_meeting)
def rota_entry_update(request: HttpRequest, meeting_id: MeetingId, payload: RotaEntryIn):
    """Anyone in the set, not one person for both; null leaves the role open. For the
    programme's leads and admins and the set's facilitator."""
    actor = actor_for(request)
    entry = services.rota_entry_update(
        actor=actor,
        meeting_id=meeting_id,
        facilitator_id=payload.facilitator_id,
        timekeeper_id=payload.timekeeper_id,
    )
    return row_out(selectors.meeting_rota(meeting=entry.meeting))
