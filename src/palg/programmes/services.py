"""Writes for programmes, sets and meetings. Callers pass an Actor; permission checks happen
through palg.access before anything is changed."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.people.models import Person
from palg.people.selectors import people_named
from palg.programmes import rota, selectors
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
    Round,
)

MSG_SIZE_ORDER = "The smallest set size cannot be larger than the largest."
MSG_PERSON_OTHER_ORG = "That person is not in your organisation."
MSG_ALREADY_IN_ROUND = "{person} is already in {group} in this round."
MSG_LINE_MANAGER = (
    "{person} cannot join {group}: {other} is in it and is {relation}. A set never holds a line "
    "manager with their own direct report, so that both can speak freely."
)
MSG_NOT_A_MEMBER = "{person} is not in this set."
MSG_SELF_ADD = (
    "You cannot put yourself in a set of a programme you oversee, or change your own role in "
    "one: ask another programme lead or organisation admin. Whoever adds you, you will read "
    "only the meetings held after you join."
)
MSG_MEETING_NOT_IN_SET = "That person is not in this set."
MSG_HELD_KEEPS_DATE = (
    "This meeting has taken place and has a session or a record, so it keeps its date: who may "
    "read what was said there depends on it (the members who joined the set before it)."
)
MSG_SET_NAME_TAKEN = "There is already a set called {name} in round {number}."
MSG_PLAN_OUTGROWN = (
    "The fading plan runs to meeting {last}: keep at least {last} meetings, or change the plan "
    "first."
)
MSG_PLAN_NOT_FADING = (
    "A fading plan applies when facilitation is “Adviser first, then members facilitate”. "
    "Change the programme's facilitation in its design first."
)
MSG_ROTA_NO_MEETINGS = (
    "Schedule the set's meetings first: the rota names who facilitates and keeps time at each."
)
MSG_ROTA_NOBODY = "Set {group} has nobody in it yet to take turns."
MSG_ROTA_NOT_IN_SET = "{person} is not in this set."
MSG_ROTA_SAME_PERSON = (
    "One person cannot both facilitate and keep time: choose someone else to keep time."
)
MSG_ROTA_CANCELLED = "This meeting is cancelled, so nobody facilitates it."

PROGRAMME_FIELDS = (
    "name",
    "focus_area",
    "purpose",
    "status",
    "start_date",
    "min_group_size",
    "max_group_size",
    "cadence_weeks",
    "meeting_count",
    "meeting_minutes",
    "facilitation_model",
    "session_template",
)


def _validate_programme(programme: Programme) -> None:
    if programme.min_group_size > programme.max_group_size:
        raise ValidationError({"min_group_size": MSG_SIZE_ORDER})
    programme.full_clean(exclude=["organisation"])
    _refuse_shorter_than_plan(programme)


def _refuse_shorter_than_plan(programme: Programme) -> None:
    """A fading programme cannot lose the meetings its lead's fading plan refers to."""
    if programme.pk is None or programme.facilitation_model != FacilitationModel.FADING:
        return
    plan = FadingPlan.objects.filter(programme=programme).first()
    if plan is None:
        return
    last = max(plan.adviser_meetings, plan.observer_until)
    if programme.meeting_count < last:
        raise ValidationError({"meeting_count": MSG_PLAN_OUTGROWN.format(last=last)})


@transaction.atomic
def programme_create(*, actor: Actor, **fields) -> Programme:
    """Create a programme; its creator becomes its programme lead."""
    access.require_staff(actor)
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"unknown programme fields: {sorted(unknown)}")
    programme = Programme(organisation_id=actor.organisation_id, **fields)
    _validate_programme(programme)
    programme.save()
    if actor.person_id is not None:
        ProgrammeRole.objects.create(
            programme=programme, person_id=actor.person_id, role=ProgrammeRole.Role.LEAD
        )
    Round.objects.create(programme=programme, number=1)
    return programme


@transaction.atomic
def programme_update(*, actor: Actor, programme_id: int, **fields) -> Programme:
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"unknown programme fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(programme, name, value)
    _validate_programme(programme)
    programme.save()
    return programme


def _person_in_org(actor: Actor, person_id: int) -> Person:
    person = Person.objects.filter(pk=person_id, organisation_id=actor.organisation_id).first()
    if person is None:
        raise ValidationError({"person": MSG_PERSON_OTHER_ORG})
    return person


