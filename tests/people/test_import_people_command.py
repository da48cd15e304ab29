"""`palg import people FILE.csv --organisation SLUG`."""

import pytest
from typer.testing import CliRunner

from palg.cli import app
from palg.people.commands import MSG_DRY_RUN, MSG_FAILED, MSG_RESULT
from palg.people.importing import MSG_BAD_EMAIL, MSG_MISSING_COLUMN
from palg.people.models import Organisation, Person
from palg.people.services import MSG_BAD_SLUG, MSG_UNKNOWN_ORGANISATION
from tests.people.helpers import BASE, directory, make_csv, person

runner = CliRunner()


@pytest.fixture
def csv_file(tmp_path):
    def write(data: bytes):
        path = tmp_path / "people.csv"
        path.write_bytes(data)
        return str(path)

    return write


def test_it_imports_into_an_existing_organisation_and_prints_the_counts(cast, csv_file):
    result = runner.invoke(
        app, ["import", "people", csv_file(make_csv(*BASE)), "--organisation", "acme"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == MSG_RESULT.format(rows=2, created=1, updated=1, unchanged=0)
    assert Person.objects.get(external_id="N1").organisation == cast.org


def test_it_prints_every_problem_and_exits_with_1_writing_nothing(cast, csv_file):
    before = directory(cast.org)
    data = make_csv(*BASE, person("N2", "Nell", "nell"), columns=["id", "name", "email"])
    result = runner.invoke(app, ["import", "people", csv_file(data), "--organisation", "acme"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "row 1, column manager_id: " + MSG_MISSING_COLUMN.format(column="manager_id")
    assert lines[6] == "row 4, column email: " + MSG_BAD_EMAIL.format(value="nell")
    assert lines[-1] == MSG_FAILED.format(count=7)
    assert directory(cast.org) == before


def test_it_refuses_an_unknown_organisation(db, csv_file):
    result = runner.invoke(
        app, ["import", "people", csv_file(make_csv(*BASE)), "--organisation", "nope"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == MSG_UNKNOWN_ORGANISATION.format(slug="nope")
    assert not Organisation.objects.filter(slug="nope").exists()


def test_it_creates_the_organisation_when_asked(db, csv_file):
    data = make_csv(person("N1", "Nadia", "nadia@initech.example", manager_id=""))
    args = ["import", "people", csv_file(data), "--organisation", "initech"]
    result = runner.invoke(app, [*args, "--create-organisation", "Initech Ltd"])
    assert result.exit_code == 0, result.output
    organisation = Organisation.objects.get(slug="initech")
    assert organisation.name == "Initech Ltd"
    assert organisation.people.get().name == "Nadia"


def test_it_does_not_create_the_organisation_when_the_file_is_bad(db, csv_file):
    data = make_csv(person("N1", "Nadia", "nadia", manager_id=""))
    args = ["import", "people", csv_file(data), "--organisation", "initech"]
    result = runner.invoke(app, [*args, "--create-organisation", "Initech Ltd"])
    assert result.exit_code == 1
    assert not Organisation.objects.filter(slug="initech").exists()


def test_it_refuses_to_create_an_organisation_with_a_bad_slug(db, csv_file):
    args = ["import", "people", csv_file(make_csv(*BASE)), "--organisation", "not a slug"]
    result = runner.invoke(app, [*args, "--create-organisation", "Bad"])
    assert result.exit_code == 1
    assert result.stderr.strip() == MSG_BAD_SLUG.format(slug="not a slug")


def test_a_dry_run_reports_what_would_change_and_writes_nothing(cast, csv_file):
    before = directory(cast.org)
    args = ["import", "people", csv_file(make_csv(*BASE)), "--organisation", "acme", "--dry-run"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        MSG_RESULT.format(rows=2, created=1, updated=1, unchanged=0),
        MSG_DRY_RUN,
    ]
    assert directory(cast.org) == before


def test_a_dry_run_does_not_create_the_organisation(db, csv_file):
    data = make_csv(person("N1", "Nadia", "nadia@initech.example", manager_id=""))
    args = ["import", "people", csv_file(data), "--organisation", "initech", "--dry-run"]
    result = runner.invoke(app, [*args, "--create-organisation", "Initech"])
    assert result.exit_code == 0, result.output
    assert not Organisation.objects.filter(slug="initech").exists()
    assert not Person.objects.filter(email="nadia@initech.example").exists()


def test_it_reports_a_missing_file(db, tmp_path):
    args = ["import", "people", str(tmp_path / "missing.csv"), "--organisation", "acme"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_it_prints_the_spellings_it_reads_as_one(cast, csv_file):
    rows = [
        person("N1", "Nadia", "nadia@acme.example", team="Ops"),
        person("N2", "Nell", "nell@acme.example", team="OPS"),
    ]
    data = make_csv(*rows)
    result = runner.invoke(app, ["import", "people", csv_file(data), "--organisation", "acme"])
    assert result.exit_code == 0, result.output
    assert "team: “OPS” on row 3 is read as “Ops”" in result.stdout
