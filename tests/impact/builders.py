"""A hand-built programme whose figures are worked out by hand in test_figures.py.

Programme "Impact pilot" of Acme starts on 2026-01-01; "today" is 2026-03-31, so every member
has been in it for January, February and March: three whole months each. Sets A, B and C have
two members each (six people, 18 member-months). One held meeting per set on 2026-01-15.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from palg.impact.models import ChangeEvent
from palg.live.models import CardEntry, ExperimentCard
from palg.people.models import Organisation, Person
from palg.programmes.models import (
    Attendance,
    Group,
    Meeting,
    Membership,
    Programme,
    ProgrammeRole,
    Round,
)
from tests.conftest import make_person, make_user

TODAY = date(2026, 3, 31)
JOINED = datetime(2025, 12, 1, 12, tzinfo=UTC)


def noon(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T12:00:00+00:00")


@dataclass
class Pilot:
    org: Organisation
    programme: Programme
    sets: dict[str, Group]
    members: dict[str, Person]
    lead: Person
    sponsor: Person
    meetings: dict[str, Meeting] = field(default_factory=dict)

    def user(self, person: Person):
        return make_user(person)


def card(pilot, owner: str, made: str, status: str, reports=()) -> ExperimentCard:
    """A card `owner` made on `made`; `reports` are (day, learned) report-backs."""
    person = pilot.members[owner]
    group = Group.objects.get(memberships__person=person, round__programme=pilot.programme)
    made_card = ExperimentCard.objects.create(
        owner=person, group=group, programme=pilot.programme, action="Try", expectation="E",
        signal="S", due=date(2026, 4, 1), status=status,
    )  # fmt: skip
    ExperimentCard.objects.filter(pk=made_card.pk).update(created_at=noon(made))
    for day, learned in reports:
        entry = CardEntry.objects.create(
            card=made_card, kind=CardEntry.Kind.REPORT, did="Did it", learned=learned,
            status_before="planned", status_after=status,
        )  # fmt: skip
        CardEntry.objects.filter(pk=entry.pk).update(created_at=noon(day))
    return made_card


def build_pilot(*, org=None, sets=("A", "B", "C"), per_set=2, name="Impact pilot") -> Pilot:
    org = org or Organisation.objects.create(name="Pilotco", slug="pilotco")
    programme = Programme.objects.create(
        organisation=org, name=name, status="active", start_date=date(2026, 1, 1)
    )
    round_ = Round.objects.create(programme=programme, number=1, status="published")
    lead = make_person(org, f"{name}-L", f"Lead of {name}")
    sponsor = make_person(org, f"{name}-S", f"Sponsor of {name}")
    ProgrammeRole.objects.create(programme=programme, person=lead, role="lead")
    ProgrammeRole.objects.create(programme=programme, person=sponsor, role="sponsor")
    pilot = Pilot(org, programme, {}, {}, lead, sponsor)
    number = 0
    for set_name in sets:
        group = Group.objects.create(round=round_, name=set_name)
        pilot.sets[set_name] = group
        for _ in range(per_set):
            number += 1
            person = make_person(org, f"{name}-m{number}", f"{name} member {number}")
            Membership.objects.create(group=group, person=person, joined_at=JOINED)
            pilot.members[f"m{number}"] = person
    return pilot


def add_worked_example(pilot: Pilot) -> None:
    """Attendance, cards, report-backs and change events of the worked example."""
    statuses = {"m1": "present", "m2": "present", "m3": "present", "m4": "absent",
                "m5": "present", "m6": "apologies"}  # fmt: skip
    for set_name, group in pilot.sets.items():
        meeting = Meeting.objects.create(group=group, starts_at=noon("2026-01-15"), status="held")
        pilot.meetings[set_name] = meeting
        cancelled = Meeting.objects.create(
            group=group, starts_at=noon("2026-01-29"), status="cancelled"
        )
        for membership in group.memberships.all():
            key = next(k for k, p in pilot.members.items() if p.pk == membership.person_id)
            Attendance.objects.create(meeting=meeting, person=membership.person,
                                      status=statuses[key])  # fmt: skip
            Attendance.objects.create(meeting=cancelled, person=membership.person,
                                      status="absent")  # fmt: skip
    card(pilot, "m1", "2026-01-10", "done", [("2026-01-17", "Asking first works")])
    card(pilot, "m2", "2026-01-10", "done", [("2026-02-14", "Silence helps")])
    card(pilot, "m3", "2026-02-01", "in-progress",
         [("2026-02-11", ""), ("2026-03-01", "Smaller steps")])  # fmt: skip
    card(pilot, "m4", "2026-02-01", "dropped")
    card(pilot, "m5", "2026-02-20", "done", [("2026-03-02", "Delegating frees time")])
    card(pilot, "m6", "2026-03-05", "planned")
    ChangeEvent.objects.create(
        organisation=pilot.org, happened_on=date(2026, 1, 20), title="Restructure", size="large"
    )
    ChangeEvent.objects.create(
        organisation=pilot.org,
        programme=pilot.programme,
        happened_on=date(2026, 3, 3),
        title="New CRM",
        size="medium",
    )
    ChangeEvent.objects.create(
        organisation=pilot.org,
        programme=pilot.programme,
        happened_on=date(2026, 3, 15),
        title="Rota tool",
        size="small",
    )
    other = Programme.objects.create(organisation=pilot.org, name="Elsewhere")
    ChangeEvent.objects.create(
        organisation=pilot.org,
        programme=other,
        happened_on=date(2026, 2, 3),
        title="Not ours",
        size="large",
    )
    stranger_org = Organisation.objects.create(name="Other", slug="other-org")
    ChangeEvent.objects.create(
        organisation=stranger_org,
        happened_on=date(2026, 2, 3),
        title="Not our organisation",
        size="large",
    )
