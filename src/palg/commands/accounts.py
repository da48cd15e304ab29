"""`palg accounts invite --organisation SLUG [--all-without-account | EMAIL...]`: invite people
of the directory who have no account, through the same service as the Invitations page. The
operator acts for the whole organisation. One line per person, then a summary."""

from typing import Annotated

import typer

accounts_app = typer.Typer(help="Invite people to make their accounts.", no_args_is_help=True)

MSG_INVITED = "Invited {name} <{email}>"
MSG_SKIPPED = "Skipped {name} <{email}>: {reason}"
MSG_UNKNOWN = "Unknown {value}: no one in the organisation has this email or id"
MSG_SUMMARY = "{invited} invited, {skipped} skipped, {unknown} unknown."
MSG_CHOOSE = "Name people by email (or directory id), or give --all-without-account; not both."
MSG_NO_ORGANISATION = "No organisation has the slug {slug!r}."


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code=1)


@accounts_app.command("invite")
def invite(
    organisation: Annotated[
        str, typer.Option("--organisation", help="Slug of the people's organisation.")
    ],
    emails: Annotated[
        list[str] | None,
        typer.Argument(metavar="EMAIL...", help="Emails or directory ids of the people."),
    ] = None,
    all_without_account: Annotated[
        bool,
        typer.Option("--all-without-account", help="Invite everyone who has no account yet."),
    ] = False,
) -> None:
    """Email each person a link to choose a password (valid PALG_INVITE_DAYS days, once)."""
    from palg.cli import setup_django

    setup_django()
    from django.core.exceptions import ValidationError

    from palg.accounts.invitations import invitations_create_for_organisation
    from palg.people.models import Organisation

    if bool(emails) == all_without_account:
        _fail(MSG_CHOOSE)
    found = Organisation.objects.filter(slug=organisation).first()
    if found is None:
        _fail(MSG_NO_ORGANISATION.format(slug=organisation))
    try:
        result = invitations_create_for_organisation(
            organisation=found, identifiers=emails or [], all_without_account=all_without_account
        )
    except ValidationError as error:
        for message in error.messages:
            typer.echo(message, err=True)
        raise typer.Exit(code=1) from error
    for invitation in result.invited:
        person = invitation.person
        typer.echo(MSG_INVITED.format(name=person.name, email=person.email))
    for person, reason in result.skipped:
        typer.echo(MSG_SKIPPED.format(name=person.name, email=person.email, reason=reason))
    for value in result.unknown:
        typer.echo(MSG_UNKNOWN.format(value=value))
    typer.echo(
        MSG_SUMMARY.format(
            invited=len(result.invited), skipped=len(result.skipped), unknown=len(result.unknown)
        )
    )
