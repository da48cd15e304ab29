"""What a live session's screens show: the current phase with its rules and prompts, the
presenter, the clock (as an end time by the server's clock, so that every screen counts down
to the same second), what comes next, and the whole plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.live import protocol, services
from palg.live.models import PULSE_QUESTIONS, LiveSession, ReviewSheet
from palg.people.models import Person
from palg.programmes.models import Meeting, Membership


@dataclass(frozen=True)
class PlanRow:
    index: int
    name: str
    presenter: str
    minutes: float
    current: bool
    done: bool


@dataclass(frozen=True)
class SessionView:
    meeting: Meeting
    session: LiveSession | None
    drives: bool
    status: str
    version: int
    step: protocol.Step | None
    index: int
    count: int
    presenter: Person | None
    next_name: str
    remaining: float | None
    ends_at: datetime | None
    now: datetime
    plan: list[PlanRow]
    members: list[Person]
    listening: bool  # this viewer presents in a phase where the presenter turns away
    bidding_open: bool = False
    bids: list = ()
    my_bid: object | None = None
    ledger: list = ()
    chosen: list = ()  # today's presenters, in speaking order, while they may still change
    is_member: bool = False
    contract: object | None = None  # ContractStatus
    quorum_short: tuple[int, int] | None = None  # (present, quorum) when below it
    space: list = ()  # the current case's shared space, as this viewer sees it
    space_open: bool = False  # the viewer may type into it now
    counts: list = ()  # per member question counts, for those who drive
    harvest: list = ()  # after the end: what was asked and noted for this viewer
    for_me: list = ()  # the presenter's own case, after its question phases: what was asked
    cards: list = ()  # experiment cards made at this session (commitment phases and the end)
    committing: bool = False  # the viewer is the presenter in their commitment phase
    walk: list = ()  # report-back: each present member's cards from earlier meetings
    reporting: bool = False  # the session is in its report-back phase
    reviewing: bool = False  # the session is in its process review
    sheet_open: bool = False  # the viewer (a member) may write their review sheet
    sheet: object | None = None  # the viewer's own review sheet
    pulse_open: bool = False  # the viewer (a member) may answer the pulse
    pulse_mine: object | None = None  # the viewer's own pulse answers
    pulse_count: int = 0  # how many members have answered (never what)
    trend: list = ()  # the set's pulse trend (means only where enough answered)
    viewer_id: int | None = None
    start_refusal: str | None = None  # for those who drive, before the start: why not yet
    presence: object | None = None  # contract.PresenceNow, for those who drive
    poll_ticket: str = ""  # access.poll_ticket_issue: the page's once-a-second version check

    @property
    def pulse_questions(self) -> tuple:
        return PULSE_QUESTIONS

    @property
    def pulse_least(self) -> int:
        from palg.live.review import PULSE_MIN_ANSWERS

        return PULSE_MIN_ANSWERS

    @property
    def pulse_values(self) -> dict[str, int]:
        """The viewer's own pulse answers by question, to show them checked."""
        mine = self.pulse_mine
        return {key: getattr(mine, key) for key, _, _ in PULSE_QUESTIONS} if mine else {}

    @property
    def speaking_text(self) -> str:
        return protocol.SPEAKING_TEXT[self.step.phase.speaking] if self.step else ""

    @property
    def capture_text(self) -> str:
        return protocol.CAPTURE_TEXT[self.step.phase.capture] if self.step else ""

    @property
    def ends_at_ms(self) -> int | None:
        """The step's end by the server's clock, in Unix milliseconds (for the countdown)."""
        return _unix_ms(self.ends_at) if self.ends_at else None

    @property
    def now_ms(self) -> int:
        """The server's clock when the view was made, in Unix milliseconds."""
        return _unix_ms(self.now)

    @property
    def overtime(self) -> bool:
        return self.remaining is not None and self.remaining < 0


def _unix_ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def session_for_meeting(meeting: Meeting) -> LiveSession | None:
    session = LiveSession.objects.filter(meeting=meeting).select_related("driver").first()
    if session is not None:
        session.meeting = meeting  # already loaded with its set, round and programme
    return session


def session_for_id(*, actor: Actor, meeting_id: int) -> LiveSession | None:
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    return LiveSession.objects.filter(meeting=meeting).first()


@dataclass(frozen=True)
class PollState:
    session_id: int | None  # None before the session is prepared
    version: int
    seen_lately: bool  # the viewer's presence was noted within contract.PRESENCE_EVERY


