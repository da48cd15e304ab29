"""Live sessions through the API: the same state every screen polls, and the facilitator's
controls. Set content: the set's members and facilitator only."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from palg import access
from palg.access import Actor
from palg.api import guard
from palg.api.auth import actor_for
from palg.api.schemas import READ, READ_RESTRICTED, WRITE, Day, Id, InputSchema, Text, path_id
from palg.live import experiments, protocol, review, selectors, services
from palg.live.models import LiveSession
from palg.programmes.models import Membership

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


class SessionPersonOut(Schema):
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
    presenter: SessionPersonOut | None
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


# The checks the live services make before anything else (palg.api.guard) ------------------


def drives_session(actor: Actor, *, meeting_id: int, **_: int) -> None:
    """The facilitator's controls: palg.live.services.can_drive."""
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    session = LiveSession.objects.filter(meeting=meeting).first() or LiveSession(meeting=meeting)
    if not services.can_drive(actor, session):
        raise PermissionDenied(services.MSG_DRIVERS_ONLY)


def _member(actor: Actor, meeting_id: int, message: str):
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    if access.group_membership_role(actor, meeting.group) != Membership.Role.MEMBER:
        raise PermissionDenied(message)
    return meeting


def presents(actor: Actor, *, meeting_id: int, **_: int) -> None:
    """Experiment cards are the set's members' own (palg.live.experiments.card_record)."""
    _member(actor, meeting_id, experiments.MSG_PRESENTER_WRITES)


def member_of_meeting(actor: Actor, *, meeting_id: int, **_: int) -> None:
    """Review sheets and the pulse are the set's members' own (palg.live.review)."""
    _member(actor, meeting_id, review.MSG_MEMBERS_REVIEW)


def owns_card(actor: Actor, *, meeting_id: int, card_id: int, **_: int) -> None:
    """Only a card's owner reports back on it (palg.live.experiments.card_report)."""
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    card = access.card_get_for_actor(actor=actor, card_id=card_id)
    if card.group_id != meeting.group_id:
        raise Http404(access.MSG_NOT_FOUND)
    if card.owner_id != actor.person_id:
        raise PermissionDenied(experiments.MSG_OWNER_ONLY)


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
@guard.access_first(drives_session)
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
@guard.access_first(drives_session)
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


# Experiment cards ----------------------------------------------------------------------------

CardId = path_id("The experiment card's id.")
GroupId = path_id("The set's id.")
CardStatus = Literal["planned", "in-progress", "done", "dropped"]


Text200 = Annotated[Text, Field(max_length=200)]
Text300 = Annotated[Text, Field(max_length=300)]
Text500 = Annotated[Text, Field(max_length=500)]
Text1000 = Annotated[Text, Field(max_length=1000)]
Text2000 = Annotated[Text, Field(max_length=2000)]


class CardEntryOut(Schema):
    id: int
    kind: Literal["report", "status", "observation"]
    meeting_id: int | None
    did: str
    happened: str
    learned: str
    next: str
    note: str = Field(description="An observation's text: what its owner noticed.")
    observed_on: date | None = Field(description="The day an observation was made.")
    status_before: CardStatus
    status_after: CardStatus
    created_at: datetime


class CardOut(Schema):
    id: int
    owner: SessionPersonOut
    group_id: int
    meeting_id: int | None = Field(description="The meeting where it was made.")
    action: str = Field(description="What I will try.")
    expectation: str = Field(description="What I expect.")
    signal: str = Field(description="The signal I will watch.")
    due: date = Field(description="By when.")
    why: str
    involve: str = Field(description="Who I might involve.")
    status: CardStatus
    created_at: datetime
    entries: list[CardEntryOut] = Field(description="The card's whole history, oldest first.")


class WalkOut(Schema):
    person: SessionPersonOut
    cards: list[CardOut]