@transaction.atomic
def programme_role_assign(
    *, actor: Actor, programme_id: int, person_id: int, role: str
) -> ProgrammeRole:
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    person = _person_in_org(actor, person_id)
    if role not in ProgrammeRole.Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    assigned, _ = ProgrammeRole.objects.get_or_create(programme=programme, person=person, role=role)
    return assigned


@transaction.atomic
def group_create(
    *, actor: Actor, programme_id: int, name: str, round_number: int | None = None
) -> Group:
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    round_ = (
        programme.rounds.filter(number=round_number).first()
        if round_number
        else programme.rounds.order_by("-number").first()
    )
    if round_ is None:
        round_ = Round.objects.create(programme=programme, number=round_number or 1)
    group = Group(round=round_, name=name.strip())
    if Group.objects.filter(round=round_, name=group.name).exists():
        raise ValidationError(
            {"name": MSG_SET_NAME_TAKEN.format(name=group.name, number=round_.number)}
        )
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def group_rename(*, actor: Actor, group_id: int, name: str) -> Group:
    """Give a set a new name, unique within its round (the programme's leads and admins)."""
    group = access.group_get_for_actor(actor=actor, group_id=group_id, manage=True)
    group.name = name.strip()
    taken = Group.objects.filter(round=group.round, name__iexact=group.name).exclude(pk=group.pk)
    if taken.exists():
        raise ValidationError(
            {"name": MSG_SET_NAME_TAKEN.format(name=group.name, number=group.round.number)}
        )
    group.full_clean(exclude=["round"])
    group.save(update_fields=["name"])
    return group


@transaction.atomic
def membership_add(
    *, actor: Actor, group_id: int, person_id: int, role: str = Membership.Role.MEMBER
) -> Membership:
    """Put a person in a set, or give them another role in it. A person belongs to at most one
    set per round, and never shares a set with their line manager or a direct report. Nobody
    puts themselves in a set they oversee: that would open its content to them (palg.access).
    Every change is recorded (MembershipChange)."""
    group = access.group_get_for_actor(actor=actor, group_id=group_id, manage=True)
    person = _person_in_org(actor, person_id)
    if person.pk == actor.person_id:
        raise ValidationError({"person": MSG_SELF_ADD})
    _refuse_line_pair(group, person)
    clash = (
        Membership.objects.filter(group__round=group.round, person=person)
        .exclude(group=group)
        .select_related("group")
        .first()
    )
    if (
        clash is not None
        and role == Membership.Role.MEMBER
        and clash.role == Membership.Role.MEMBER
    ):
        raise ValidationError(
            {"person": MSG_ALREADY_IN_ROUND.format(person=person, group=clash.group)}
        )
    membership, created = Membership.objects.get_or_create(
        group=group, person=person, defaults={"role": role}
    )
    if created:
        _record_change(actor, membership, MembershipChange.Kind.ADDED)
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
        _record_change(actor, membership, MembershipChange.Kind.ROLE)
    programme_role = (
        ProgrammeRole.Role.FACILITATOR
        if role == Membership.Role.FACILITATOR
        else ProgrammeRole.Role.PARTICIPANT
    )
    ProgrammeRole.objects.get_or_create(
        programme=group.round.programme, person=person, role=programme_role
    )
    return membership


def _record_change(actor: Actor, membership: Membership, kind: str) -> MembershipChange:
    return MembershipChange.objects.create(
        group_id=membership.group_id,
        person_id=membership.person_id,
        kind=kind,
        role=membership.role,
        by_id=actor.person_id,
    )


def _refuse_line_pair(group: Group, person: Person) -> None:
    """Raise if the set already holds the person's line manager or one of their reports."""
    others = Person.objects.filter(memberships__group=group).exclude(pk=person.pk)
    manager = others.filter(pk=person.manager_id).first()
    report = others.filter(manager=person).first()
    if manager is not None or report is not None:
        other = manager or report
        relation = "their line manager" if manager else "their direct report"
        message = MSG_LINE_MANAGER.format(
            person=person, group=group, other=other, relation=relation
        )
        raise ValidationError({"person": message})


