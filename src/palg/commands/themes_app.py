"""`palg themes recluster --organisation SLUG`: recompute an organisation's theme clusters from
its released statements (what the task does after every release or withdrawal). It prints only
how many clusters there are: which of them meet the release rule is for the theme map."""

from __future__ import annotations

from typing import Annotated

import typer

MSG_NO_ORGANISATION = "No organisation with the slug {slug!r}."
MSG_DONE = "{name}: {count} theme cluster(s) recomputed from its released statements."

themes_app = typer.Typer(help="Themes pooled across sets.", no_args_is_help=True)


@themes_app.command("recluster")
def themes_recluster(
    organisation: Annotated[
        str, typer.Option("--organisation", metavar="SLUG", help="The organisation's slug.")
    ],
) -> None:
    """Recompute an organisation's theme clusters from its released statements."""
    from palg.cli import setup_django

    setup_django()
    from palg.people.models import Organisation
    from palg.themes.services import themes_recluster as recluster

    found = Organisation.objects.filter(slug=organisation).first()
    if found is None:
        typer.echo(MSG_NO_ORGANISATION.format(slug=organisation), err=True)
        raise typer.Exit(2)
    count = recluster(organisation_id=found.pk)
    typer.echo(MSG_DONE.format(name=found.name, count=count))


def register(app: typer.Typer) -> None:
    app.add_typer(themes_app, name="themes")
