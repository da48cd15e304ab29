"""`palg accounts invite --organisation SLUG [--all-without-account | EMAIL...]`: invite people
of the directory who have no account, through the same service as the Invitations page. The
operator acts for the whole organisation. One line per person, then a summary.

`palg accounts admin --organisation SLUG [--create NAME] [--name NAME] EMAIL`: how a new install
gets its first organisation admin (palg.accounts.admins)."""

from typing import Annotated

import typer

accounts_app = typer.Typer(
    help="Invite people to make their accounts; appoint organisation admins.", no_args_is_help=True
)

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


MSG_CREATED = "Created the organisation {name} ({slug})."
MSG_ADDED = "Added {name} <{email}> to the directory."
MSG_ADMIN_INVITED = (
    "Invited {name} <{email}> as organisation admin; the link works until {expires}."
)
MSG_ADMIN_MADE = "{email} is now an organisation admin of {organisation}."
MSG_ADMIN_ALREADY = "{email} is an organisation admin of {organisation} already."


@accounts_app.command("admin")
def admin(
    organisation: Annotated[str, typer.Option("--organisation", help="Slug of the organisation.")],
    email: Annotated[str, typer.Argument(metavar="EMAIL", help="The admin's email.")],
    create: Annotated[
        str,
        typer.Option("--create", metavar="NAME", help="Create the organisation with this name."),
    ] = "",
    name: Annotated[
        str,
        typer.Option("--name", help="The admin's name, if they are not in the directory yet."),
    ] = "",
    external_id: Annotated[
        str,
        typer.Option("--id", help="Their directory id when added (default: the email)."),
    ] = "",
) -> None:
    """Make someone an organisation admin: invited by email, or at once if they have an account."""
    from palg.cli import setup_django

    setup_django()
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from palg.accounts.admins import organisation_admin_appoint

    try:
        done = organisation_admin_appoint(
            slug=organisation, email=email, create=create, name=name, external_id=external_id
        )
    except ValidationError as error:
        for message in error.messages:
            typer.echo(message, err=True)
        raise typer.Exit(code=1) from error
    org = done.organisation
    if done.created:
        typer.echo(MSG_CREATED.format(name=org.name, slug=org.slug))
    if done.added:
        typer.echo(MSG_ADDED.format(name=done.person.name, email=done.person.email))
    if done.invitation is not None:
        expires = f"{timezone.localtime(done.invitation.expires_at):%d %B %Y}"
        typer.echo(
            MSG_ADMIN_INVITED.format(
                name=done.person.name, email=done.person.email, expires=expires
            )
        )
    else:
        template = MSG_ADMIN_ALREADY if done.already else MSG_ADMIN_MADE
        typer.echo(template.format(email=done.account.email, organisation=org.name))