def poll_state(*, actor: Actor, meeting_id: int) -> PollState:
    """What the poll needs, once a second from every screen: the session's version and whether
    the viewer's presence is due to be noted. The set's own members and facilitator (the
    people polling) get it in one query; anyone else goes through
    access.meeting_content_get_for_actor, which answers 404 or 403."""
    from palg.live.contract import PRESENCE_EVERY
    from palg.live.models import Presence

    since = timezone.now() - PRESENCE_EVERY
    if actor.person_id is not None:
        seen = Presence.objects.filter(
            session__meeting=OuterRef("pk"), person_id=actor.person_id, last_seen__gte=since
        )
        row = (
            Meeting.objects.filter(
                access.meetings_open_to_q(actor.person_id),
                pk=meeting_id,
                group__round__programme__organisation_id=actor.organisation_id,
            )
            .annotate(seen=Exists(seen))
            .values("live__id", "live__version", "seen")
            .first()
        )
        if row is not None:
            return PollState(row["live__id"], row["live__version"] or 0, row["seen"])
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    session = LiveSession.objects.filter(meeting=meeting).first()
    if session is None:
        return PollState(None, 0, False)
    seen = session.presence.filter(person_id=actor.person_id, last_seen__gte=since).exists()
    return PollState(session.pk, session.version, seen)


def poll_version(*, ticket: access.PollTicket) -> PollState | None:
    """The version check behind a poll ticket (access.poll_ticket_check has vouched for it):
    one query, with no sign-in to read, for whether presence is due as well. None when the
    ticket's holder no longer reads the meeting (they left the set)."""
    from palg.live.contract import PRESENCE_EVERY
    from palg.live.models import Presence

    seen = Presence.objects.filter(
        session__meeting=OuterRef("pk"),
        person_id=ticket.person_id,
        last_seen__gte=timezone.now() - PRESENCE_EVERY,
    )
    row = (
        Meeting.objects.filter(access.meetings_open_to_q(ticket.person_id), pk=ticket.meeting_id)
        .annotate(seen=Exists(seen))
        .values("live__id", "live__version", "seen")
        .first()
    )
    if row is None:
        return None
    return PollState(row["live__id"], row["live__version"] or 0, row["seen"])


def members_of(actor: Actor, meeting_id: int) -> list[Person]:
    """The set's members (not its facilitator), for those who may see the session."""
    return _members(access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id))


def _members(meeting: Meeting) -> list[Person]:
    memberships = meeting.group.memberships.filter(role=Membership.Role.MEMBER)
    return [m.person for m in memberships.select_related("person").order_by("person__name")]


def _bidding(actor: Actor, session: LiveSession | None) -> dict:
    """Bids, the viewer's own bid and the ledger while bidding is open."""
    from palg.live import bidding

    if not bidding.bidding_open(session):
        return {"bidding_open": False}
    bids = list(session.bids.filter(withdrawn=False).select_related("person")) if session else []
    mine = next((b for b in bids if b.person_id == actor.person_id), None)
    ledger = bidding.ledger(session) if session else []
    chosen = _presenters(session) if session else []
    return {"bidding_open": True, "bids": bids, "my_bid": mine, "ledger": ledger,
            "chosen": chosen}  # fmt: skip


def session_view(*, actor: Actor, meeting_id: int) -> SessionView:
    """The session as this viewer sees it (set members and facilitator only)."""
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    ticket = access.poll_ticket_issue(actor=actor, meeting=meeting)
    session = session_for_meeting(meeting)
    members = _members(meeting)
    now = timezone.now()
    if session is None:
        drives = services.can_drive(actor, LiveSession(meeting=meeting))
        member = _is_member(actor, members)
        refusal = services.start_refusal(meeting, now) if drives else None
        return SessionView(meeting, None, drives, LiveSession.Status.READY, 0, None, 0, 0, None,
                           "", None, None, now, [], members, False, is_member=member,
                           poll_ticket=ticket, start_refusal=refusal,
                           **_bidding(actor, None))  # fmt: skip
    steps = services.steps_of(session)
    index = min(session.step, max(len(steps) - 1, 0))
    step = steps[index] if steps and session.status != LiveSession.Status.READY else None
    presenters = _presenters(session)
    presenter = presenters[step.presenter] if step and step.presenter is not None else None
    remaining = services.remaining_seconds(session, now)
    ends_at = now + timedelta(seconds=remaining) if remaining is not None else None
    listening = bool(step and step.phase.presenter_listens and presenter
                     and presenter.pk == actor.person_id)  # fmt: skip
    drives = services.can_drive(actor, session)
    ready = session.status == LiveSession.Status.READY
    return SessionView(
        meeting=meeting,
        session=session,
        drives=drives,
        status=session.status,
        version=session.version,
        step=step,
        index=index,
        count=len(steps),
        presenter=presenter,
        next_name=steps[index + 1].phase.name if index + 1 < len(steps) else "",
        remaining=remaining,
        ends_at=ends_at,
        now=now,
        plan=_plan(session, steps, presenters, index),
        members=members,
        listening=listening,
        is_member=_is_member(actor, members),
        poll_ticket=ticket,
        start_refusal=services.start_refusal(meeting, now) if drives and ready else None,
        presence=presence_for(session) if drives else None,
        **_bidding(actor, session),
        **_contract(session),
        **_space(actor, session, step, presenter, members, drives),
        **_cycle(actor, session, step, members),
    )


