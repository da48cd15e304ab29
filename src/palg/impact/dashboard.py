"""The lead dashboard's panels: metadata the programme's leads already see on its pages,
gathered across the programmes they lead. Closed programmes need no attention and are left out
of every panel but the rates."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from palg.programmes.models import Group, Meeting, Membership, Programme
from palg.scheduling.models import Blackout
from palg.scheduling.selectors import ClosedMeeting, Closure


def _running(programmes: list[Programme]) -> list[Programme]:
    return [p for p in programmes if p.status != Programme.Status.CLOSED]


def week_of(now: datetime) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00, in the site's time zone, around `now`."""
    day = timezone.localtime(now).date()
    monday = day - timedelta(days=day.weekday())
    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(monday + timedelta(days=7), datetime.min.time()))
    return start, end


def meetings_this_week(programmes: list[Programme], now: datetime) -> list[Meeting]:
    start, end = week_of(now)
    return list(
        Meeting.objects.filter(
            group__round__programme__in=_running(programmes),
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("group__round__programme")
        .order_by("starts_at", "id")
    )


def _sets(programmes: list[Programme]):
    return (
        Group.objects.filter(round__programme__in=_running(programmes))
        .select_related("round__programme")
        .order_by("round__programme__name", "round__number", "name")
    )


def sets_without_facilitator(programmes: list[Programme]) -> list[Group]:
    facilitated = Membership.objects.filter(group=OuterRef("pk"), role=Membership.Role.FACILITATOR)
    return list(_sets(programmes).exclude(Exists(facilitated)))


def sets_without_schedule(programmes: list[Programme], now: datetime) -> list[Group]:
    """Sets with no scheduled meeting from now on."""
    upcoming = Meeting.objects.filter(
        group=OuterRef("pk"), status=Meeting.Status.SCHEDULED, starts_at__gte=now
    )
    return list(_sets(programmes).exclude(Exists(upcoming)))


def _closures(programmes: list[Programme]) -> dict[int, list[Closure]]:
    """Each programme's blackouts and its organisation's (palg.scheduling.selectors.
    blackouts_for), for all of them in one query."""
    blackouts = Blackout.objects.filter(
        organisation_id__in={p.organisation_id for p in programmes}
    ).filter(Q(programme=None) | Q(programme__in=programmes))
    found: dict[int, list[Closure]] = {p.pk: [] for p in programmes}
    for b in blackouts:
        for p in programmes:
            if p.organisation_id == b.organisation_id and b.programme_id in (None, p.pk):
                found[p.pk].append(Closure(b.label, b.starts_on, b.ends_on))
    return found


def meetings_in_blackouts(programmes: list[Programme], now: datetime) -> list[ClosedMeeting]:
    """Scheduled meetings from now on that fall, in their programme's time zone, on a day one
    of its blackouts covers (the rule palg.scheduling.selectors.meetings_in_closures applies)."""
    running = _running(programmes)
    closures = _closures(running)
    meetings = (
        Meeting.objects.filter(
            group__round__programme__in=[p for p in running if closures[p.pk]],
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=now,
        )
        .select_related("group__round__programme")
        .order_by("starts_at", "id")
    )
    found = []
    for meeting in meetings:
        programme = meeting.group.round.programme
        day = meeting.starts_at.astimezone(ZoneInfo(programme.time_zone)).date()
        closure = next((c for c in closures[programme.pk] if c.covers(day)), None)
        if closure is not None:
            found.append(ClosedMeeting(meeting, closure))
    return found


def open_waves(programmes: list[Programme], now: datetime) -> list:
    """The running programmes' open survey waves with how many were asked, started and
    finished (palg.surveys.selectors.WaveCount): counts only, never who."""
    from django.db.models import Count

    from palg.surveys.models import Wave
    from palg.surveys.selectors import WaveCount

    running = _running(programmes)
    # A day either side of today covers every time zone; the state decides exactly.
    today = now.date()
    waves = (
        Wave.objects.filter(
            programme__in=running,
            opens_on__lte=today + timedelta(days=1),
            closes_on__gte=today - timedelta(days=1),
        )
        .select_related("programme")
        .annotate(
            started=Count("responses"),
            finished=Count("responses", filter=Q(responses__finished_at__isnull=False)),
        )
        .order_by("closes_on", "pk")
    )
    waves = [wave for wave in waves if wave.is_open(now)]
    if not waves:
        return []
    members = (
        Membership.objects.filter(
            group__round__programme__in={w.programme_id for w in waves},
            role=Membership.Role.MEMBER,
        )
        .values("group__round__programme")
        .annotate(people=Count("person", distinct=True))
    )
    invited = {row["group__round__programme"]: row["people"] for row in members}
    return [
        WaveCount(w, w.state(now), invited.get(w.programme_id, 0), w.started, w.finished)
        for w in waves
    ]
