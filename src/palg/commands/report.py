"""`palg report programme ID --html FILE --pdf FILE --csv FILE`: write a programme's report
(README: The programme report). The command line is the operator's: it gets the full pooled
view a lead gets (no per-set figure, the floor still holds), never the sponsor's."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

MSG_NO_OUTPUT = "Say what to write: at least one of --html FILE, --pdf FILE, --csv FILE."
MSG_NOT_FOUND = "No programme with id {id}."
MSG_CANNOT_WRITE = "Cannot write {file}: {reason}."
MSG_WROTE = "Wrote the {kind} report of {name!r} to {file}."

report_app = typer.Typer(help="Reports on programmes.", no_args_is_help=True)


@report_app.command("programme")
def report_programme(
    programme_id: Annotated[int, typer.Argument(metavar="ID", help="The programme's id.")],
    html: Annotated[Path | None, typer.Option("--html", metavar="FILE")] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", metavar="FILE")] = None,
    csv: Annotated[Path | None, typer.Option("--csv", metavar="FILE")] = None,
) -> None:
    """Write a programme's report as HTML, PDF and/or CSV (the lead's full pooled view)."""
    if not (html or pdf or csv):
        typer.echo(MSG_NO_OUTPUT, err=True)
        raise typer.Exit(1)
    from palg.cli import setup_django

    setup_django()
    from palg.impact import exports
    from palg.impact.floor import Audience
    from palg.impact.report import build_report
    from palg.programmes.models import Programme

    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        typer.echo(MSG_NOT_FOUND.format(id=programme_id), err=True)
        raise typer.Exit(1)
    report = build_report(programme, Audience.OVERSEER)
    outputs = [
        ("HTML", html, lambda: exports.pdf_html(report).encode()),
        ("PDF", pdf, lambda: exports.pdf_bytes(report)),
        ("CSV", csv, lambda: exports.csv_text(report).encode()),
    ]
    for kind, file, render in outputs:
        if file is None:
            continue
        try:
            file.write_bytes(render())
        except OSError as error:
            typer.echo(MSG_CANNOT_WRITE.format(file=file, reason=error.strerror), err=True)
            raise typer.Exit(1) from None
        typer.echo(MSG_WROTE.format(kind=kind, name=programme.name, file=file))


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")
