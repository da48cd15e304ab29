"""CSV files for the people import tests, built against the cast's organisation (Acme, E1-E9)."""

import csv
import io

import pytest

from palg.people.importing import (
    REQUIRED_COLUMNS,
    ImportProblem,
    PeopleImportError,
    people_import_for_organisation,
)
from palg.people.models import Person

DEFAULTS = {
    "manager_id": "E1",
    "team": "Operations Team",
    "function": "Operations",
    "department": "Operations",
    "location": "Leeds",
    "seniority": "Manager",
}


def person(external_id: str, name: str, email: str, /, **values: str) -> dict[str, str]:
    """One row's values; required columns left out get plausible defaults."""
    return {"id": external_id, "name": name, "email": email, **DEFAULTS, **values}


# Row 2 adds a new person; row 3 changes Alice (E5), who then reports to the new person. Every
# failing file below contains them, so a test can check that neither was written.
NEW = person("N1", "Nadia New", "nadia.new@acme.example")
ALICE_CHANGED = person(
    "E5", "Alice", "alice@acme.example", manager_id="N1", team="Treasury", seniority="Director"
)
BASE = (NEW, ALICE_CHANGED)


def make_csv(*rows: dict[str, str], columns: list[str] | None = None, bom: bool = False) -> bytes:
    """The rows as UTF-8 CSV under a header of `columns` (default: every column used)."""
    if columns is None:
        columns = list(REQUIRED_COLUMNS)
        for row in rows:
            columns += [column for column in row if column not in columns]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode()


def directory(organisation) -> list[tuple]:
    """Everything stored about the organisation's people, to compare before and after."""
    fields = [f.attname for f in Person._meta.concrete_fields]
    return list(
        Person.objects.filter(organisation=organisation)
        .order_by("external_id")
        .values_list(*fields)
    )


def import_problems(organisation, data: bytes) -> list[ImportProblem]:
    """The problems reported for `data`, after checking that the import wrote nothing."""
    before = directory(organisation)
    count = Person.objects.count()
    with pytest.raises(PeopleImportError) as raised:
        people_import_for_organisation(organisation=organisation, data=data)
    assert Person.objects.count() == count
    assert directory(organisation) == before
    return raised.value.problems
