"""Live sessions through the API: the same state every screen polls, and the facilitator's
controls. Set content: the set's members and facilitator only."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from palg.api.auth import actor_for
from palg.api.schemas import READ_RESTRICTED, WRITE, Id, InputSchema, path_id
from palg.live import protocol, selectors, services

router = Router(tags=["live sessions"])
MeetingId = path_id("The meeting's id (one live session per meeting).")
Action = Literal["start", "pause", "resume", "next", "previous", "extend", "hand", "end"]
PhaseKey = str


class PhaseOut(Schema):
    key: str
    name: str
    purpose: str
    minutes: int
    speaking: str
    capture: str
    prompts: list[str]
    presenter_listens: bool


class PersonOut(Schema):
    id: int
    name: str


class PlanRowOut(Schema):
    name: str
    presenter: str
    minutes: float
    current: bool
    done: bool


class SessionOut(Schema):
    meeting_id: int
    template: str
    status: Literal["ready", "running", "paused", "ended"]
    version: int = Field(description="Send it back with a control; a stale one is refused.")
    drives: bool = Field(description="Whether the caller may use the controls.")
    phase: PhaseOut | None
    presenter: PersonOut | None
    index: int
    count: int
    remaining_seconds: float | None = Field(
        description="By the server's clock; negative when over time."
    )
    ends_at: datetime | None
    server_time: datetime
    plan: list[PlanRowOut]


class ControlIn(InputSchema):
    action: Action
    version: int = Field(ge=0, le=2**31 - 1)
    minutes: int | None = Field(None, ge=1, le=services.MAX_EXTEND_MINUTES)
    person_id: Id | None = Field(None, description="For 'hand': the member to hand over to.")


class PrepareIn(InputSchema):
    template: str | None = Field(None, max_length=30, description=", ".join(protocol.TEMPLATES))
    minutes: dict[PhaseKey, int] | None = Field(None, description="Timeboxes by phase key.")
    skip: list[PhaseKey] | None = Field(None, max_length=20)


def session_out(view: selectors.SessionView) -> dict:
    step = view.step
    template = view.session.template if view.session else protocol.DEFAULT_TEMPLATE
    return {
        "meeting_id": view.meeting.pk,
        "template": template,
        "status": view.status,
        "version": view.version,
        "drives": view.drives,
        "phase": None
        if step is None
        else {
            "key": step.phase.key,
            "name": step.phase.name,
            "purpose": step.phase.purpose,
            "minutes": step.seconds // 60,
            "speaking": str(step.phase.speaking),
            "capture": str(step.phase.capture),
            "prompts": list(step.phase.prompts),
            "presenter_listens": step.phase.presenter_listens,
        },
        "presenter": None
        if view.presenter is None
        else {"id": view.presenter.pk, "name": view.presenter.name},
        "index": view.index,
        "count": view.count,
        "remaining_seconds": view.remaining,
        "ends_at": view.ends_at,
        "server_time": view.now,
        "plan": [row.__dict__ for row in view.plan],
    }


@router.get(
    "/sessions/{meeting_id}",
    response={200: SessionOut, **READ_RESTRICTED},
    operation_id="live_session_get",
    summary="Get a live session's state",
)
def live_session_get(request: HttpRequest, meeting_id: MeetingId):
    """The phase, clock and plan every screen of the set shows."""
    return session_out(selectors.session_view(actor=actor_for(request), meeting_id=meeting_id))


@router.post(
    "/sessions/{meeting_id}/control",
    response={200: SessionOut, **WRITE},
    operation_id="live_session_control",
    summary="Press a facilitator control",
)
def live_session_control(request: HttpRequest, meeting_id: MeetingId, payload: ControlIn):
    """Start, pause, resume, next, previous, extend (minutes), hand (person_id) or end. A press
    on a stale version is refused with 422: someone else moved the session first."""
    actor = actor_for(request)
    services.session_control(
        actor=actor,
        meeting_id=meeting_id,
        action=payload.action,
        version=payload.version,
        minutes=payload.minutes,
        person_id=payload.person_id,
    )
    return session_out(selectors.session_view(actor=actor, meeting_id=meeting_id))


@router.post(
    "/sessions/{meeting_id}/prepare",
    response={200: SessionOut, **WRITE},
    operation_id="live_session_prepare",
    summary="Choose the template and timeboxes",
)
def live_session_prepare(request: HttpRequest, meeting_id: MeetingId, payload: PrepareIn):
    """Before the start: the template, timeboxes by phase key and optional phases to leave
    out."""
    actor = actor_for(request)
    services.session_prepare(
        actor=actor,
        meeting_id=meeting_id,
        template=payload.template,
        minutes=payload.minutes,
        skip=payload.skip,
    )
    return session_out(selectors.session_view(actor=actor, meeting_id=meeting_id))
