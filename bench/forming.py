"""Time forming a programme round's sets in the product (what the forming page and the API wait
for): the engine on N participants from the database, a hand move checked against every rule,
and publishing. Defaults: 60, 200 and 500 participants in sets of 5-7, with teams and line
managers apart, a shared slot and, for round 2, no repeats from round 1.

Run with `.venv/bin/python bench/forming.py [--people 60 200 500]`. It sets Django up itself on
a throwaway SQLite data folder.
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_people import SLOTS, people_rows, setup_django, to_csv  # noqa: E402


def timed(label: str, call):
    started = time.perf_counter()
    value = call()
    print(f"  {label:<44} {time.perf_counter() - started:6.2f} s")
    return value


def _move(where: dict, person_id: int, to_set: int) -> str:
    """A hand move: accepted or refused, the same rules are checked."""
    from django.core.exceptions import ValidationError

    from palg.programmes import forming

    try:
        forming.draft_move(**where, round_number=1, person_id=person_id, to_set=to_set)
    except ValidationError as error:
        return error.messages[0]
    return "accepted"


def bench(count: int) -> None:
    from palg.access import Actor
    from palg.people.importing import people_import_for_organisation
    from palg.people.models import Organisation, Person
    from palg.programmes import forming
    from palg.programmes.models import Programme, ProgrammeRole
    from palg.programmes.services import programme_create

    organisation = Organisation.objects.create(name=f"Bench {count}", slug=f"bench-{count}")
    # Everyone takes part, managers and their reports among them; each is free in 5 of the 9
    # weekday slots (the import bench's 2 of 9 leaves many slots with too few people).
    rows = people_rows(count)
    rng = random.Random(count)
    for row in rows:
        row[11] = ";".join(sorted(rng.sample(SLOTS, 5)))
    people_import_for_organisation(organisation=organisation, data=to_csv(rows))
    admin = Actor(user_id=0, person_id=None, organisation_id=organisation.pk, is_org_admin=True)
    programme = programme_create(actor=admin, name="Bench", min_group_size=5, max_group_size=7)
    people = Person.objects.filter(organisation=organisation)
    ProgrammeRole.objects.bulk_create(
        ProgrammeRole(programme=programme, person=p, role="participant") for p in people
    )
    where = {"actor": admin, "programme_id": programme.pk}
    print(f"{count} participants:")
    draft = timed("round 1: form", lambda: forming.group_set_form(**where, round_number=1))
    assert draft.broken == 0, draft.summary.rules
    person = draft.people[0]
    target = next(s.index for s in draft.sets if s.index != draft.labels[0]) + 1
    timed("round 1: a hand move, checked", lambda: _move(where, person.pk, target))
    timed("round 1: publish", lambda: forming.round_publish(**where, round_number=1))
    forming.round_create_next(**where)
    draft = timed(
        "round 2 (no repeats): form, sets of 4-6",
        lambda: forming.group_set_form(
            **where, round_number=2, criteria={"min_size": 4, "max_size": 6}
        ),
    )
    assert draft.broken == 0, draft.summary.rules
    assert Programme.objects.get(pk=programme.pk).rounds.count() == 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[60, 200, 500])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="palg-bench-") as data_dir:
        setup_django(data_dir)
        import numpy as np

        from palg_grouping import GroupingProblem, form_groups

        # Load (or compile) the kernels first, as `palg demo` and a running server have.
        form_groups(GroupingProblem.from_size_range(np.ones((4, 4)) - np.eye(4), 2, 2))
        print(f"Python {sys.version.split()[0]}, SQLite")
        for count in args.people:
            bench(count)


if __name__ == "__main__":
    main()
