"""`palg token create` and `palg token revoke`."""

from typer.testing import CliRunner

from palg.accounts.commands import (
    MSG_ALREADY_REVOKED,
    MSG_INACTIVE,
    MSG_NO_ACCOUNT,
    MSG_NO_TOKEN,
    MSG_REVOKED,
)
from palg.accounts.models import ApiToken, token_digest
from palg.accounts.services import api_token_authenticate, api_token_create
from palg.cli import app

runner = CliRunner()


def test_it_creates_a_token_and_prints_only_the_secret_to_stdout(cast):
    result = runner.invoke(app, ["token", "create", "LENA@acme.example", "--name", "HR sync"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    token = ApiToken.objects.get(user=cast.users["lead"])
    assert token.name == "HR sync"
    assert token.digest == token_digest(secret)
    assert api_token_authenticate(secret) == cast.users["lead"]


def test_it_refuses_an_unknown_account(cast):
    result = runner.invoke(app, ["token", "create", "nobody@acme.example", "--name", "x"])
    assert result.exit_code == 1
    assert MSG_NO_ACCOUNT.format(email="nobody@acme.example") in result.stderr
    assert not ApiToken.objects.exists()


def test_it_refuses_a_deactivated_account(cast):
    cast.users["lead"].is_active = False
    cast.users["lead"].save()
    result = runner.invoke(app, ["token", "create", "lena@acme.example", "--name", "x"])
    assert result.exit_code == 1
    assert MSG_INACTIVE.format(email="lena@acme.example") in result.stderr


def test_it_refuses_a_blank_name(cast):
    result = runner.invoke(app, ["token", "create", "lena@acme.example", "--name", "  "])
    assert result.exit_code == 1
    assert "--name: This field is required." in result.stderr
    assert not ApiToken.objects.exists()


def test_it_revokes_a_token_by_its_prefix(cast):
    token, secret = api_token_create(user=cast.users["lead"], name="HR sync")
    result = runner.invoke(app, ["token", "revoke", "lena@acme.example", f"palg_{token.prefix}"])
    assert result.exit_code == 0, result.output
    message = MSG_REVOKED.format(name="HR sync", prefix=token.prefix, email="lena@acme.example")
    assert message in result.stdout
    assert api_token_authenticate(secret) is None


def test_it_says_when_a_token_was_already_revoked(cast):
    token, _ = api_token_create(user=cast.users["lead"], name="HR sync")
    runner.invoke(app, ["token", "revoke", "lena@acme.example", token.prefix])
    result = runner.invoke(app, ["token", "revoke", "lena@acme.example", token.prefix])
    assert result.exit_code == 0
    message = MSG_ALREADY_REVOKED.format(
        name="HR sync", prefix=token.prefix, email="lena@acme.example"
    )
    assert message in result.stdout


def test_it_does_not_revoke_another_accounts_token(cast):
    token, secret = api_token_create(user=cast.users["member"], name="Alice's")
    result = runner.invoke(app, ["token", "revoke", "lena@acme.example", token.prefix])
    assert result.exit_code == 1
    assert MSG_NO_TOKEN.format(email="lena@acme.example", prefix=token.prefix) in result.stderr
    assert api_token_authenticate(secret) == cast.users["member"]


def test_it_refuses_a_prefix_that_cannot_be_one(cast):
    result = runner.invoke(app, ["token", "revoke", "lena@acme.example", "\x00"])
    assert result.exit_code == 1