@transaction.atomic
def membership_remove(*, actor: Actor, group_id: int, person_id: int) -> None:
    """Take a person out of a set. The removal is recorded (MembershipChange) and shown on the
    set's page; should they be added again, they read only what follows."""
    group = access.group_get_for_actor(actor=actor, group_id=group_id, manage=True)
    membership = Membership.objects.filter(group=group, person_id=person_id).first()
    if membership is None:
        person = Person.objects.filter(pk=person_id, organisation_id=actor.organisation_id).first()
        name = person.name if person else f"Person {person_id}"
        raise ValidationError({"person": MSG_NOT_A_MEMBER.format(person=name)})
    membership.delete()
    _record_change(actor, membership, MembershipChange.Kind.REMOVED)
    if RotaEntry.objects.filter(meeting__group=group).exists():
        # Their coming turns go to those still in the set; held meetings keep their record.
        rota_fill(group=group, by_id=actor.person_id)


@transaction.atomic
def meeting_schedule(
    *,
    actor: Actor,
    group_id: int,
    starts_at: datetime,
    duration_minutes: int | None = None,
    location: str = "",
) -> Meeting:
    group = access.group_get_for_actor(actor=actor, group_id=group_id)
    if not access.group_can_schedule(actor, group):
        raise PermissionDenied(access.MSG_READ_ONLY)
    meeting = Meeting(
        group=group,
        starts_at=starts_at,
        duration_minutes=duration_minutes or group.round.programme.meeting_minutes,
        location=location,
    )
    meeting.full_clean()
    meeting.save()
    if RotaEntry.objects.filter(meeting__group=group).exists():
        rota_fill(group=group, by_id=actor.person_id)  # the new meeting joins the rota
    return meeting


@transaction.atomic
def meeting_update(*, actor: Actor, meeting_id: int, **fields) -> Meeting:
    meeting = access.meeting_get_for_actor(actor=actor, meeting_id=meeting_id, schedule=True)
    allowed = {"starts_at", "duration_minutes", "location", "status"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    if _moves(meeting, fields) and meeting.starts_at <= timezone.now() and _has_content(meeting):
        raise ValidationError({"starts_at": MSG_HELD_KEEPS_DATE})
    revised = _is_revision(meeting, fields)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    if revised:
        meeting.sequence += 1  # calendars replace their copy only when SEQUENCE goes up
    meeting.save()
    return meeting


def _moves(meeting: Meeting, fields: dict) -> bool:
    return "starts_at" in fields and fields["starts_at"] != meeting.starts_at


def _has_content(meeting: Meeting) -> bool:
    """Its live session has started or it has a record: something was said in it. Moving such a
    meeting, once it has taken place, to after someone joined the set would open that to them
    (access.meeting_open_to), so it keeps its date. A meeting still to come opens nothing by
    moving (everyone in the set joined before it), nor does one with nothing in it."""
    return Meeting.objects.filter(
        Q(live__started_at__isnull=False) | (Q(record__isnull=False) & ~Q(record__text="")),
        pk=meeting.pk,
    ).exists()


def _is_revision(meeting: Meeting, fields: dict) -> bool:
    """A move, a new length or place, a cancellation or its undoing: what calendar files must
    announce (RFC 5545 SEQUENCE). Marking a meeting held is not."""
    for name in ("starts_at", "duration_minutes", "location"):
        if name in fields and fields[name] != getattr(meeting, name):
            return True
    cancelled = Meeting.Status.CANCELLED
    status = fields.get("status", meeting.status)
    return (status == cancelled) != (meeting.status == cancelled)


@transaction.atomic
def attendance_record(*, actor: Actor, meeting_id: int, person_id: int, status: str) -> Attendance:
    meeting = access.meeting_get_for_actor(actor=actor, meeting_id=meeting_id, schedule=True)
    if not Membership.objects.filter(group=meeting.group, person_id=person_id).exists():
        raise ValidationError({"person": MSG_MEETING_NOT_IN_SET})
    if status not in Attendance.Status.values:
        raise ValidationError({"status": f"Unknown attendance status {status!r}."})
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting, person_id=person_id, defaults={"status": status}
    )
    return attendance


@transaction.atomic
def meeting_record_update(*, actor: Actor, meeting_id: int, text: str) -> MeetingRecord:
    """Write the set's own record of a meeting (set members and facilitator only)."""
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    record, _ = MeetingRecord.objects.get_or_create(meeting=meeting)
    record.text = text
    record.updated_by_id = actor.person_id
    record.save()
    return record


