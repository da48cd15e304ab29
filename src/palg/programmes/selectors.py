"""Reads for programmes, sets and meetings, always through palg.access."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.people.models import Person
from palg.programmes import norms, rota
from palg.programmes.models import (
    Attendance,
    FacilitationModel,
    FadingPlan,
    Group,
    Meeting,
    MeetingRecord,
    Membership,
    MembershipChange,
    Programme,
    ProgrammeRole,
    RotaEntry,
)


def programme_list(*, actor: Actor) -> QuerySet[Programme]:
    return (
        access.programmes_for_actor(actor)
        .annotate(group_count=Count("rounds__groups", distinct=True))
        .order_by("-created_at", "id")
    )


def programme_warnings(*, programme: Programme) -> list[norms.Warning]:
    """Design warnings plus gaps over 8 weeks in any set's scheduled meetings."""
    found = norms.design_warnings(
        min_group_size=programme.min_group_size,
        max_group_size=programme.max_group_size,
        meeting_count=programme.meeting_count,
        cadence_weeks=programme.cadence_weeks,
    )
    groups = Group.objects.filter(round__programme=programme).prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.exclude(status=Meeting.Status.CANCELLED))
    )
    for group in groups:
        found += norms.schedule_gap_warnings(
            group.name, [m.starts_at for m in group.meetings.all()]
        )
    return found


def group_list(*, actor: Actor, programme: Programme) -> QuerySet[Group]:
    return (
        access.groups_for_actor(actor, programme)
        .annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("person"))
        )
        .order_by("round__number", "name")
    )


def group_members(*, group: Group) -> QuerySet[Membership]:
    return group.memberships.select_related("person").order_by("-role", "person__name")


def membership_changes(*, group: Group) -> QuerySet[MembershipChange]:
    """Who joined and left the set, and who changed whose role, newest first: metadata for
    everyone who sees the set."""
    return group.membership_changes.select_related("person", "by").order_by("-at", "-id")


def meeting_list(*, group: Group) -> QuerySet[Meeting]:
    return group.meetings.prefetch_related("attendance").order_by("starts_at")


def meeting_record_get(*, actor: Actor, meeting_id: int) -> MeetingRecord:
    """The set's record of a meeting; an empty, unsaved record if nobody has written one yet."""
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    record = MeetingRecord.objects.filter(meeting=meeting).first()
    return record or MeetingRecord(meeting=meeting, text="")


# Page-level reads for the web UI ----------------------------------------------------------


def planned_end(programme: Programme) -> date | None:
    """The date of the last planned meeting, from the start date, cadence and meeting count."""
    if programme.start_date is None:
        return None
    spans = max(programme.meeting_count - 1, 0)
    return programme.start_date + timedelta(weeks=programme.cadence_weeks * spans)


def programme_people(*, programme: Programme) -> dict[str, list[Person]]:
    """Leads, sponsors and facilitators of a programme, by role (metadata every viewer sees)."""
    shown = (ProgrammeRole.Role.LEAD, ProgrammeRole.Role.SPONSOR, ProgrammeRole.Role.FACILITATOR)
    people: dict[str, list[Person]] = {role: [] for role in shown}
    roles = (
        ProgrammeRole.objects.filter(programme=programme, role__in=shown)
        .select_related("person")
        .order_by("person__name")
    )
    for role in roles:
        people[role.role].append(role.person)
    return people


def _upcoming(prefix: str = "") -> Q:
    return Q(
        **{f"{prefix}status": Meeting.Status.SCHEDULED, f"{prefix}starts_at__gte": timezone.now()}
    )


def group_summaries(*, actor: Actor, programme: Programme) -> QuerySet[Group]:
    """The sets the actor may see, with member counts and the start of each one's next meeting."""
    return group_list(actor=actor, programme=programme).annotate(
        next_meeting_at=Min("meetings__starts_at", filter=_upcoming("meetings__"))
    )


def next_meeting(*, group: Group) -> Meeting | None:
    return group.meetings.filter(_upcoming()).order_by("starts_at").first()


@dataclass(frozen=True)
class ProgrammeStats:
    """Aggregates a sponsor may see: counts and rates, never content."""

    sets: int = 0
    participants: int = 0
    meetings_held: int = 0
    meetings_scheduled: int = 0
    present: int = 0
    recorded: int = 0

    @property
    def attendance_rate(self) -> int | None:
        """Percentage of recorded attendances that were 'present', or None if none recorded."""
        return round(100 * self.present / self.recorded) if self.recorded else None


