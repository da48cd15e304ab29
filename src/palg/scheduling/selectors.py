"""Reads for scheduling: a set's common slot, the blackouts that apply to a programme, other
sets' meetings that share people with a set, and a person's meetings for their feed. Callers
have checked access; these take model instances."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from palg import dates
from palg.people.models import Person
from palg.people.slots import SLOTS
from palg.programmes.models import BOUNDS, Group, Meeting, Membership, Programme
from palg.scheduling.models import Blackout
from palg.scheduling.series import Busy, Closure, after


def group_common_slots(*, group: Group) -> list[str]:
    """The weekly slots every member of the set is free in, in canonical order (the first is
    the one forming reported). Members who gave no availability are free in every slot, as
    in forming; a set where nobody gave any has no common slot."""
    given = [
        set(availability)
        for availability in Membership.objects.filter(
            group=group, role=Membership.Role.MEMBER
        ).values_list("person__availability", flat=True)
        if availability
    ]
    if not given:
        return []
    return [slot for slot in SLOTS if all(slot in free for free in given)]


def blackouts_for(*, programme: Programme) -> QuerySet[Blackout]:
    """The programme's own blackouts and its organisation's, by date."""
    return Blackout.objects.filter(
        Q(programme=programme) | Q(programme=None, organisation_id=programme.organisation_id)
    ).select_related("programme")


def closures_for(*, programme: Programme) -> list[Closure]:
    return [Closure(b.label, b.starts_on, b.ends_on) for b in blackouts_for(programme=programme)]


@dataclass(frozen=True)
class OtherMeeting:
    """What a clash names: who, in which other set, in which role in each."""

    person: Person
    role_here: str
    role_there: str
    group: Group
    meeting: Meeting


def busy_elsewhere(*, group: Group, since: datetime, until: datetime) -> list[Busy]:
    """Meetings of other sets, not cancelled, that someone in `group` is also in and that start
    in the window (widened by the longest meeting, so one running into it counts)."""
    mine = dict(Membership.objects.filter(group=group).values_list("person_id", "role"))
    theirs = (
        Membership.objects.filter(person_id__in=mine).exclude(group=group).select_related("person")
    )
    by_group = defaultdict(list)
    for membership in theirs:
        by_group[membership.group_id].append(membership)
    longest = timedelta(minutes=BOUNDS["duration_minutes"][1])
    meetings = (
        Meeting.objects.filter(
            group_id__in=by_group, starts_at__gt=since - longest, starts_at__lt=until
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("group__round__programme")
    )
    busy = []
    for meeting in meetings:
        ends_at = after(meeting.starts_at, meeting.duration_minutes)
        for membership in by_group[meeting.group_id]:
            about = OtherMeeting(
                person=membership.person,
                role_here=mine[membership.person_id],
                role_there=membership.role,
                group=meeting.group,
                meeting=meeting,
            )
            busy.append(Busy(meeting.starts_at, ends_at, about))
    return busy


def person_meetings(*, person_id: int, organisation_id: int) -> QuerySet[Meeting]:
    """Every meeting of every set the person is in, cancelled ones too, for their feed. Like
    every calendar file, it leaves out meetings outside palg.dates' window (stored before it
    was enforced), which no calendar arithmetic can be trusted with."""
    return (
        Meeting.objects.filter(
            dates.in_window("starts_at"),
            group__memberships__person_id=person_id,
            group__round__programme__organisation_id=organisation_id,
        )
        .select_related("group__round__programme")
        .distinct()
        .order_by("starts_at", "id")
    )


def group_meetings(*, group: Group) -> QuerySet[Meeting]:
    return group.meetings.select_related("group__round__programme").order_by("starts_at", "id")


def group_calendar(*, group: Group) -> QuerySet[Meeting]:
    """The set's meetings for its calendar file: those inside palg.dates' window."""
    return group_meetings(group=group).filter(dates.in_window("starts_at"))


def group_facilitator(*, group: Group) -> Person | None:
    membership = (
        Membership.objects.filter(group=group, role=Membership.Role.FACILITATOR)
        .select_related("person")
        .order_by("person__name", "id")
        .first()
    )
    return membership.person if membership else None


@dataclass(frozen=True)
class ClosedMeeting:
    """A scheduled meeting on a day a blackout covers, with the first such blackout."""

    meeting: Meeting
    closure: Closure


def meetings_in_closures(*, group: Group, meetings=None) -> list[ClosedMeeting]:
    """The set's scheduled meetings (held and cancelled ones are done with) that fall, in the
    programme's time zone, on a day one of its blackouts covers: the check the schedule
    proposal skips closures with (`Closure.covers`), for meetings already on the calendar.
    `meetings` saves a query when the caller has them."""
    programme = group.round.programme
    closures = closures_for(programme=programme)
    if not closures:
        return []
    if meetings is None:
        meetings = Meeting.objects.filter(group=group).order_by("starts_at")
    zone = ZoneInfo(programme.time_zone)
    found = []
    for meeting in meetings:
        if meeting.status != Meeting.Status.SCHEDULED:
            continue
        day = meeting.starts_at.astimezone(zone).date()
        closure = next((c for c in closures if c.covers(day)), None)
        if closure is not None:
            found.append(ClosedMeeting(meeting, closure))
    return found