@transaction.atomic
def attendance_record_many(
    *, actor: Actor, meeting_id: int, statuses: dict[int, str]
) -> list[Attendance]:
    """Record several people's attendance at one meeting: all of it or, on any error, none."""
    return [
        attendance_record(actor=actor, meeting_id=meeting_id, person_id=person_id, status=status)
        for person_id, status in statuses.items()
    ]


MSG_UNKNOWN_PERSON = "No one in your organisation has the email or id “{value}”."
MSG_NOBODY = "Name at least one person, by email or directory id."


@dataclass
class ParticipantsAdded:
    """What adding participants did: who became one, who already was, and the names that
    matched no one in the organisation."""

    added: list[Person]
    already: list[Person]
    unknown: list[str]


@transaction.atomic
def programme_participants_add(
    *, actor: Actor, programme_id: int, identifiers: list[str]
) -> ParticipantsAdded:
    """Make people participants of the programme, named by email or directory id.

    The known names are added and the unknown ones returned: a lead pasting a column of 40
    emails with two typos expects the 38 in and the two named, to correct and paste again
    (adding someone twice changes nothing). Refused, changing nothing, when no name is given
    or none matches anyone."""
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    if not any(value.strip() for value in identifiers):
        raise ValidationError({"people": MSG_NOBODY})
    directory = Person.objects.filter(organisation_id=actor.organisation_id)
    people, unknown = people_named(directory=directory, identifiers=identifiers)
    if not people:
        raise ValidationError({"people": [MSG_UNKNOWN_PERSON.format(value=v) for v in unknown]})
    participants = ProgrammeRole.objects.filter(
        programme=programme, role=ProgrammeRole.Role.PARTICIPANT, person__in=people
    )
    already = set(participants.values_list("person_id", flat=True))
    ProgrammeRole.objects.bulk_create(
        [
            ProgrammeRole(programme=programme, person=p, role=ProgrammeRole.Role.PARTICIPANT)
            for p in people
        ],
        ignore_conflicts=True,
    )
    return ParticipantsAdded(
        added=[p for p in people if p.pk not in already],
        already=[p for p in people if p.pk in already],
        unknown=unknown,
    )


# Roles over time: the fading plan and the rota -----------------------------------------------


@transaction.atomic
def fading_plan_set(
    *, actor: Actor, programme_id: int, adviser_meetings: int, observer_until: int
) -> FadingPlan:
    """The lead chooses how facilitation fades: the adviser facilitates the first
    `adviser_meetings` meetings, then observes members facilitating until `observer_until`."""
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    if programme.facilitation_model != FacilitationModel.FADING:
        raise ValidationError(MSG_PLAN_NOT_FADING)
    problems = rota.plan_problems(adviser_meetings, observer_until, programme.meeting_count)
    if problems:
        raise ValidationError(problems)
    plan, _ = FadingPlan.objects.update_or_create(
        programme=programme,
        defaults={
            "adviser_meetings": adviser_meetings,
            "observer_until": observer_until,
            "updated_by_id": actor.person_id,
        },
    )
    return plan


@transaction.atomic
def rota_generate(*, actor: Actor, group: Group) -> list[RotaEntry]:
    """Draw the set's rota from the programme's fading plan: every meeting still to come gets a
    facilitator and a timekeeper, members taking turns fairly. Held meetings keep their record
    and count as turns taken. For the programme's leads and admins and the set's facilitator."""
    group = access.group_get_for_actor(actor=actor, group_id=group.pk)
    if not access.group_can_schedule(actor, group):
        raise PermissionDenied(access.MSG_READ_ONLY)
    if not group.meetings.exclude(status=Meeting.Status.CANCELLED).exists():
        raise ValidationError(MSG_ROTA_NO_MEETINGS)
    if not group.memberships.exists():
        raise ValidationError(MSG_ROTA_NOBODY.format(group=group))
    return rota_fill(group=group, redraw=True, by_id=actor.person_id)