def programme_stats(*, programme_ids: Iterable[int]) -> dict[int, ProgrammeStats]:
    """Aggregates for several programmes in a fixed number of queries."""
    ids = list(programme_ids)
    counts: dict[int, dict[str, int]] = {pid: {} for pid in ids}
    sets = (
        Group.objects.filter(round__programme_id__in=ids)
        .values("round__programme_id")
        .annotate(n=Count("id"))
    )
    for row in sets:
        counts[row["round__programme_id"]]["sets"] = row["n"]
    participants = (
        Membership.objects.filter(group__round__programme_id__in=ids, role=Membership.Role.MEMBER)
        .values("group__round__programme_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    for row in participants:
        counts[row["group__round__programme_id"]]["participants"] = row["n"]
    meetings = (
        Meeting.objects.filter(group__round__programme_id__in=ids)
        .values("group__round__programme_id")
        .annotate(
            held=Count("id", filter=Q(status=Meeting.Status.HELD)),
            scheduled=Count("id", filter=Q(status=Meeting.Status.SCHEDULED)),
        )
    )
    for row in meetings:
        counts[row["group__round__programme_id"]].update(
            meetings_held=row["held"], meetings_scheduled=row["scheduled"]
        )
    attendance = (
        Attendance.objects.filter(meeting__group__round__programme_id__in=ids)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .values("meeting__group__round__programme_id")
        .annotate(
            recorded=Count("id"), present=Count("id", filter=Q(status=Attendance.Status.PRESENT))
        )
    )
    for row in attendance:
        counts[row["meeting__group__round__programme_id"]].update(
            recorded=row["recorded"], present=row["present"]
        )
    return {pid: ProgrammeStats(**values) for pid, values in counts.items()}


def programme_warning_counts(*, programmes: Iterable[Programme]) -> dict[int, int]:
    """How many norm warnings each programme has, in two queries for all of them."""
    by_id = {p.pk: p for p in programmes}
    counts = {
        pid: len(
            norms.design_warnings(
                min_group_size=p.min_group_size,
                max_group_size=p.max_group_size,
                meeting_count=p.meeting_count,
                cadence_weeks=p.cadence_weeks,
            )
        )
        for pid, p in by_id.items()
    }
    starts: dict[int, list] = defaultdict(list)
    groups: dict[int, tuple[int, str]] = {}
    meetings = (
        Meeting.objects.filter(group__round__programme_id__in=by_id)
        .exclude(status=Meeting.Status.CANCELLED)
        .values_list("group_id", "group__name", "group__round__programme_id", "starts_at")
    )
    for group_id, name, programme_id, starts_at in meetings:
        starts[group_id].append(starts_at)
        groups[group_id] = (programme_id, name)
    for group_id, (programme_id, name) in groups.items():
        counts[programme_id] += len(norms.schedule_gap_warnings(name, starts[group_id]))
    return counts


@dataclass
class SetSeat:
    """One of the actor's own sets, for their home page."""

    group: Group
    role: str
    next_meeting: Meeting | None = None
    others: list[Person] = field(default_factory=list)


def sets_of_actor(*, actor: Actor) -> list[SetSeat]:
    """The sets the actor belongs to or facilitates, with next meeting and fellow members."""
    if actor.person_id is None:
        return []
    mine = (
        Membership.objects.filter(
            person_id=actor.person_id,
            group__round__programme__organisation_id=actor.organisation_id,
        )
        .select_related("group__round__programme")
        .order_by("group__round__programme__name", "group__name")
    )
    seats = {m.group_id: SetSeat(group=m.group, role=m.role) for m in mine}
    upcoming = Meeting.objects.filter(_upcoming(), group_id__in=seats).order_by("starts_at")
    for meeting in upcoming:
        seat = seats[meeting.group_id]
        if seat.next_meeting is None:
            seat.next_meeting = meeting
    others = (
        Membership.objects.filter(group_id__in=seats)
        .exclude(person_id=actor.person_id)
        .select_related("person")
        .order_by("-role", "person__name")
    )
    for membership in others:
        seats[membership.group_id].others.append(membership.person)
    return list(seats.values())


def roles_of_actor(*, actor: Actor) -> dict[int, set[str]]:
    """The actor's programme roles (lead, sponsor, ...) by programme id, in one query."""
    found: dict[int, set[str]] = defaultdict(set)
    if actor.person_id is None:
        return found
    rows = ProgrammeRole.objects.filter(
        person_id=actor.person_id, programme__organisation_id=actor.organisation_id
    ).values_list("programme_id", "role")
    for programme_id, role in rows:
        found[programme_id].add(role)
    return found


# Roles over time ---------------------------------------------------------------------------


def fading_plan(*, programme: Programme) -> rota.Plan:
    """The plan a programme follows: its lead's, when facilitation fades and one was chosen;
    otherwise the default for its facilitation model and number of meetings."""
    if programme.facilitation_model == FacilitationModel.FADING:
        saved = FadingPlan.objects.filter(programme=programme).first()
        if saved is not None:
            return rota.Plan(saved.adviser_meetings, saved.observer_until)
    return rota.default_plan(programme.facilitation_model, programme.meeting_count)


def fading_plan_editable(*, programme: Programme) -> bool:
    """Only a fading programme has a plan to choose; the others follow from their model."""
    return programme.facilitation_model == FacilitationModel.FADING


def rota_meetings(*, group: Group) -> QuerySet[Meeting]:
    """The meetings a rota numbers: all but cancelled ones, in order."""
    return group.meetings.exclude(status=Meeting.Status.CANCELLED).order_by("starts_at", "id")


def rota_order(*, group: Group) -> list[Person]:
    """The set's members in the order they take turns (who joined first goes first). Whoever
    has left the set is not in it, so the rota skips them."""
    memberships = (
        group.memberships.filter(role=Membership.Role.MEMBER)
        .select_related("person")
        .order_by("joined_at", "person__name", "person_id")
    )
    return [m.person for m in memberships]


def set_adviser(*, group: Group) -> Person | None:
    """The set's adviser: its facilitator (the first by name if it has several)."""
    membership = (
        group.memberships.filter(role=Membership.Role.FACILITATOR)
        .select_related("person")
        .order_by("person__name", "person_id")
        .first()
    )
    return membership.person if membership else None


def meeting_number(*, meeting: Meeting) -> int:
    """The meeting's place in its set's series (1 for the first), cancelled ones not counted."""
    ids = list(rota_meetings(group=meeting.group).values_list("id", flat=True))
    return ids.index(meeting.pk) + 1 if meeting.pk in ids else len(ids) + 1


@dataclass(frozen=True)
class RotaRow:
    """One meeting on a set's rota, as the set page and the meeting page show it."""

    meeting: Meeting
    number: int
    stage: str
    facilitator: Person | None
    timekeeper: Person | None
    adviser: Person | None
    drawn: bool  # False while the meeting has no rota entry yet
    is_next: bool = False

    @property
    def stage_label(self) -> str:
        return RotaEntry.Stage(self.stage).label

    @property
    def adviser_part(self) -> str:
        """What the adviser does at this meeting, in a few words."""
        if self.adviser is None:
            return ""
        if self.stage == rota.ADVISER:
            return "Facilitates"
        return "Observes" if self.stage == rota.OBSERVED else "On call"


def rota_rows(*, group: Group) -> list[RotaRow]:
    """The set's rota: each meeting but cancelled ones, with its stage and its people."""
    plan = fading_plan(programme=group.round.programme)
    adviser = set_adviser(group=group)
    meetings = rota_meetings(group=group).select_related("rota__facilitator", "rota__timekeeper")
    upcoming = next_meeting(group=group)
    rows = []
    for number, meeting in enumerate(meetings, start=1):
        entry = getattr(meeting, "rota", None)
        rows.append(
            RotaRow(
                meeting=meeting,
                number=number,
                stage=entry.stage if entry else plan.stage(number),
                facilitator=entry.facilitator if entry else None,
                timekeeper=entry.timekeeper if entry else None,
                adviser=adviser,
                drawn=entry is not None,
                is_next=upcoming is not None and upcoming.pk == meeting.pk,
            )
        )
    return rows


def meeting_rota(*, meeting: Meeting) -> RotaRow | None:
    """The meeting's row of its set's rota; None for a cancelled meeting."""
    rows = rota_rows(group=meeting.group)
    return next((row for row in rows if row.meeting.pk == meeting.pk), None)


def meeting_facilitator_id(*, meeting: Meeting) -> int | None:
    """Who the rota names facilitator of the meeting (after any hand-over), if anyone."""
    return (
        RotaEntry.objects.filter(meeting=meeting).values_list("facilitator_id", flat=True).first()
    )
