"""`palg instruments score ANSWERS.csv` and `palg evaluate paired PAIRS.csv`: score answers and
compute paired change outside the web app, so both can be checked by hand.

Neither needs a database or Django: they read a CSV (or standard input for `-`), call
palg_evaluation and print. Bad input exits 1 with the line named on stderr and nothing on stdout.
"""

import io
import sys
from pathlib import Path
from typing import Annotated

import typer

MSG_NOT_UTF8 = "{name} is not UTF-8 text: byte {position} (line {line}) cannot be decoded."
MSG_UNREADABLE = "Cannot read {name}: {reason}."
MSG_BAD_LINE = "{name} {problem}"

instruments_app = typer.Typer(
    help="The validated instruments palg ships, and scoring their answers.", no_args_is_help=True
)
evaluate_app = typer.Typer(help="Statistics of change between waves.", no_args_is_help=True)


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(1)


def _read(file: str) -> tuple[str, str]:
    """(name, text) of FILE or standard input, or exit 1 with a clear message."""
    name = "standard input" if file == "-" else file
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as error:
        raise _fail(MSG_UNREADABLE.format(name=name, reason=error.strerror or error)) from error
    try:
        return name, data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = MSG_NOT_UTF8.format(name=name, position=error.start + 1, line=line)
        raise _fail(message) from error


@instruments_app.command("score")
def instruments_score(
    file: Annotated[
        str, typer.Argument(help="CSV with header respondent,item,value; - for stdin.")
    ],
) -> None:
    """Print respondent,scale,score for every scale with at least half its items answered."""
    from palg.people.csvfile import writer
    from palg_evaluation.csvio import SCORES_HEADER, InputError, read_answers, score_rows

    name, text = _read(file)
    try:
        answers = read_answers(text)
    except InputError as error:
        raise _fail(MSG_BAD_LINE.format(name=name, problem=error)) from error
    out = io.StringIO()
    out.write(SCORES_HEADER + "\n")
    rows = writer(out, lineterminator="\n")
    for row in score_rows(answers):
        rows.writerow(row)
    typer.echo(out.getvalue(), nl=False)


@evaluate_app.command("paired")
def evaluate_paired(
    file: Annotated[
        str, typer.Argument(help="CSV with header respondent,before,after; - for stdin.")
    ],
    seed: Annotated[int | None, typer.Option(help="Seed of the bootstrap CI.")] = None,
    min_n: Annotated[int, typer.Option("--min-n", min=3, help="Fewest pairs for inference.")] = 12,
) -> None:
    """Print paired change as JSON: n, mean_diff, d_z, hedges_g, ci95_d_z, wilcoxon_p and more."""
    from palg_evaluation.csvio import InputError, paired_json, read_pairs
    from palg_evaluation.stats import DEFAULT_SEED, paired_change

    name, text = _read(file)
    try:
        _, before, after = read_pairs(text)
    except InputError as error:
        raise _fail(MSG_BAD_LINE.format(name=name, problem=error)) from error
    result = paired_change(before, after, seed=DEFAULT_SEED if seed is None else seed, min_n=min_n)
    typer.echo(paired_json(result))


def register(app: typer.Typer) -> None:
    """Add `palg instruments` and `palg evaluate` to the app."""
    app.add_typer(instruments_app, name="instruments")
    app.add_typer(evaluate_app, name="evaluate")
