"""`palg rounds PARTICIPANTS.csv --rounds R --min-size .. --max-size ..`: plan R regroupings of
the same people in which no pair meets twice wherever possible, keeping groups diverse, and say
which repeats could not be avoided.

Works on files alone: no database, so no Django setup.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from palg.grouping import csvio
from palg.people import csvfile
from palg_grouping import attributes as attrs
from palg_grouping.errors import Infeasible
from palg_grouping.rounds import RoundsPlan, plan_rounds

ROUND_COLUMNS = ("participant_id", "round", "group")
# People-file columns whose values are numbers: differences count in proportion to the range.
NUMERIC_COLUMNS = frozenset({"tenure_years"})
MSG_SIZES = "--max-size ({high}) must be at least --min-size ({low})."
MSG_INFEASIBLE = "No plan keeps every rule:"
MSG_ROUND = "Round {round}: {groups} groups ({sizes}); diversity {total:.1f}, {mean:.1f} per group"
MSG_SIZE_PART = "{count} of {size}"
MSG_NO_REPEATS = "No pair meets twice."
MSG_REPEATS = "{count} repeat(s) could not be avoided:"
MSG_REPEAT = "- {a} and {b} meet in rounds {rounds}"
MSG_WROTE = "Wrote {path}."


def rounds(
    participants: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="People CSV file."),
    ],
    rounds_: Annotated[int, typer.Option("--rounds", min=1, help="Number of regroupings.")],
    min_size: Annotated[int, typer.Option("--min-size", min=1, help="Smallest group.")],
    max_size: Annotated[int, typer.Option("--max-size", min=1, help="Largest group.")],
    seconds: Annotated[float, typer.Option(min=0.1, help="Time limit for the search.")] = 10.0,
    seed: Annotated[int, typer.Option(help="Random seed for the search.")] = 1,
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write participant_id,round,group.")
    ] = None,
    diversify: Annotated[
        str, typer.Option(help="Comma-separated columns to mix within each group.")
    ] = "",
) -> None:
    """Plan several regroupings in which no pair meets twice where possible."""
    if max_size < min_size:
        _fail([MSG_SIZES.format(low=min_size, high=max_size)])
    try:
        people = csvio.read_participants(participants)
        columns = [c.strip().lower() for c in diversify.split(",") if c.strip()]
        diversity = _diversity(people, columns)
    except csvio.InputError as error:
        _fail(error.problems)
    try:
        plan = plan_rounds(
            len(people.ids), rounds_, min_size=min_size, max_size=max_size,
            diversity=diversity, seed=seed, time_limit=seconds,
        )  # fmt: skip
    except Infeasible as error:
        _fail([MSG_INFEASIBLE, *(f"- {reason}" for reason in error.reasons)])
    if out is not None:
        write_rounds(out, people.ids, plan)
    typer.echo(summary_text(plan, people.ids))
    if out is not None:
        typer.echo(MSG_WROTE.format(path=out))


def _diversity(people: csvio.Participants, columns: list[str]):
    if not columns:
        return None
    attributes = []
    for name in columns:
        if name in NUMERIC_COLUMNS:
            values = csvio.numbers(people, name, "--diversify")
            attributes.append(attrs.Attribute(name, values, kind=attrs.NUMERIC))
        else:
            attributes.append(attrs.Attribute(name, csvio.column_of(people, name, "--diversify")))
    return attrs.diversity_matrix(attributes)


def summary_text(plan: RoundsPlan, ids: list[str]) -> str:
    """Per round the group sizes and diversity, then the repeats (or that there are none)."""
    lines = []
    for number, (row, total) in enumerate(
        zip(plan.labels, plan.diversity_per_round, strict=True), start=1
    ):
        sizes = Counter(Counter(row.tolist()).values())
        parts = ", ".join(
            MSG_SIZE_PART.format(count=count, size=size)
            for size, count in sorted(sizes.items(), reverse=True)
        )
        groups = sum(sizes.values())
        lines.append(
            MSG_ROUND.format(
                round=number, groups=groups, sizes=parts, total=total, mean=total / groups
            )
        )
    if not plan.repeats:
        lines.append(MSG_NO_REPEATS)
        return "\n".join(lines)
    lines.append(MSG_REPEATS.format(count=plan.repeat_count))
    for a, b, met in plan.repeats:
        shown = ", ".join(str(r + 1) for r in met)
        lines.append(MSG_REPEAT.format(a=ids[a], b=ids[b], rounds=shown))
    return "\n".join(lines)


def write_rounds(path: Path, ids: list[str], plan: RoundsPlan) -> None:
    """participant_id,round,group with rounds and groups numbered from 1, by round and group."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csvfile.writer(handle)
        writer.writerow(ROUND_COLUMNS)
        for number, row in enumerate(plan.labels, start=1):
            for person in sorted(range(len(ids)), key=lambda i: (int(row[i]), i)):
                writer.writerow([ids[person], number, int(row[person]) + 1])


def _fail(lines: list[str]):
    for line in lines:
        typer.echo(line, err=True)
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `palg rounds` to the `palg` command."""
    app.command("rounds")(rounds)
