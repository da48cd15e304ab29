"""The planner: which notices are due now, inserted once per key (palg.notify.services).

It runs every few seconds from `palg worker` (palg.notify.tasks) and may run in several workers
at once: it only ever inserts rows whose key is new, so running it again, or twice at the same
moment, changes nothing. Each rule looks at the current state, so a meeting moved before its
invitation went out gets the invitation for where it is now.

- Invitation: each member and facilitator of a set, for each scheduled meeting still ahead,
  once per SEQUENCE of the meeting (scheduling it is SEQUENCE 0; a move bumps it).
- Cancellation: a cancelled meeting still ahead, to everyone who was sent an invitation to it.
- Reminder: two days before a scheduled meeting, to each member and facilitator.
- Nudge: halfway between an open card's creation and the start of its due day (in the
  programme's time zone), to its owner; cards with less than two days to run get none.
- Summary: to each facilitator of the set, once its live session has ended (sessions that
  ended up to three days ago, so a worker that was down catches up, and switching palg.notify
  on does not mail every session of the past).
- Account invitation: each open invitation to make an account, once per send
  (palg.accounts.invitations queues it too when it is sent; the key keeps one of the two).
- Survey invitation: each participant (set member) of a programme, once per wave, while the
  wave is open (palg.surveys).
- Survey reminder: one, three days before an open wave closes, to each participant who has
  not finished answering it.
"""

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from palg import dates
from palg.accounts.invitations import notice_fields
from palg.accounts.models import Invitation
from palg.live.models import ExperimentCard, LiveSession
from palg.notify.models import Notice
from palg.notify.services import notices_create
from palg.people.models import Person
from palg.programmes.models import Meeting, Membership

REMINDER_BEFORE = timedelta(days=2)
NUDGE_MIN_SPAN = timedelta(days=2)
SUMMARY_LOOKBACK = timedelta(days=3)
Kind = Notice.Kind


def notices_plan(*, now: datetime | None = None) -> int:
    """Insert every notice that is due by `now` and not planned yet; how many were new."""
    now = now or timezone.now()
    notices = [
        *_invitations(now),
        *_cancellations(now),
        *_reminders(now),
        *_nudges(now),
        *_summaries(now),
        *_account_invitations(now),
        *_wave_notices(now),
    ]
    return notices_create(notices=notices)


def _people_of(meetings) -> Iterator[tuple[Meeting, int]]:
    for meeting in meetings.prefetch_related("group__memberships"):
        for membership in meeting.group.memberships.all():
            yield meeting, membership.person_id


def _invitations(now: datetime) -> Iterator[Notice]:
    # Meetings outside palg.dates' window (stored before it was enforced) get no calendar file.
    ahead = Meeting.objects.filter(
        dates.in_window("starts_at"), status=Meeting.Status.SCHEDULED, starts_at__gt=now
    )
    for meeting, person_id in _people_of(ahead):
        yield Notice(
            key=f"invite:meeting:{meeting.pk}:person:{person_id}:seq:{meeting.sequence}",
            kind=Kind.INVITATION,
            recipient_id=person_id,
            meeting=meeting,
            sequence=meeting.sequence,
            due_at=now,
        )


def _cancellations(now: datetime) -> Iterator[Notice]:
    invited = (
        Notice.objects.filter(
            kind=Kind.INVITATION,
            status=Notice.Status.SENT,
            meeting__status=Meeting.Status.CANCELLED,
            meeting__starts_at__gt=now,
            meeting__starts_at__lt=dates.END_MOMENT,
        )
        .values_list("meeting_id", "meeting__sequence", "recipient_id")
        .distinct()
    )
    for meeting_id, sequence, person_id in invited:
        yield Notice(
            key=f"cancel:meeting:{meeting_id}:person:{person_id}:seq:{sequence}",
            kind=Kind.CANCELLATION,
            recipient_id=person_id,
            meeting_id=meeting_id,
            sequence=sequence,
            due_at=now,
        )


