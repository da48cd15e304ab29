"""`palg sets form` and `palg sets publish`: the forming service from the command line."""

from typer.testing import CliRunner

from palg.cli import app
from palg.programmes.models import GroupingDraft, Round
from tests.programmes.forming_helpers import add_cohort, programme_sizes

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["sets", *args])


def test_it_opens_the_next_round_forms_it_and_prints_the_summary(cast):
    add_cohort(cast)
    programme_sizes(cast)
    result = run("form", str(cast.programme.pk), "--as", "lena@acme.example")
    assert result.exit_code == 0, result.output
    assert "Opened round 2." in result.stderr
    assert "24 people in 5 groups" in result.stdout
    assert "no one meets an earlier group-mate again" in result.stdout
    assert "Set 1 (" in result.stdout
    assert GroupingDraft.objects.get().round.number == 2


def test_it_forms_and_publishes_in_one_go(cast):
    add_cohort(cast)
    result = run(
        "form", str(cast.programme.pk), "--as", "ada@acme.example",
        "--min-size", "4", "--max-size", "6", "--diversify", "function,location", "--publish",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Published round 2: 5 sets." in result.stdout
    assert Round.objects.get(number=2).status == "published"


def test_it_explains_an_impossible_grouping_and_changes_nothing(cast):
    add_cohort(cast)
    programme_sizes(cast)
    result = run(
        "form", str(cast.programme.pk), "--as", "lena@acme.example",
        "--min-size", "12", "--max-size", "12",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "Nothing was changed:" in result.stderr
    assert "T0" in result.stderr
    assert not GroupingDraft.objects.exists()


def test_it_refuses_someone_who_does_not_lead_the_programme(cast):
    result = run("form", str(cast.programme.pk), "--as", "sam@acme.example")
    assert result.exit_code == 1
    assert "see this but not change it" in result.stderr


def test_it_refuses_an_unknown_account(cast):
    result = run("publish", str(cast.programme.pk), "--as", "nobody@x.example", "--round", "2")
    assert result.exit_code == 1
    assert "No account has the email nobody@x.example." in result.stderr
