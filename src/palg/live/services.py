"""Running a live session: prepare it (template and timeboxes), then start, pause, resume, move
to the next or previous phase, extend time, hand facilitation to a member (the set's rota then
names them the meeting's facilitator), end.

A session starts on its meeting's day (from START_EARLY before the meeting, to the end of that
day where the set meets); preparing and bidding are open before then. Ending may mark the
meeting held and record who came, from who had the session open (session_end).

Every control names the `version` of the state it was pressed on. The change is one conditional
UPDATE on that version, so when two facilitators press "next" at once the first moves the
session and the second is refused ("the session has moved on"), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.live import protocol
from palg.live.models import LiveSession
from palg.programmes import selectors, services
from palg.programmes.models import Meeting, Membership

ACTIONS = ("start", "pause", "resume", "next", "previous", "extend", "hand", "end")
MAX_EXTEND_MINUTES = 60
# How long before the meeting its session may start (the set gathers, the facilitator checks in).
START_EARLY = timedelta(hours=3)

MSG_DRIVERS_ONLY = "Only the session's facilitator can run the session."
MSG_MOVED_ON = (
    "The session has moved on since your screen last updated (someone else pressed first). "
    "It is now at {phase}."
)
MSG_UNKNOWN_ACTION = "Unknown action {action!r}: use one of {actions}."
MSG_NOT_RUNNING = "The session is not running."
MSG_NOT_PAUSED = "The session is not paused."
MSG_NOT_STARTED = "The session has not started yet."
MSG_ALREADY_STARTED = "The session has already started."
MSG_ENDED = "The session has ended."
MSG_LAST_PHASE = "This is the last phase: end the session instead."
MSG_FIRST_PHASE = "This is the first phase."
MSG_EXTEND = "Extend by 1 to {most} minutes."
MSG_HAND_TO_MEMBER = "Hand facilitation to a member of this set."
MSG_UNKNOWN_TEMPLATE = "Unknown session template {key!r}."
MSG_BAD_MINUTES = "Timeboxes must be whole minutes from {low} to {high}."
MSG_UNKNOWN_PHASE = "The template has no phase {key!r}."
MSG_NOT_OPTIONAL = "The phase {key!r} cannot be left out."
MSG_PREPARE_BEFORE_START = "Timeboxes can only be changed before the session starts."
MSG_TOO_EARLY = (
    "This meeting is on {day} at {time}: its session can start from {opens}. Until then you "
    "can prepare the plan, and members can bid."
)
MSG_TOO_LATE = (
    "This meeting was on {day}: its session could start until the end of that day. If the set "
    "meets today, move the meeting to today first."
)
MSG_CANCELLED = "This meeting is cancelled: move it back or schedule another to run a session."
MSG_ALREADY_HELD = (
    "This meeting is already marked held. If it has not happened yet, change its status on the "
    "meeting page first."
)
MSG_NOTE_NOT_NOW = "Private notes are taken in the phases whose notes go to your own journal."
MSG_NOTE_EMPTY = "Write your note first."
MSG_NOTE_TOO_LONG = "Keep a note under {most} characters."
NOTE_MAX = 2000
MSG_RECORDS_ONLY = (
    "Only the set's facilitator or a programme lead records attendance: end the session "
    "without it, and they can record it on the meeting page."
)


def template_of(session: LiveSession) -> protocol.Template:
    return protocol.TEMPLATES[session.template].with_minutes(session.minutes)


def steps_of(session: LiveSession) -> list[protocol.Step]:
    return protocol.plan(template_of(session), len(session.presenters), skip=session.skip)


def can_drive(actor: Actor, session: LiveSession) -> bool:
    """The set's facilitator drives, and the member the rota names facilitator of this meeting
    (by the rota, or because facilitation was handed to them). A set without a facilitator runs
    itself: then every member drives."""
    group = session.meeting.group
    role = access.group_membership_role(actor, group)
    if role == Membership.Role.FACILITATOR:
        return True
    if role is None:
        return False
    if actor.person_id == selectors.meeting_facilitator_id(meeting=session.meeting):
        return True
    return not group.memberships.filter(role=Membership.Role.FACILITATOR).exists()


# Preparing -----------------------------------------------------------------------------------


@transaction.atomic
def session_prepare(
    *,
    actor: Actor,
    meeting_id: int,
    template: str | None = None,
    minutes: dict[str, int] | None = None,
    skip: list[str] | None = None,
) -> LiveSession:
    """Open (or adjust, before it starts) the meeting's live session: its template, timeboxes
    and optional phases to leave out. Defaults come from the programme."""
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    session = LiveSession.objects.select_for_update().filter(meeting=meeting).first()
    if session is None:
        programme_template = meeting.group.round.programme.session_template
        session = LiveSession(meeting=meeting, template=programme_template)
        if session.template not in protocol.TEMPLATES:
            session.template = protocol.DEFAULT_TEMPLATE
    if not can_drive(actor, session):
        raise PermissionDenied(MSG_DRIVERS_ONLY)
    if session.status != LiveSession.Status.READY:
        raise ValidationError(MSG_PREPARE_BEFORE_START)
    if template is not None:
        if template not in protocol.TEMPLATES:
            raise ValidationError({"template": MSG_UNKNOWN_TEMPLATE.format(key=template)})
        session.template = template
        session.minutes, session.skip = {}, []
    base = protocol.TEMPLATES[session.template]
    if minutes is not None:
        session.minutes = _clean_minutes(base, minutes)
    if skip is not None:
        session.skip = _clean_skip(base, skip)
    session.version += 1 if session.pk else 0
    session.save()
    return session


def _clean_minutes(template: protocol.Template, minutes: dict) -> dict[str, int]:
    errors = []
    for key, value in minutes.items():
        try:
            template.phase(key)
        except KeyError:
            errors.append(MSG_UNKNOWN_PHASE.format(key=key))
            continue
        if not isinstance(value, int) or not protocol.MIN_MINUTES <= value <= protocol.MAX_MINUTES:
            errors.append(
                MSG_BAD_MINUTES.format(low=protocol.MIN_MINUTES, high=protocol.MAX_MINUTES)
            )
    if errors:
        raise ValidationError({"minutes": errors})
    return {key: value for key, value in minutes.items() if template.phase(key).minutes != value}


def _clean_skip(template: protocol.Template, skip: list[str]) -> list[str]:
    errors = []
    for key in skip:
        try:
            phase = template.phase(key)
        except KeyError:
            errors.append(MSG_UNKNOWN_PHASE.format(key=key))
            continue
        if not phase.optional:
            errors.append(MSG_NOT_OPTIONAL.format(key=key))
    if errors:
        raise ValidationError({"skip": errors})
    return sorted(set(skip))


# Controls ------------------------------------------------------------------------------------


def session_control(
    *,
    actor: Actor,
    meeting_id: int,
    action: str,
    version: int,
    minutes: int | None = None,
    person_id: int | None = None,
    now: datetime | None = None,
) -> LiveSession:
    """Apply one facilitator control to the session pressed at `version`. `now` is the clock's
    time unless a session held earlier is being replayed (the demo's past meetings)."""
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    session = LiveSession.objects.filter(meeting=meeting).first()
    if session is None:
        # Started without preparing: the programme's template as it is. The screen showed
        # version 0, "nothing prepared yet".
        session = session_prepare(actor=actor, meeting_id=meeting_id)
        version = session.version if version == 0 else version
    if not can_drive(actor, session):
        raise PermissionDenied(MSG_DRIVERS_ONLY)
    if action not in ACTIONS:
        actions = ", ".join(ACTIONS)
        raise ValidationError({"action": MSG_UNKNOWN_ACTION.format(action=action, actions=actions)})
    if session.version != version:
        raise ValidationError(MSG_MOVED_ON.format(phase=_phase_name(session)))
    now = now or timezone.now()
    changes = _CHANGES[action](session, now, minutes=minutes, person_id=person_id)
    with transaction.atomic():
        updated = LiveSession.objects.filter(pk=session.pk, version=version).update(
            **changes, version=F("version") + 1, updated_at=now
        )
        if updated and action == "hand":
            # The rota records who facilitates the meeting: handing over changes it.
            services.rota_hand_over(meeting=meeting, person_id=person_id, by_id=actor.person_id)
    session.refresh_from_db()
    if not updated:
        raise ValidationError(MSG_MOVED_ON.format(phase=_phase_name(session)))
    if action == "end":
        from palg.journal.services import journal_harvest_import
        from palg.live.contributions import close

        close(session)
        journal_harvest_import(session=session)  # each presenter's harvest, into their journal
    return session


def _phase_name(session: LiveSession) -> str:
    steps = steps_of(session)
    if session.status == LiveSession.Status.ENDED:
        return "the end"
    if not steps:
        return "the start"
    return steps[min(session.step, len(steps) - 1)].phase.name


def _require_live(session: LiveSession) -> None:
    if session.status == LiveSession.Status.READY:
        raise ValidationError(MSG_NOT_STARTED)
    if session.status == LiveSession.Status.ENDED:
        raise ValidationError(MSG_ENDED)


def start_refusal(meeting: Meeting, now: datetime) -> str | None:
    """Why the meeting's session cannot start now, or None: it starts on the meeting's day, from
    START_EARLY before the meeting to the end of that day (or of the meeting, if later) where the
    set meets; never for a cancelled or held meeting."""
    if meeting.status == Meeting.Status.CANCELLED:
        return MSG_CANCELLED
    if meeting.status == Meeting.Status.HELD:
        return MSG_ALREADY_HELD
    zone = ZoneInfo(meeting.group.round.programme.time_zone)
    starts = meeting.starts_at.astimezone(zone)
    opens = starts - START_EARLY
    end_of_day = datetime.combine(starts.date() + timedelta(days=1), time(), tzinfo=zone)
    closes = max(end_of_day, starts + timedelta(minutes=meeting.duration_minutes))
    day = f"{starts:%A} {starts.day} {starts:%B %Y}"
    if now < opens:
        before = "" if opens.date() == starts.date() else " the day before"
        when = f"{opens:%H:%M}{before}"
        return MSG_TOO_EARLY.format(day=day, time=f"{starts:%H:%M}", opens=when)
    if now >= closes:
        return MSG_TOO_LATE.format(day=day)
    return None


def _start(session: LiveSession, now: datetime, **_) -> dict:
    if session.status != LiveSession.Status.READY:
        raise ValidationError(MSG_ALREADY_STARTED)
    refusal = start_refusal(session.meeting, now)
    if refusal:
        raise ValidationError(refusal)
    return {
        "status": LiveSession.Status.RUNNING,
        "started_at": now,
        "step": 0,
        "step_started_at": now,
        "paused_at": None,
        "extra_seconds": 0,
    }


def _pause(session: LiveSession, now: datetime, **_) -> dict:
    _require_live(session)
    if session.status != LiveSession.Status.RUNNING:
        raise ValidationError(MSG_NOT_RUNNING)
    return {"status": LiveSession.Status.PAUSED, "paused_at": now}


def _resume(session: LiveSession, now: datetime, **_) -> dict:
    _require_live(session)
    if session.status != LiveSession.Status.PAUSED:
        raise ValidationError(MSG_NOT_PAUSED)
    # The clock stood still while paused: its start moves forward by the pause.
    started = session.step_started_at + (now - session.paused_at)
    return {"status": LiveSession.Status.RUNNING, "paused_at": None, "step_started_at": started}


def _moved(session: LiveSession, now: datetime, step: int) -> dict:
    """A new step's clock; a paused session stays paused, its new clock stopped at zero."""
    paused = session.status == LiveSession.Status.PAUSED
    return {"step": step, "step_started_at": now, "paused_at": now if paused else None,
            "extra_seconds": 0}  # fmt: skip


def _next(session: LiveSession, now: datetime, **_) -> dict:
    _require_live(session)
    if session.step + 1 >= len(steps_of(session)):
        raise ValidationError(MSG_LAST_PHASE)
    return _moved(session, now, session.step + 1)


def _previous(session: LiveSession, now: datetime, **_) -> dict:
    _require_live(session)
    if session.step == 0:
        raise ValidationError(MSG_FIRST_PHASE)
    return _moved(session, now, session.step - 1)


def _extend(session: LiveSession, now: datetime, *, minutes: int | None, **_) -> dict:
    _require_live(session)
    if minutes is None or not 1 <= minutes <= MAX_EXTEND_MINUTES:
        raise ValidationError({"minutes": MSG_EXTEND.format(most=MAX_EXTEND_MINUTES)})
    return {"extra_seconds": session.extra_seconds + 60 * minutes}


def _hand(session: LiveSession, now: datetime, *, person_id: int | None, **_) -> dict:
    if session.status == LiveSession.Status.ENDED:
        raise ValidationError(MSG_ENDED)
    members = session.meeting.group.memberships.filter(role=Membership.Role.MEMBER)
    if person_id is None or not members.filter(person_id=person_id).exists():
        raise ValidationError({"person": MSG_HAND_TO_MEMBER})
    return {"driver_id": person_id}


def _end(session: LiveSession, now: datetime, **_) -> dict:
    _require_live(session)
    return {"status": LiveSession.Status.ENDED, "ended_at": now, "paused_at": None}


_CHANGES = {
    "start": _start,
    "pause": _pause,
    "resume": _resume,
    "next": _next,
    "previous": _previous,
    "extend": _extend,
    "hand": _hand,
    "end": _end,
}


@transaction.atomic
def session_end(
    *, actor: Actor, meeting_id: int, attendance: dict[int, str] | None = None
) -> LiveSession:
    """End the session (the confirmed "End the session"); with `attendance` ({person id:
    status}), also mark the meeting held and record who came, all or nothing. Ending does not
    need the version the screen showed: whoever confirms ends the session as it stands."""
    from palg.programmes import services as meetings

    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    session = LiveSession.objects.select_for_update().filter(meeting=meeting).first()
    if session is None:
        raise ValidationError(MSG_NOT_STARTED)
    if not can_drive(actor, session):
        raise PermissionDenied(MSG_DRIVERS_ONLY)
    if attendance is not None and not access.group_can_schedule(actor, meeting.group):
        raise PermissionDenied(MSG_RECORDS_ONLY)
    session = session_control(
        actor=actor, meeting_id=meeting_id, action="end", version=session.version
    )
    if attendance is not None:
        meetings.attendance_record_many(actor=actor, meeting_id=meeting_id, statuses=attendance)
        meetings.meeting_update(actor=actor, meeting_id=meeting_id, status=Meeting.Status.HELD)
    return session


def session_note(*, actor: Actor, meeting_id: int, text: str):
    """A private note taken in a phase whose capture is the member's own journal (the
    presentation, the presenter's summary): it becomes a free entry in the author's journal,
    which nobody else reads."""
    from django.utils.formats import date_format

    from palg.journal.services import journal_entry_create

    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    session = LiveSession.objects.filter(meeting=meeting).first()
    running = (LiveSession.Status.RUNNING, LiveSession.Status.PAUSED)
    if session is None or session.status not in running:
        raise ValidationError(MSG_NOTE_NOT_NOW)
    step = steps_of(session)[session.step]
    if step.phase.capture != protocol.Capture.PRIVATE:
        raise ValidationError(MSG_NOTE_NOT_NOW)
    text = text.strip()
    if not text:
        raise ValidationError({"text": MSG_NOTE_EMPTY})
    if len(text) > NOTE_MAX:
        raise ValidationError({"text": MSG_NOTE_TOO_LONG.format(most=NOTE_MAX)})
    day = date_format(timezone.localtime(meeting.starts_at), "j F Y")
    title = f"Notes: {meeting.group.name}, {day} ({step.phase.name})"
    return journal_entry_create(actor=actor, title=title, body=text)


def remaining_seconds(session: LiveSession, now: datetime | None = None) -> float | None:
    """Seconds left in the current step by the server's clock (negative when over time); None
    before the start and after the end."""
    if session.status in (LiveSession.Status.READY, LiveSession.Status.ENDED):
        return None
    steps = steps_of(session)
    if not steps:
        return None
    step = steps[min(session.step, len(steps) - 1)]
    clock = session.paused_at or now or timezone.now()
    elapsed = (clock - session.step_started_at) / timedelta(seconds=1)
    return step.seconds + session.extra_seconds - elapsed
