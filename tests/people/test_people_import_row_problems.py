"""Problems in single rows and between rows: values, ids, emails, tenure and availability."""

import pytest

from palg.people.importing import (
    MSG_BAD_EMAIL,
    MSG_BAD_SLOT,
    MSG_BAD_TENURE,
    MSG_CONTROL_CHARACTER,
    MSG_DUPLICATE_EMAIL,
    MSG_DUPLICATE_ID,
    MSG_EMAIL_TAKEN,
    MSG_FIELD_COUNT,
    MSG_REQUIRED_VALUE,
    MSG_TOO_LONG,
    SLOT_DAYS,
    SLOT_PARTS,
    ImportProblem,
)
from tests.people.helpers import BASE, import_problems, make_csv, person


@pytest.mark.parametrize("column", ["id", "name", "email"])
def test_it_requires_a_value_for_id_name_and_email(cast, column):
    row = person("N2", "Nell", "nell@acme.example", **{column: "  "})
    problems = import_problems(cast.org, make_csv(*BASE, row))
    assert problems == [ImportProblem(4, column, MSG_REQUIRED_VALUE)]


@pytest.mark.parametrize("email", ["nell", "nell@", "nell@acme", "ne ll@acme.example"])
def test_it_rejects_malformed_emails(cast, email):
    problems = import_problems(cast.org, make_csv(*BASE, person("N2", "Nell", email)))
    assert problems == [ImportProblem(4, "email", MSG_BAD_EMAIL.format(value=email))]


def test_it_rejects_values_longer_than_the_directory_stores(cast):
    problems = import_problems(cast.org, make_csv(*BASE, person("N2", "N" * 201, "n@acme.example")))
    assert problems == [ImportProblem(4, "name", MSG_TOO_LONG.format(length=201, limit=200))]


@pytest.mark.parametrize("column", ["name", "team", "languages"])
def test_it_rejects_control_characters_such_as_nul_in_any_column(cast, column):
    row = person("N2", "Nell", "nell@acme.example", languages="en")
    row[column] = row[column] + "\x00x"
    problems = import_problems(cast.org, make_csv(*BASE, row))
    assert problems == [ImportProblem(4, column, MSG_CONTROL_CHARACTER.format(code="U+0000"))]


def test_it_rejects_duplicate_ids_naming_the_first_row(cast):
    problems = import_problems(cast.org, make_csv(*BASE, person("N1", "Nell", "nell@acme.example")))
    assert problems == [ImportProblem(4, "id", MSG_DUPLICATE_ID.format(value="N1", first_row=2))]


def test_it_rejects_duplicate_emails_ignoring_case(cast):
    data = make_csv(*BASE, person("N2", "Nell", "Nadia.NEW@acme.example"))
    problems = import_problems(cast.org, data)
    message = MSG_DUPLICATE_EMAIL.format(value="nadia.new@acme.example", rows="2 and 4")
    assert problems == [ImportProblem(4, "email", message)]


def test_it_rejects_an_email_that_belongs_to_another_person_in_the_organisation(cast):
    problems = import_problems(cast.org, make_csv(*BASE, person("N2", "Nell", "BOB@acme.example")))
    message = MSG_EMAIL_TAKEN.format(value="BOB@acme.example", name="Bob", external_id="E6")
    assert problems == [ImportProblem(4, "email", message)]


@pytest.mark.parametrize("tenure", ["three", "-1", "NaN", "10000", "2,5"])
def test_it_rejects_tenure_that_is_not_a_number_of_years(cast, tenure):
    row = person("N2", "Nell", "nell@acme.example", tenure_years=tenure)
    problems = import_problems(cast.org, make_csv(*BASE, row))
    assert problems == [ImportProblem(4, "tenure_years", MSG_BAD_TENURE.format(value=tenure))]


def test_it_names_each_bad_availability_slot_and_the_valid_forms(cast):
    row = person("N2", "Nell", "nell@acme.example", availability="mon-am;monday;tue-night")
    problems = import_problems(cast.org, make_csv(*BASE, row))
    assert problems == [
        ImportProblem(
            4, "availability", MSG_BAD_SLOT.format(token=token, days=SLOT_DAYS, parts=SLOT_PARTS)
        )
        for token in ("monday", "tue-night")
    ]
    assert "mon, tue, wed, thu, fri, sat, sun" in problems[0].message


def test_it_reports_every_problem_in_the_file_in_row_order(cast):
    rows = [
        person("N2", "", "bad-email", tenure_years="-2"),
        person("N1", "Nell", "nell@acme.example", availability="someday"),
    ]
    data = make_csv(*BASE, *rows).decode() + "N4,short\n"
    problems = import_problems(cast.org, data.encode())
    assert problems == [
        ImportProblem(4, "name", MSG_REQUIRED_VALUE),
        ImportProblem(4, "email", MSG_BAD_EMAIL.format(value="bad-email")),
        ImportProblem(4, "tenure_years", MSG_BAD_TENURE.format(value="-2")),
        ImportProblem(
            5,
            "availability",
            MSG_BAD_SLOT.format(token="someday", days=SLOT_DAYS, parts=SLOT_PARTS),
        ),
        ImportProblem(5, "id", MSG_DUPLICATE_ID.format(value="N1", first_row=2)),
        ImportProblem(6, None, MSG_FIELD_COUNT.format(found=2, expected=11, separators="commas")),
    ]