class SessionCardsOut(Schema):
    made: list[CardOut] = Field(description="Cards made at this meeting.")
    report_back: list[WalkOut] = Field(
        description="Each present member's cards from earlier meetings of the set."
    )


class CardIn(InputSchema):
    action: Text300 = Field(description="What I will try.")
    expectation: Text300 = Field(description="What I expect.")
    signal: Text300 = Field(description="The signal I will watch.")
    due: Day = Field(description="By when (today or later).")
    why: Text300 = ""
    involve: Text200 = Field("", description="Who I might involve.")


class CardReportIn(InputSchema):
    did: Text1000 = Field("", description="What I did.")
    happened: Text1000 = Field("", description="What happened.")
    learned: Text1000 = Field("", description="What I learned.")
    next: Text1000 = Field("", description="What next.")
    status: CardStatus | None = Field(None, description="The card's new status, if it changes.")


def card_out(card) -> dict:
    return {
        "id": card.pk,
        "owner": {"id": card.owner.pk, "name": card.owner.name},
        "group_id": card.group_id,
        "meeting_id": card.meeting_id,
        **{name: getattr(card, name) for name in ("action", "expectation", "signal", "due",
                                                   "why", "involve", "status", "created_at")},
        "entries": [
            {name: getattr(entry, name) for name in ("id", "kind", "meeting_id", "did",
                                                     "happened", "learned", "next", "note",
                                                     "observed_on", "status_before", "status_after",
                                                     "created_at")}
            for entry in card.entries.all()
        ],
    }  # fmt: skip


@router.get(
    "/sessions/{meeting_id}/cards",
    response={200: SessionCardsOut, **READ_RESTRICTED},
    operation_id="live_cards_list",
    summary="List a session's experiment cards",
)
def live_cards_list(request: HttpRequest, meeting_id: MeetingId):
    """The cards made at this meeting and, for the report-back, each present member's cards
    from earlier meetings of the set. The set's members and facilitator only."""
    made, walk = experiments.cards_for_session(actor=actor_for(request), meeting_id=meeting_id)
    return {
        "made": [card_out(card) for card in made],
        "report_back": [
            {"person": {"id": turn.person.pk, "name": turn.person.name},
             "cards": [card_out(card) for card in turn.cards]}
            for turn in walk
        ],
    }  # fmt: skip


@router.post(
    "/sessions/{meeting_id}/cards",
    response={201: CardOut, **WRITE},
    operation_id="live_card_create",
    summary="Record an experiment card",
)
@guard.access_first(presents)
def live_card_create(request: HttpRequest, meeting_id: MeetingId, payload: CardIn):
    """The presenter records an experiment card in their own commitment phase; anyone else,
    or at another time, is refused."""
    actor = actor_for(request)
    card = experiments.card_record(actor=actor, meeting_id=meeting_id, **payload.dict())
    return Status(201, card_out(experiments.card_get(actor=actor, card_id=card.pk)))


@router.post(
    "/sessions/{meeting_id}/cards/{card_id}/reports",
    response={201: CardOut, **WRITE},
    operation_id="live_card_report",
    summary="Report back on an experiment card",
)
@guard.access_first(owns_card)
def live_card_report(
    request: HttpRequest, meeting_id: MeetingId, card_id: CardId, payload: CardReportIn
):
    """In the report-back phase the card's owner adds what they did, what happened, what they
    learned and what next, and may change its status. The card keeps every entry."""
    actor = actor_for(request)
    experiments.card_report(actor=actor, meeting_id=meeting_id, card_id=card_id, **payload.dict())
    return Status(201, card_out(experiments.card_get(actor=actor, card_id=card_id)))


@router.get(
    "/cards/{card_id}",
    response={200: CardOut, **READ},
    operation_id="card_get",
    summary="Get an experiment card and its history",
)
def card_get(request: HttpRequest, card_id: CardId):
    """A card with its whole history: its owner and its set only; 404 for anyone else."""
    return card_out(experiments.card_get(actor=actor_for(request), card_id=card_id))


