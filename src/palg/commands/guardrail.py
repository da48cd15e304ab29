"""`palg guardrail FILE`: label contributions question / advice / other, one per line.

Needs no database: reads FILE (or standard input for `-`), one contribution per line, and prints
one verdict per line, in order. With `--explain` each line also carries the finer kind, the cues
that fired with the words they matched, and the nudge an author would see, tab-separated.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

MSG_NOT_UTF8 = (
    "{name} is not UTF-8 text: byte {position} (line {line}) cannot be decoded. Save it as UTF-8."
)
MSG_UNREADABLE = "Cannot read {name}: {reason}."
NONE = "-"


def _read(file: str) -> str:
    """The text of FILE or of standard input, or exit 1 with a clear message."""
    name = "standard input" if file == "-" else file
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as error:
        typer.echo(MSG_UNREADABLE.format(name=name, reason=error.strerror or error), err=True)
        raise typer.Exit(1) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = MSG_NOT_UTF8.format(name=name, position=error.start + 1, line=line)
        typer.echo(message, err=True)
        raise typer.Exit(1) from error


def _lines(text: str) -> list[str]:
    """One contribution per line; a final newline does not add an empty contribution."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def _explained(verdict) -> str:
    cues = "; ".join(f'{c.name}="{" ".join(c.span.split())}"' for c in verdict.cues)
    return "\t".join([verdict.label, verdict.kind, cues or NONE, verdict.suggestion or NONE])


def guardrail(
    file: Annotated[str, typer.Argument(help="Contributions, one per line; - for stdin.")],
    explain: Annotated[
        bool, typer.Option("--explain", help="Add kind, cues and suggestion (tab-separated).")
    ] = False,
) -> None:
    """Label each line question, advice or other (the questions-only guardrail)."""
    from palg_guardrail import classify

    for line in _lines(_read(file)):
        verdict = classify(line)
        typer.echo(_explained(verdict) if explain else verdict.label)


def register(app: typer.Typer) -> None:
    """Add `palg guardrail` to the app."""
    app.command(name="guardrail")(guardrail)
