"""`palg accounts invite --organisation SLUG [--all-without-account | EMAIL...]`."""

from typer.testing import CliRunner

from palg.accounts.models import Invitation
from palg.cli import app
from palg.commands.accounts import MSG_CHOOSE, MSG_NO_ORGANISATION
from palg.notify.models import Notice

runner = CliRunner()


def invite(*args: str):
    return runner.invoke(app, ["accounts", "invite", "--organisation", *args])


def test_it_invites_the_named_people_and_prints_a_line_for_each_and_a_summary(cast):
    result = invite("acme", "ann@acme.example", "ALICE@acme.example", "nobody@acme.example")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Invited Ann <ann@acme.example>",
        "Skipped Alice <alice@acme.example>: already has an account",
        "Unknown nobody@acme.example: no one in the organisation has this email or id",
        "1 invited, 1 skipped, 1 unknown.",
    ]
    assert Notice.objects.filter(kind=Notice.Kind.ACCOUNT).count() == 1


def test_it_invites_everyone_without_an_account_and_skips_them_the_second_time(cast):
    result = invite("acme", "--all-without-account")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Invited Ann <ann@acme.example>",
        "Invited Bea <bea@acme.example>",
        "2 invited, 0 skipped, 0 unknown.",
    ]
    again = invite("acme", "--all-without-account", "ann@acme.example")
    assert again.exit_code == 1 and MSG_CHOOSE in again.stderr
    again = invite("acme", "ann@acme.example")
    assert again.stdout.splitlines()[0].startswith(
        "Skipped Ann <ann@acme.example>: already invited"
    )
    assert Invitation.objects.count() == 2
    assert Notice.objects.filter(kind=Notice.Kind.ACCOUNT).count() == 2


def test_it_refuses_an_unknown_organisation_or_no_choice_and_changes_nothing(cast):
    result = invite("nope", "ann@acme.example")
    assert result.exit_code == 1
    assert MSG_NO_ORGANISATION.format(slug="nope") in result.stderr
    result = invite("acme")
    assert result.exit_code == 1 and MSG_CHOOSE in result.stderr
    result = invite("acme", "zed@globex.example")
    assert result.exit_code == 1
    assert "No one in the organisation has the email or id “zed@globex.example”." in result.stderr
    assert not Invitation.objects.exists()
