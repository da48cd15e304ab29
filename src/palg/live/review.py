"""The process review that closes a session: each member's individual review sheet (method
guide §8), private to its author, and a four-question set-health pulse.

The pulse is shown to the set as a trend of means per question per session, never as anyone's
answers: a session's means appear only once the session has ended (so nobody can watch them
move as each member answers) and only when at least PULSE_MIN_ANSWERS members answered. Leads,
sponsors, admins and other sets see nothing of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, F

from palg import access
from palg.access import Actor
from palg.journal.services import journal_review_import
from palg.live import protocol
from palg.live.experiments import current_step
from palg.live.models import PULSE_QUESTIONS, LiveSession, PulseAnswer, ReviewSheet
from palg.programmes.models import Group, Meeting, Membership

PULSE_MIN_ANSWERS = 3
PULSE_KEYS = tuple(key for key, _, _ in PULSE_QUESTIONS)
SHEET_FIELDS = ("learned_1", "learned_2", "learned_3", "next_steps", "others", "set_working",
                "about_me")  # fmt: skip

MSG_MEMBERS_REVIEW = "The review sheet and the pulse are for the set's members."
MSG_NOT_REVIEW = "The review sheet opens at the session's process review."
MSG_PULSE_CLOSED = "The pulse is answered during the process review, before the session ends."
MSG_EMPTY_SHEET = "Write at least one line before saving."
MSG_TOO_LONG = "Keep it under {most} characters."
MSG_SCALE = "Answer from 1 (not at all) to 5 (fully)."


def _member_session(actor: Actor, meeting_id: int) -> tuple[Meeting, LiveSession | None]:
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    if access.group_membership_role(actor, meeting.group) != Membership.Role.MEMBER:
        raise PermissionDenied(MSG_MEMBERS_REVIEW)
    return meeting, LiveSession.objects.filter(meeting=meeting).first()


def in_review(session: LiveSession | None) -> bool:
    """Whether the session stands at its process review (a phase whose answers the set sees as
    aggregates only)."""
    step = current_step(session)
    return step is not None and step.phase.capture == protocol.Capture.AGGREGATE


def sheet_open(session: LiveSession | None) -> bool:
    """Members write their sheet from the process review on, and after the session ends."""
    return session is not None and (in_review(session) or session.status == "ended")


@transaction.atomic
def review_sheet_save(*, actor: Actor, meeting_id: int, **answers: str) -> ReviewSheet:
    """Save the member's own review sheet for this session (theirs alone to read)."""
    _, session = _member_session(actor, meeting_id)
    if not sheet_open(session):
        raise ValidationError(MSG_NOT_REVIEW)
    unknown = set(answers) - set(SHEET_FIELDS)
    if unknown:
        raise TypeError(f"unknown review sheet fields: {sorted(unknown)}")
    errors, values = {}, {}
    for name in SHEET_FIELDS:
        value = (answers.get(name) or "").strip()
        most = ReviewSheet._meta.get_field(name).max_length
        if len(value) > most:
            errors[name] = MSG_TOO_LONG.format(most=most)
        values[name] = value
    if not errors and not any(values.values()):
        errors["__all__"] = MSG_EMPTY_SHEET
    if errors:
        raise ValidationError(errors)
    sheet, _ = ReviewSheet.objects.update_or_create(
        session=session, author_id=actor.person_id, defaults=values
    )
    journal_review_import(sheet=sheet)  # the author's journal keeps (and follows) the sheet
    return sheet


def review_sheet_get(*, actor: Actor, meeting_id: int) -> ReviewSheet | None:
    """The member's own sheet for this session, if they wrote one."""
    _, session = _member_session(actor, meeting_id)
    if session is None:
        return None
    return ReviewSheet.objects.filter(session=session, author_id=actor.person_id).first()


@transaction.atomic
def pulse_answer(*, actor: Actor, meeting_id: int, **scores: int | None) -> PulseAnswer:
    """The member's pulse for this session (asked again, it replaces their earlier answers)."""
    _, session = _member_session(actor, meeting_id)
    if not in_review(session):
        raise ValidationError(MSG_PULSE_CLOSED)
    errors = {}
    for key in PULSE_KEYS:
        value = scores.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            errors[key] = MSG_SCALE
    if errors:
        raise ValidationError(errors)
    answer, created = PulseAnswer.objects.update_or_create(
        session=session, person_id=actor.person_id, defaults={k: scores[k] for k in PULSE_KEYS}
    )
    if created:
        # The count of answers on every screen changed (never the answers): a new version makes
        # each page's poll fetch it.
        LiveSession.objects.filter(pk=session.pk).update(version=F("version") + 1)
    return answer


def pulse_mine(session: LiveSession, actor: Actor) -> PulseAnswer | None:
    return PulseAnswer.objects.filter(session=session, person_id=actor.person_id).first()


def pulse_count(session: LiveSession) -> int:
    return PulseAnswer.objects.filter(session=session).count()


# The trend -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PulseRow:
    """One ended session of the set: how many members answered and, when enough did, the mean
    per question (None when hidden)."""

    meeting_id: int
    starts_at: datetime
    answers: int
    means: dict[str, float] | None

    @property
    def hidden(self) -> bool:
        return self.means is None


def _group_for_content(actor: Actor, group_id: int) -> Group:
    group = access.group_get_for_actor(actor=actor, group_id=group_id)
    if not access.group_reads_content(actor, group):
        raise PermissionDenied(access.MSG_CONTENT)
    return group


def trend(group: Group) -> list[PulseRow]:
    """The set's pulse across its ended sessions, oldest first; means only where at least
    PULSE_MIN_ANSWERS members answered."""
    means = {f"mean_{key}": Avg(f"pulse__{key}") for key in PULSE_KEYS}
    sessions = (
        LiveSession.objects.filter(meeting__group=group, status=LiveSession.Status.ENDED)
        .annotate(answers=Count("pulse"), **means)
        .order_by("meeting__starts_at", "pk")
        .values("meeting_id", "meeting__starts_at", "answers", *means)
    )
    return [
        PulseRow(
            meeting_id=row["meeting_id"],
            starts_at=row["meeting__starts_at"],
            answers=row["answers"],
            means={key: round(row[f"mean_{key}"], 1) for key in PULSE_KEYS}
            if row["answers"] >= PULSE_MIN_ANSWERS
            else None,
        )
        for row in sessions
    ]


def pulse_trend(*, actor: Actor, group_id: int) -> tuple[Group, list[PulseRow]]:
    """The set's own pulse trend: its members and facilitator only (403 for those who oversee
    the programme, 404 for everyone else), over the meetings held since they joined."""
    group = _group_for_content(actor, group_id)
    readable = set(access.content_meetings_for_actor(actor, group).values_list("pk", flat=True))
    return group, [row for row in trend(group) if row.meeting_id in readable]


def review_sheet_delete(*, session_id: int, author_id: int) -> None:
    """The author deleted the journal entry that holds their sheet: the sheet goes too
    (palg.journal.services.journal_entry_delete), so it is readable nowhere."""
    ReviewSheet.objects.filter(session_id=session_id, author_id=author_id).delete()