def presence_for(session: LiveSession):
    """Who is here now (contract.PresenceNow), until the session ends."""
    from palg.live import contract

    if session.status == LiveSession.Status.ENDED:
        return None
    return contract.presence_now(session)


def presence_get(*, actor: Actor, meeting_id: int):
    """Who is here now, for those who run the session (403 for anyone else in the set)."""
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    session = session_for_meeting(meeting)
    if not services.can_drive(actor, session or LiveSession(meeting=meeting)):
        raise PermissionDenied(services.MSG_DRIVERS_ONLY)
    return presence_for(session) if session else None


@dataclass(frozen=True)
class EndView:
    """The end step: the session, the set's people with the attendance it suggests, and whether
    the viewer may mark the meeting held (those who record attendance)."""

    meeting: Meeting
    session: LiveSession | None
    memberships: list
    suggested: dict[int, str]
    records: bool

    @property
    def live(self) -> bool:
        running = (LiveSession.Status.RUNNING, LiveSession.Status.PAUSED)
        return self.session is not None and self.session.status in running


def end_view(*, actor: Actor, meeting_id: int) -> EndView:
    from palg.live import contract
    from palg.programmes.selectors import group_members

    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    session = session_for_meeting(meeting)
    if not services.can_drive(actor, session or LiveSession(meeting=meeting)):
        raise PermissionDenied(services.MSG_DRIVERS_ONLY)
    return EndView(
        meeting=meeting,
        session=session,
        memberships=list(group_members(group=meeting.group)),
        suggested=contract.attendance_suggested(session) if session else {},
        records=access.group_can_schedule(actor, meeting.group),
    )


def _cycle(actor, session, step, members) -> dict:
    """Experiment cards, report-back, review sheet and pulse, as this viewer sees them."""
    from palg.live import experiments, review

    ended = session.status == LiveSession.Status.ENDED
    is_member = _is_member(actor, members)
    found: dict = {"viewer_id": actor.person_id}
    if ended or (
        step and step.phase.capture == protocol.Capture.CARD and step.presenter is not None
    ):
        found["cards"] = experiments.cards_made(session)
        found["committing"] = is_member and experiments.committing(session) == actor.person_id
    if experiments.reporting_back(session):
        found["reporting"], found["walk"] = True, experiments.report_walk(session)
    if review.in_review(session) or ended:
        found["reviewing"] = not ended
        found["sheet_open"] = is_member
        found["pulse_open"] = is_member and not ended
        if is_member:
            found["sheet"] = ReviewSheet.objects.filter(
                session=session, author_id=actor.person_id).first()  # fmt: skip
            found["pulse_mine"] = review.pulse_mine(session, actor)
        found["pulse_count"] = review.pulse_count(session)
        found["trend"] = review.trend(session.meeting.group)
    return found


def _space(actor, session, step, presenter, members, drives: bool) -> dict:
    from palg.live import contributions, protocol

    if session.status == LiveSession.Status.ENDED:
        return {"harvest": contributions.harvest(session, actor)}
    if step is None or presenter is None or step.phase.capture != protocol.Capture.HARVEST:
        # The presenter keeps what the set asked them in sight through the rest of their case
        # (their summary and commitment), not only while it is being asked.
        own = presenter is not None and presenter.pk == actor.person_id
        return {
            "counts": contributions.counts(session) if drives else [],
            "for_me": contributions.shared(session, actor, presenter.pk) if own else [],
        }
    is_member = _is_member(actor, members)
    # A presenter who has turned their back sees listening mode, not the notes piling up; the
    # notes reach them in the harvest.
    listening = step.phase.presenter_listens and presenter.pk == actor.person_id
    return {
        "space": [] if listening else contributions.shared(session, actor, presenter.pk),
        "space_open": is_member and presenter.pk != actor.person_id,
        "counts": contributions.counts(session) if drives else [],
    }


def _contract(session: LiveSession) -> dict:
    from palg.live import contract

    live = session.status in (LiveSession.Status.RUNNING, LiveSession.Status.PAUSED)
    return {
        "contract": contract.contract_status(session.meeting.group),
        "quorum_short": contract.below_quorum(session) if live else None,
    }


def _is_member(actor: Actor, members: list[Person]) -> bool:
    return any(p.pk == actor.person_id for p in members)


def _presenters(session: LiveSession) -> list[Person]:
    found = Person.objects.in_bulk(session.presenters)
    return [found[pk] for pk in session.presenters if pk in found]


def _plan(session, steps, presenters, index) -> list[PlanRow]:
    started = session.status != LiveSession.Status.READY
    ended = session.status == LiveSession.Status.ENDED
    rows = []
    for i, step in enumerate(steps):
        who = presenters[step.presenter].name if step.presenter is not None else ""
        rows.append(
            PlanRow(
                index=i,
                name=step.phase.name,
                presenter=who,
                minutes=step.seconds / 60,
                current=started and not ended and i == index,
                done=ended or (started and i < index),
            )
        )
    return rows
