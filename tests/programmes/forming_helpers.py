"""A cohort for forming tests: the cast's programme with 24 participants of mixed functions,
sites and teams, some line managers among them."""

from palg.programmes import forming
from palg.programmes.models import ProgrammeRole
from tests.conftest import make_person

FUNCTIONS = ("Finance", "Sales", "Operations", "IT", "Legal", "HR")
SITES = ("Leeds", "London", "Bristol")


def add_cohort(cast, count: int = 20) -> list:
    """`count` new participants (E100...) besides the cast's four; returns the new people."""
    people = []
    for i in range(count):
        person = make_person(
            cast.org,
            f"E{100 + i}",
            f"Person{100 + i:03d}",
            function=FUNCTIONS[i % len(FUNCTIONS)],
            location=SITES[i % len(SITES)],
            seniority=("Director", "Head")[i % 2],
            team=f"T{i % 5}",
            availability=["mon-am", "tue-pm"] if i % 4 else ["tue-pm"],
        )
        ProgrammeRole.objects.create(programme=cast.programme, person=person, role="participant")
        people.append(person)
    # Two line-manager pairs inside the cohort.
    people[1].manager = people[0]
    people[1].save()
    people[3].manager = people[2]
    people[3].save()
    return people


def programme_sizes(cast, low: int = 4, high: int = 6) -> None:
    cast.programme.min_group_size, cast.programme.max_group_size = low, high
    cast.programme.save()


def next_round(cast) -> int:
    """Open round 2 of the cast's programme (round 1 holds Alpha and Beta); its number."""
    return forming.round_create_next(
        actor=cast.actor("lead"), programme_id=cast.programme.pk
    ).number


def formed(cast, **criteria):
    """Add the cohort, open round 2 and form it as the lead; the draft."""
    add_cohort(cast)
    programme_sizes(cast)
    number = next_round(cast)
    return forming.group_set_form(
        actor=cast.actor("lead"),
        programme_id=cast.programme.pk,
        round_number=number,
        criteria=criteria or None,
    )
