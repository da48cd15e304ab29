"""`palg import people FILE.csv --organisation SLUG`: the operator's import, writing all or
nothing, with the same checks as the web import."""

from pathlib import Path
from typing import Annotated

import typer

MSG_DRY_RUN = "Dry run: nothing was written."
MSG_RESULT = "{rows} rows: {created} created, {updated} updated, {unchanged} unchanged."
MSG_FAILED = "{count} problem(s) found; nothing was written."
MSG_LEAVERS = "{count} account(s) of people marked as having left deactivated."
MSG_LEAVERS_DRY = "{count} account(s) of people marked as having left would be deactivated."


def import_people(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="The CSV file to import."),
    ],
    organisation: Annotated[
        str, typer.Option("--organisation", help="Slug of the organisation to import into.")
    ],
    create_organisation: Annotated[
        str | None,
        typer.Option(
            "--create-organisation",
            metavar="NAME",
            help="Create the organisation with this name if the slug is unknown.",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check the file and show what would change; write nothing."),
    ] = False,
    invite: Annotated[
        bool,
        typer.Option(
            "--invite", help="Invite the people in the file who have no account (one email each)."
        ),
    ] = False,
) -> None:
    """Import people from a CSV file (format: docs/import-format.md)."""
    from palg.cli import setup_django

    setup_django()
    from django.conf import settings

    from palg.people.importing import PeopleImportError, format_problem
    from palg.people.services import OrganisationError, people_import_for_slug

    with file.open("rb") as handle:
        data = handle.read(settings.IMPORT_MAX_BYTES + 1)
    try:
        _, report = people_import_for_slug(
            slug=organisation, data=data, create_name=create_organisation, commit=not dry_run
        )
    except OrganisationError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    except PeopleImportError as error:
        for problem in error.problems:
            typer.echo(format_problem(problem), err=True)
        typer.echo(MSG_FAILED.format(count=len(error.problems)), err=True)
        raise typer.Exit(1) from error
    typer.echo(
        MSG_RESULT.format(
            rows=report.rows,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
        )
    )
    for respelling in report.respellings:
        typer.echo(respelling.describe())
    if report.deactivated:
        typer.echo((MSG_LEAVERS_DRY if dry_run else MSG_LEAVERS).format(count=report.deactivated))
    if dry_run:
        typer.echo(MSG_DRY_RUN)
    elif invite:
        from palg.accounts.invitations import invitations_for_import, invitations_summary
        from palg.people.models import Organisation

        found = Organisation.objects.get(slug=organisation)
        typer.echo(invitations_summary(invitations_for_import(organisation=found, report=report)))


def register(import_app: typer.Typer) -> None:
    """Add `people` to the `palg import` commands."""
    import_app.command("people")(import_people)
