"""The raw counts behind the impact figures, for several programmes (or one set) in a fixed
number of queries. Nothing here is shown as it is: palg.impact.selectors releases each figure
through palg.impact.floor for its audience.

Definitions (the README's "Impact" section states them for readers):
- Attendance rate: present / recorded attendances, cancelled meetings left out.
- Experiments committed: experiment cards; reported back: cards with at least one report-back;
  completed and dropped: cards whose status is done or dropped now.
- Days to report-back: from the day a card was made to the day of its first report-back.
- A learning cycle is a report-back with "what I learned" filled (palg.live.experiments).
- Member-months: for each set membership as a member, the part of each calendar month from
  the later of joining and the programme's start to today (both included), a whole month
  counting 1. Someone who has left a set no longer has a membership, so no longer counts.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Min, Q
from django.utils import timezone

from palg.live.models import CardEntry, ExperimentCard
from palg.programmes.models import Attendance, Meeting, Membership, Programme


def month_of(day: date) -> date:
    return day.replace(day=1)


def month_fractions(start: date, end: date) -> dict[date, float]:
    """The share of each calendar month covered by the days `start`..`end` (both included)."""
    found: dict[date, float] = {}
    day = start
    while day <= end:
        length = calendar.monthrange(day.year, day.month)[1]
        last = min(day.replace(day=length), end)
        found[month_of(day)] = ((last - day).days + 1) / length
        day = date.fromordinal(last.toordinal() + 1)
    return found


@dataclass
class Pool:
    """Counts for one programme, or one set; the sets and people each figure rests on."""

    present: int = 0
    recorded: int = 0
    attendees: set[int] = field(default_factory=set)
    attendance_sets: set[int] = field(default_factory=set)
    committed: int = 0
    reported_back: int = 0
    completed: int = 0
    dropped: int = 0
    owners: set[int] = field(default_factory=set)
    card_sets: set[int] = field(default_factory=set)
    report_days: list[int] = field(default_factory=list)
    reporters: set[int] = field(default_factory=set)
    reporter_sets: set[int] = field(default_factory=set)
    cycles: int = 0
    cycles_by_month: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    member_months: float = 0.0
    members: set[int] = field(default_factory=set)
    member_sets: set[int] = field(default_factory=set)
    # month -> member-months, and the people and sets behind them, for the L >= C series.
    months: dict[date, float] = field(default_factory=lambda: defaultdict(float))
    month_members: dict[date, set[int]] = field(default_factory=lambda: defaultdict(set))
    month_sets: dict[date, set[int]] = field(default_factory=lambda: defaultdict(set))
    start: date | None = None


def programme_starts(programmes: list[Programme]) -> dict[int, date | None]:
    """Each programme's start: its start date, else the day of its first meeting."""
    firsts = dict(
        Meeting.objects.filter(group__round__programme__in=programmes)
        .exclude(status=Meeting.Status.CANCELLED)
        .values("group__round__programme_id")
        .annotate(first=Min("starts_at"))
        .values_list("group__round__programme_id", "first")
    )
    return {
        p.pk: p.start_date or (timezone.localdate(firsts[p.pk]) if p.pk in firsts else None)
        for p in programmes
    }


def pools(
    programmes: list[Programme],
    *,
    today: date,
    group_id: int | None = None,
    cards: Q | None = None,
) -> dict[int, Pool]:
    """A Pool per programme; with `group_id`, of that set only, and with `cards`, of the
    experiment cards that filter lets through (what a set member may read)."""
    found = {p.pk: Pool() for p in programmes}
    starts = programme_starts(programmes)
    for pid, start in starts.items():
        found[pid].start = start
    where = {"group_id": group_id} if group_id else {}
    _attendance(found, where)
    card_ids = _cards(found, where, cards)
    _reports(found, card_ids, today)
    _membership(found, where, starts, today)
    return found


def _attendance(found: dict[int, Pool], where: dict) -> None:
    rows = (
        Attendance.objects.filter(
            meeting__group__round__programme_id__in=found,
            **{f"meeting__{k}": v for k, v in where.items()},
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .values_list(
            "meeting__group__round__programme_id", "meeting__group_id", "person_id", "status"
        )  # fmt: skip
    )
    for pid, gid, person, status in rows:
        pool = found[pid]
        pool.recorded += 1
        pool.present += status == Attendance.Status.PRESENT
        pool.attendees.add(person)
        pool.attendance_sets.add(gid)


def _cards(found: dict[int, Pool], where: dict, cards: Q | None) -> dict[int, tuple]:
    qs = ExperimentCard.objects.filter(programme_id__in=found, **where)
    if cards is not None:
        qs = qs.filter(cards)
    rows = qs.values_list("pk", "programme_id", "group_id", "owner_id", "status", "created_at")
    by_id = {}
    for pk, pid, gid, owner, status, created_at in rows:
        pool = found[pid]
        pool.committed += 1
        pool.completed += status == ExperimentCard.Status.DONE
        pool.dropped += status == ExperimentCard.Status.DROPPED
        pool.owners.add(owner)
        pool.card_sets.add(gid)
        by_id[pk] = (pid, gid, owner, timezone.localdate(created_at))
    return by_id


def _reports(found: dict[int, Pool], card_ids: dict[int, tuple], today: date) -> None:
    reports = CardEntry.objects.filter(card_id__in=card_ids, kind=CardEntry.Kind.REPORT)
    first = reports.order_by().values("card_id").annotate(first=Min("created_at"))
    for row in first:
        pid, gid, owner, made = card_ids[row["card_id"]]
        pool = found[pid]
        pool.reported_back += 1
        pool.report_days.append((timezone.localdate(row["first"]) - made).days)
        pool.reporters.add(owner)
        pool.reporter_sets.add(gid)
    for card_id, at in reports.exclude(learned="").values_list("card_id", "created_at"):
        day = timezone.localdate(at)
        if day > today:
            continue
        pool = found[card_ids[card_id][0]]
        pool.cycles += 1
        pool.cycles_by_month[month_of(day)] += 1


def _membership(found: dict[int, Pool], where: dict, starts: dict, today: date) -> None:
    rows = Membership.objects.filter(
        group__round__programme_id__in=found, role=Membership.Role.MEMBER, **where
    ).values_list("group__round__programme_id", "group_id", "person_id", "joined_at")
    for pid, gid, person, joined in rows:
        pool, start = found[pid], starts[pid]
        pool.members.add(person)
        pool.member_sets.add(gid)
        if start is None:
            continue
        since = max(timezone.localdate(joined), start)
        for month, share in month_fractions(since, today).items():
            pool.member_months += share
            pool.months[month] += share
            pool.month_members[month].add(person)
            pool.month_sets[month].add(gid)
