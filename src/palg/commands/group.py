"""`palg group PARTICIPANTS.csv --out GROUPS.csv ...`: form diverse groups from a people file,
keeping every hard rule (sizes, teams and managers apart, conflicts, earlier rounds, a shared
meeting slot), and print a summary a programme lead can read.

Works on files alone: no database, so no Django setup. The work is in palg.grouping.forming,
imported when the command runs so that other `palg` commands start without numpy and scipy.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from palg.grouping import DEFAULT_DIVERSIFY, csvio

if TYPE_CHECKING:
    from palg.grouping.forming import GroupOptions, Prepared

MSG_SIZES = "--max-size ({high}) must be at least --min-size ({low})."
MSG_INFEASIBLE = "No grouping keeps every rule:"
MSG_HINT = (
    "No single cause was found. Try a wider size range, fewer rules, or check the availability "
    "column: people who share few free slots are the usual reason."
)
MSG_WROTE = "Wrote {path}."
MSG_NO_FOLDER = "Cannot write {path}: the folder {folder} does not exist."
MSG_WRITE_FAILED = "Cannot write {path}: {error}."


# The command ---------------------------------------------------------------------------------


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip().lower() for part in value.split(",") if part.strip())


def group(
    participants: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            metavar="PARTICIPANTS.csv",
            help="People file in the import format (docs/import-format.md).",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", metavar="GROUPS.csv", help="Where to write the groups.")
    ],
    min_size: Annotated[int, typer.Option("--min-size", min=1, help="Smallest group.")] = 5,
    max_size: Annotated[int, typer.Option("--max-size", min=1, help="Largest group.")] = 7,
    diversify: Annotated[
        str, typer.Option(help="Comma-separated columns to mix within each group.")
    ] = ",".join(DEFAULT_DIVERSIFY),
    separate: Annotated[
        str, typer.Option(help="Comma-separated columns whose people never share a group.")
    ] = "",
    no_manager_pairs: Annotated[
        bool, typer.Option("--no-manager-pairs", help="Keep managers apart from their reports.")
    ] = False,
    conflicts: Annotated[
        Path | None,
        typer.Option(
            exists=True, dir_okay=False, metavar="FILE", help="CSV of a_id,b_id pairs kept apart."
        ),
    ] = None,
    history: Annotated[
        list[Path] | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            metavar="FILE",
            help="CSV of participant_id,round,group (or an earlier GROUPS.csv) from earlier "
            "rounds: no one meets a group-mate again. Repeat for several files.",
        ),
    ] = None,
    availability: Annotated[
        str | None,
        typer.Option(metavar="COLUMN", help="Column of free slots; each group shares one."),
    ] = None,
    balance: Annotated[
        str,
        typer.Option(
            help="Comma-separated columns whose mix should be about the same in every group as "
            "in the whole population (e.g. gender), a soft goal next to diversity."
        ),
    ] = "",
    balance_weight: Annotated[
        float,
        typer.Option(
            min=0.0,
            help="How much balance counts: 1 weighs each --balance column like one more "
            "--diversify column at its most mixed; raise it to favour balance over diversity.",
        ),
    ] = 1.0,
    even_sizes: Annotated[
        bool,
        typer.Option(
            "--even-sizes",
            help="Make group sizes differ by at most one (e.g. 6 and 7, not 5 and 7). Without "
            "it the search may favour the largest groups, which have the most pairs.",
        ),
    ] = False,
    seconds: Annotated[
        float,
        typer.Option(
            min=0.1,
            help="Time budget for the whole command, from reading the files to writing GROUPS.csv. "
            "The search gets what is left after reading and checking the files, less 1.5 times "
            "that for the engine's set-up and the output, but never less than a tenth of the "
            "budget or 1 s (all of a budget under 1 s). Python's own start-up, about 0.3 s, "
            "comes before the clock starts.",
        ),
    ] = 20.0,
    seed: Annotated[int, typer.Option(help="Random seed for the search.")] = 1,
    workers: Annotated[
        int, typer.Option(min=1, help="Independent searches run in parallel; the best is kept.")
    ] = 1,
) -> None:
    """Form diverse groups from a people CSV file and write GROUPS.csv."""
    started = time.perf_counter()
    from palg.grouping import forming

    if max_size < min_size:
        typer.echo(MSG_SIZES.format(low=min_size, high=max_size), err=True)
        raise typer.Exit(1)
    options = forming.GroupOptions(
        participants=participants,
        min_size=min_size,
        max_size=max_size,
        diversify=_split(diversify),
        separate=_split(separate),
        no_manager_pairs=no_manager_pairs,
        conflicts=conflicts,
        history=tuple(history or ()),
        availability=availability.strip().lower() if availability else None,
        even_sizes=even_sizes,
        balance=_split(balance),
        balance_weight=balance_weight,
    )
    if not out.parent.is_dir():  # before the search, not after it
        _fail([MSG_NO_FOLDER.format(path=out, folder=out.parent)])
    prepared = _prepare_or_exit(options)
    building = time.perf_counter() - started
    forming.load_engine(prepared)
    spent = time.perf_counter() - started
    search = forming.search_seconds(seconds, spent=spent, building=building)
    result = _solve_or_exit(prepared, seconds=search, seed=seed, workers=workers)
    ids = prepared.participants.ids
    try:
        csvio.write_groups(out, ids, result.labels, result.slots, prepared.slot_codes)
    except OSError as error:
        _fail([MSG_WRITE_FAILED.format(path=out, error=error.strerror or error)])
    typer.echo(forming.summary_text(prepared, result))
    typer.echo(MSG_WROTE.format(path=out))


def _prepare_or_exit(options: GroupOptions) -> Prepared:
    from palg.grouping.forming import prepare

    try:
        prepared = prepare(options)
    except csvio.InputError as error:
        _fail(error.problems)
    for note in prepared.notes:
        typer.echo(note, err=True)
    if prepared.reasons:
        _fail([MSG_INFEASIBLE, *(f"- {reason}" for reason in prepared.reasons)])
    return prepared


def _solve_or_exit(prepared: Prepared, *, seconds: float, seed: int, workers: int):
    from palg.grouping.forming import solve
    from palg_grouping.errors import Infeasible

    try:
        if sys.stdout.isatty() and workers == 1:
            return _solve_with_bar(prepared, seconds=seconds, seed=seed)
        return solve(prepared, seconds=seconds, seed=seed, workers=workers)
    except Infeasible as error:
        # The checks already ran with names (prepare) and found nothing, so the engine's own
        # reasons are all there is; say where to look.
        _fail([MSG_INFEASIBLE, *(f"- {reason}" for reason in error.reasons), MSG_HINT])


def _solve_with_bar(prepared: Prepared, *, seconds: float, seed: int):
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from palg.grouping.forming import solve

    columns = (
        TextColumn("Forming groups"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%  diversity {task.fields[best]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("search", total=1.0, best="-")

        def progress(fraction: float, best: float) -> None:
            bar.update(task, completed=min(fraction, 1.0), best=f"{best:,.1f}")

        return solve(prepared, seconds=seconds, seed=seed, progress=progress)


def _fail(lines: list[str]):
    for line in lines:
        typer.echo(line, err=True)
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `palg group` to the `palg` command."""
    app.command("group")(group)