# Process review ------------------------------------------------------------------------------


class ReviewSheetIn(InputSchema):
    learned: list[Text500] = Field(
        default_factory=list, max_length=3, description="Three things I learned about my problem."
    )
    next_steps: Text2000 = Field("", description="My next steps.")
    others: Text2000 = Field("", description="The most interesting thing about others' problems.")
    set_working: Text2000 = Field("", description="How the set worked.")
    about_me: Text2000 = Field("", description="One thing I learned about myself.")


class ReviewSheetOut(Schema):
    learned: list[str]
    next_steps: str
    others: str
    set_working: str
    about_me: str
    updated_at: datetime | None


Score = Annotated[int, Field(ge=1, le=5)]


class PulseIn(InputSchema):
    trust: Score
    airtime: Score
    questions: Score
    contract: Score


class PulseOut(PulseIn):
    answers_so_far: int = Field(description="How many members have answered (never what).")


class PulseRowOut(Schema):
    meeting_id: int
    starts_at: datetime
    answers: int
    means: dict[str, float] | None = Field(
        description=f"Mean per question; null when fewer than {review.PULSE_MIN_ANSWERS} "
        "members answered."
    )


def sheet_out(sheet) -> dict:
    if sheet is None:
        empty = dict.fromkeys(("next_steps", "others", "set_working", "about_me"), "")
        return {"learned": [], **empty, "updated_at": None}
    fields = ("next_steps", "others", "set_working", "about_me", "updated_at")
    return {"learned": sheet.learned, **{name: getattr(sheet, name) for name in fields}}


@router.get(
    "/sessions/{meeting_id}/review",
    response={200: ReviewSheetOut, **READ_RESTRICTED},
    operation_id="live_review_get",
    summary="Get my review sheet",
)
def live_review_get(request: HttpRequest, meeting_id: MeetingId):
    """The caller's own review sheet for this session (empty until written). Members only."""
    return sheet_out(review.review_sheet_get(actor=actor_for(request), meeting_id=meeting_id))


@router.put(
    "/sessions/{meeting_id}/review",
    response={200: ReviewSheetOut, **WRITE},
    operation_id="live_review_save",
    summary="Save my review sheet",
)
@guard.access_first(member_of_meeting)
def live_review_save(request: HttpRequest, meeting_id: MeetingId, payload: ReviewSheetIn):
    """From the process review on: the member's own sheet, private to them."""
    data = payload.dict()
    learned = data.pop("learned") + ["", "", ""]
    sheet = review.review_sheet_save(
        actor=actor_for(request),
        meeting_id=meeting_id,
        **{f"learned_{n}": learned[n - 1] for n in (1, 2, 3)},
        **data,
    )
    return sheet_out(sheet)


@router.put(
    "/sessions/{meeting_id}/pulse",
    response={200: PulseOut, **WRITE},
    operation_id="live_pulse_answer",
    summary="Answer the set-health pulse",
)
@guard.access_first(member_of_meeting)
def live_pulse_answer(request: HttpRequest, meeting_id: MeetingId, payload: PulseIn):
    """During the process review, each 1 (not at all) to 5 (fully); again replaces."""
    answer = review.pulse_answer(actor=actor_for(request), meeting_id=meeting_id, **payload.dict())
    return {**payload.dict(), "answers_so_far": review.pulse_count(answer.session)}


@router.get(
    "/sets/{group_id}/pulse",
    response={200: list[PulseRowOut], **READ_RESTRICTED},
    operation_id="set_pulse_trend",
    summary="Get the set's pulse trend",
)
def set_pulse_trend(request: HttpRequest, group_id: GroupId):
    """Means per question per ended session, shown only where enough members answered. The
    set's members and facilitator only."""
    _, rows = review.pulse_trend(actor=actor_for(request), group_id=group_id)
    return [row.__dict__ for row in rows]
