"""`palg themes cluster STATEMENTS.tsv --out CLUSTERS.csv`: the cross-set clustering and release
rule on a file, without the database, so that it can be judged on data it has never seen; and
`palg themes recluster --organisation SLUG`, the same for an organisation's released statements.

`cluster` needs no database or Django: it reads the TSV, calls palg_themes (offline embeddings, no
network) and writes the CSV. Bad input exits 2 with the problem on stderr and writes nothing.
"""

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

MSG_UNREADABLE = "Cannot read {name}: {reason}."
MSG_UNWRITABLE = "Cannot write {name}: {reason}."
MSG_BAD_INPUT = "{name} {problem}"
MSG_SAME_FILE = "--out must not be the input file."
EXIT_BAD_INPUT = 2

themes_app = typer.Typer(
    help="Themes pooled across sets: clustering and the release rule.", no_args_is_help=True
)

PEOPLE_HELP = (
    "Fewest distinct people behind a released cluster (10 or more). The file has no person "
    "column: each statement counts as one person, as in palg each theme statement is one "
    "member's."
)


CLUSTER_HELP = (
    "Cluster statements into themes and say which clusters the release rule lets out. "
    "Writes one line per statement: row is the 1-based data row (blank lines not counted), "
    "cluster is empty for a statement in no cluster, label is the cluster's most "
    "characteristic words, released is true when the cluster's statements come from at least "
    "--min-sets sets and --min-people people (each statement counts as one person). "
    "Bad input exits 2 and writes nothing."
)


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(EXIT_BAD_INPUT)


def _write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file beside it, renamed over it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@themes_app.command("cluster", help=CLUSTER_HELP)
def themes_cluster(
    file: Annotated[
        str, typer.Argument(help="TSV with header set<TAB>text, one statement a line; - for stdin.")
    ],
    out: Annotated[
        Path,
        typer.Option("--out", help="CSV to write: row,cluster,label,released (one line a row)."),
    ],
    min_sets: Annotated[
        int,
        typer.Option(help="Fewest distinct sets behind a released cluster (3 or more)."),
    ] = 3,
    min_people: Annotated[int, typer.Option(help=PEOPLE_HELP)] = 10,
) -> None:
    import io

    from palg.people.csvfile import writer
    from palg_themes import InputError, ReleaseRule, cluster, output_rows, read_statements, release
    from palg_themes.tsvio import OUT_HEADER, decode

    try:
        rule = ReleaseRule(min_sets=min_sets, min_people=min_people)
    except ValueError as error:
        raise _fail(str(error)) from error
    name = "standard input" if file == "-" else file
    if file != "-" and Path(file).resolve() == out.resolve():
        raise _fail(MSG_SAME_FILE)
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as error:
        raise _fail(MSG_UNREADABLE.format(name=name, reason=error.strerror or error)) from error
    try:
        statements = read_statements(decode(data))
    except InputError as error:
        raise _fail(MSG_BAD_INPUT.format(name=name, problem=error)) from error

    texts = [s.text for s in statements]
    clustering = cluster(texts)
    members = {c.id: c.members for c in clustering.clusters}
    # No person column: each statement is one person (row number), as each theme statement
    # in palg is one member's.
    releases = release(members, [s.set for s in statements], list(range(len(texts))), rule)

    buffer = io.StringIO()
    rows = writer(buffer, lineterminator="\n")
    rows.writerow(OUT_HEADER)
    for row in output_rows(clustering, releases):
        rows.writerow(row)
    try:
        _write_atomically(out, buffer.getvalue())
    except OSError as error:
        raise _fail(MSG_UNWRITABLE.format(name=out, reason=error.strerror or error)) from error
    shown = sum(r.released for r in releases.values())
    typer.echo(
        f"{len(texts)} statements, {len(clustering.clusters)} clusters, {shown} released; "
        f"wrote {out}.",
        err=True,
    )


# `palg themes recluster`: the database's own clustering (sets up Django when it runs) -------
# It recomputes an organisation's theme clusters from its released statements (what the task
# does after every release or withdrawal) and prints only how many clusters there are: which of
# them meet the release rule is for the theme map.

MSG_NO_ORGANISATION = "No organisation with the slug {slug!r}."
MSG_DONE = "{name}: {count} theme cluster(s) recomputed from its released statements."


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
    """Add `palg themes` to the app."""
    app.add_typer(themes_app, name="themes")