def rota_fill(
    *, group: Group, redraw: bool = False, include_held: bool = False, by_id: int | None = None
) -> list[RotaEntry]:
    """Give turns to the set's meetings that need them, without checking permissions (callers
    have decided): meetings with no entry, entries naming someone who has left the set and, with
    `redraw`, every meeting still to come. Held meetings keep their entries (`include_held`
    fills those too, for a series built in one go such as the demo's)."""
    programme = group.round.programme
    plan = selectors.fading_plan(programme=programme)
    meetings = list(selectors.rota_meetings(group=group))
    entries = {e.meeting_id: e for e in RotaEntry.objects.filter(meeting__in=meetings)}
    members = selectors.rota_order(group=group)
    adviser = selectors.set_adviser(group=group)
    in_set = {p.pk for p in members} | ({adviser.pk} if adviser else set())

    def kept(meeting: Meeting) -> bool:
        entry = entries.get(meeting.pk)
        if meeting.status == Meeting.Status.HELD and not include_held:
            return True
        if entry is None or redraw:
            return False
        return {entry.facilitator_id, entry.timekeeper_id} - {None} <= in_set

    facilitated, timekept = Counter(), Counter()
    by_pk = {p.pk: p for p in members}
    for meeting in meetings:
        entry = entries.get(meeting.pk)
        if kept(meeting) and entry is not None:
            if entry.facilitator_id in by_pk:
                facilitated[by_pk[entry.facilitator_id]] += 1
            if entry.timekeeper_id in by_pk:
                timekept[by_pk[entry.timekeeper_id]] += 1
    todo = [(n, m) for n, m in enumerate(meetings, start=1) if not kept(m)]
    drawn = rota.turns(
        members,
        [plan.stage(n) for n, _ in todo],
        adviser=adviser,
        facilitated=facilitated,
        timekept=timekept,
    )
    written = []
    for (number, meeting), turn in zip(todo, drawn, strict=True):
        entry, _ = RotaEntry.objects.update_or_create(
            meeting=meeting,
            defaults={
                "stage": plan.stage(number),
                "facilitator": turn.facilitator,
                "timekeeper": turn.timekeeper,
                "updated_by_id": by_id,
            },
        )
        written.append(entry)
    return written


def _in_set(group: Group, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    membership = group.memberships.filter(person_id=person_id).select_related("person").first()
    if membership is None:
        # Named only if they are in the same organisation: nothing of another one leaks.
        organisation_id = group.round.programme.organisation_id
        person = Person.objects.filter(pk=person_id, organisation_id=organisation_id).first()
        name = person.name if person else "That person"
        raise ValidationError(MSG_ROTA_NOT_IN_SET.format(person=name))
    return membership.person


def _entry_for(meeting: Meeting) -> RotaEntry:
    entry = RotaEntry.objects.filter(meeting=meeting).first()
    if entry is None:
        number = selectors.meeting_number(meeting=meeting)
        plan = selectors.fading_plan(programme=meeting.group.round.programme)
        entry = RotaEntry(meeting=meeting, stage=plan.stage(number))
    return entry


@transaction.atomic
def rota_entry_update(
    *, actor: Actor, meeting_id: int, facilitator_id: int | None, timekeeper_id: int | None
) -> RotaEntry:
    """Name a meeting's facilitator and timekeeper by hand (the programme's leads and admins and
    the set's facilitator): anyone in the set, but not one person for both."""
    meeting = access.meeting_get_for_actor(actor=actor, meeting_id=meeting_id, schedule=True)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(MSG_ROTA_CANCELLED)
    errors = {}
    people = {}
    for field, person_id in (("facilitator", facilitator_id), ("timekeeper", timekeeper_id)):
        try:
            people[field] = _in_set(meeting.group, person_id)
        except ValidationError as error:
            errors[field] = error.messages
    if not errors and facilitator_id is not None and facilitator_id == timekeeper_id:
        errors["timekeeper"] = [MSG_ROTA_SAME_PERSON]
    if errors:
        raise ValidationError(errors)
    entry = _entry_for(meeting)
    entry.facilitator, entry.timekeeper = people["facilitator"], people["timekeeper"]
    entry.updated_by_id = actor.person_id
    entry.save()
    return entry


@transaction.atomic
def rota_hand_over(*, meeting: Meeting, person_id: int, by_id: int | None) -> RotaEntry:
    """Record that facilitation of a meeting passed to `person_id` (the live session's hand-over,
    which has checked who may hand it to whom). They stop keeping time if they were."""
    entry = _entry_for(meeting)
    entry.facilitator_id = person_id
    if entry.timekeeper_id == person_id:
        entry.timekeeper = None
    entry.updated_by_id = by_id
    entry.save()
    return entry
