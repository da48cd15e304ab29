"""`palg token create|revoke`: API tokens from the command line, through the same services as
the account page."""

import typer

token_app = typer.Typer(help="Create and revoke API tokens.", no_args_is_help=True)

MSG_NO_ACCOUNT = "No account has the email {email}."
MSG_INACTIVE = "The account {email} is deactivated; its tokens would not work."
MSG_CREATED = "Created the token “{name}” for {email}. Copy it now: it will not be shown again."
MSG_NO_TOKEN = "{email} has no token starting palg_{prefix}."
MSG_REVOKED = "Revoked the token “{name}” (palg_{prefix}) of {email}."
MSG_ALREADY_REVOKED = "The token “{name}” (palg_{prefix}) of {email} was already revoked."


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code=1)


def _account(email: str):
    from palg.accounts.models import User

    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        _fail(MSG_NO_ACCOUNT.format(email=email))
    return user


@token_app.command("create")
def token_create(
    email: str = typer.Argument(..., help="The account's email address."),
    name: str = typer.Option(..., "--name", help="What the token is for."),
) -> None:
    """Create an API token and print it (only the token goes to standard output)."""
    from palg.cli import setup_django

    setup_django()
    from palg.accounts.forms import TokenForm
    from palg.accounts.services import api_token_create

    user = _account(email)
    if not user.is_active:
        _fail(MSG_INACTIVE.format(email=user.email))
    form = TokenForm(data={"name": name})
    if not form.is_valid():
        _fail(f"--name: {' '.join(form.errors['name'])}")
    token, secret = api_token_create(user=user, name=form.cleaned_data["name"])
    typer.echo(MSG_CREATED.format(name=token.name, email=user.email), err=True)
    typer.echo(secret)


@token_app.command("revoke")
def token_revoke(
    email: str = typer.Argument(..., help="The account's email address."),
    prefix: str = typer.Argument(..., help="The token's prefix, e.g. 1a2b3c4d or palg_1a2b3c4d."),
) -> None:
    """Revoke one of an account's API tokens, found by the prefix shown on the account page."""
    from palg.cli import setup_django

    setup_django()
    from palg.accounts.services import TOKEN_PREFIX, api_token_revoke

    user = _account(email)
    prefix = prefix.strip().removeprefix(f"{TOKEN_PREFIX}_").split("_")[0]
    token = user.api_tokens.filter(prefix=prefix).first() if prefix.isalnum() else None
    if token is None:
        _fail(MSG_NO_TOKEN.format(email=user.email, prefix=prefix))
    done = api_token_revoke(user=user, token_id=token.pk)
    message = MSG_REVOKED if done else MSG_ALREADY_REVOKED
    typer.echo(message.format(name=token.name, prefix=token.prefix, email=user.email))
