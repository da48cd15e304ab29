"""`palg mdgp INSTANCE --seconds S --out FILE`: solve one MDGPLIB benchmark instance.

Needs no database: reads the instance, solves it with palg_grouping, writes one group index
per line (element order) and prints the objective.
"""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

MSG_OBJECTIVE = "objective {objective:.6f}"


class Strategy(StrEnum):
    """How the engine searches (see palg_grouping.form_groups)."""

    auto = "auto"
    memetic = "memetic"
    tabu = "tabu"


MSG_SUMMARY = "{n} elements, {groups} groups, {iterations} iterations in {elapsed:.2f} s"


def mdgp(
    instance: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="MDGPLIB file.")
    ],
    seconds: Annotated[float, typer.Option("--seconds", help="Time limit (wall clock).")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the solution.")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    workers: Annotated[
        int, typer.Option("--workers", help="Independent searches in parallel processes.")
    ] = 1,
    strategy: Annotated[
        Strategy,
        typer.Option(
            "--strategy",
            help="memetic (a pool of tabu searches recombined), tabu (one iterated tabu "
            "search), or auto (memetic from 24 to 1,000 elements, tabu otherwise).",
        ),
    ] = Strategy.auto,
) -> None:
    """Solve an MDGPLIB instance (maximally diverse grouping) and write the solution."""
    from palg_grouping import form_groups
    from palg_grouping.mdgplib import read_instance, write_solution

    problem = read_instance(instance)
    result = form_groups(
        problem, seed=seed, time_limit=seconds, workers=workers, strategy=strategy.value
    )
    write_solution(out, result.labels)
    typer.echo(
        MSG_SUMMARY.format(
            n=problem.n,
            groups=problem.groups,
            iterations=result.iterations,
            elapsed=result.elapsed,
        )
    )
    typer.echo(MSG_OBJECTIVE.format(objective=result.objective))


def register(app: typer.Typer) -> None:
    """Add `palg mdgp` to the app."""
    app.command(name="mdgp")(mdgp)