def _reminders(now: datetime) -> Iterator[Notice]:
    soon = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + REMINDER_BEFORE
    )
    for meeting, person_id in _people_of(soon):
        yield Notice(
            key=f"reminder:meeting:{meeting.pk}:person:{person_id}",
            kind=Kind.REMINDER,
            recipient_id=person_id,
            meeting=meeting,
            due_at=meeting.starts_at - REMINDER_BEFORE,
        )


def halfway(card: ExperimentCard) -> datetime | None:
    """When a card's nudge is due: halfway from its creation to the start of its due day, in
    its programme's zone. None when it has less than NUDGE_MIN_SPAN to run."""
    zone = ZoneInfo(card.programme.time_zone)
    span = datetime.combine(card.due, time.min, tzinfo=zone) - card.created_at
    return card.created_at + span / 2 if span >= NUDGE_MIN_SPAN else None


def _nudges(now: datetime) -> Iterator[Notice]:
    cards = ExperimentCard.objects.filter(
        status__in=ExperimentCard.OPEN, due__gte=timezone.localdate(now)
    ).select_related("programme")
    opted_out = set(
        Person.objects.filter(notice_preference__nudges=False).values_list("pk", flat=True)
    )
    for card in cards:
        due_at = halfway(card)
        if due_at is None or due_at > now:
            continue
        skipped = card.owner_id in opted_out
        yield Notice(
            key=f"nudge:card:{card.pk}",
            kind=Kind.NUDGE,
            recipient_id=card.owner_id,
            card=card,
            due_at=due_at,
            status=Notice.Status.SKIPPED if skipped else Notice.Status.PENDING,
            last_error="Nudges turned off." if skipped else "",
        )


def _summaries(now: datetime) -> Iterator[Notice]:
    ended = LiveSession.objects.filter(
        status=LiveSession.Status.ENDED, ended_at__gte=now - SUMMARY_LOOKBACK
    ).select_related("meeting")
    for session in ended:
        facilitators = Membership.objects.filter(
            group_id=session.meeting.group_id, role=Membership.Role.FACILITATOR
        ).values_list("person_id", flat=True)
        for person_id in facilitators:
            yield Notice(
                key=f"summary:session:{session.pk}:person:{person_id}",
                kind=Kind.SUMMARY,
                recipient_id=person_id,
                session=session,
                meeting_id=session.meeting_id,
                due_at=session.ended_at,
            )


def _account_invitations(now: datetime) -> Iterator[Notice]:
    open_ = Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    )
    for invitation in open_:
        yield Notice(**notice_fields(invitation, now=invitation.sent_at))


WAVE_REMINDER_BEFORE = timedelta(days=3)


def _wave_notices(now: datetime) -> Iterator[Notice]:
    from palg.surveys.models import Response, Wave
    from palg.surveys.selectors import participants_of

    # A day either side covers every time zone; is_open decides in the programme's own.
    today = now.date()
    candidates = Wave.objects.filter(
        opens_on__lte=today + timedelta(days=1), closes_on__gte=today - timedelta(days=1)
    ).select_related("programme")
    for wave in candidates:
        if not wave.is_open(now):
            continue
        people = participants_of(wave.programme)
        for person_id in sorted(people):
            yield Notice(
                key=f"wave:{wave.pk}:person:{person_id}:invite",
                kind=Kind.WAVE_INVITATION,
                recipient_id=person_id,
                wave=wave,
                due_at=wave.opens_at,
            )
        remind_at = wave.closes_at - WAVE_REMINDER_BEFORE
        if now < remind_at:
            continue
        finished = set(
            Response.objects.filter(wave=wave, finished_at__isnull=False).values_list(
                "respondent__person_id", flat=True
            )
        )
        for person_id in sorted(people - finished):
            yield Notice(
                key=f"wave:{wave.pk}:person:{person_id}:remind",
                kind=Kind.WAVE_REMINDER,
                recipient_id=person_id,
                wave=wave,
                due_at=remind_at,
            )
