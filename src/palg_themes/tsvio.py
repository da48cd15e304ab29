"""The files of `palg themes cluster`: statements in (TSV), clusters out (CSV rows).

Input: UTF-8 text (a byte order mark is allowed), tab-separated, first line exactly the header
`set<TAB>text` (names matched ignoring case and surrounding spaces), then one statement a line.
Blank lines are skipped; every other line needs a set and a text. Problems are collected with
their line numbers, up to MAX_PROBLEMS, and raised together as one InputError.

Output: header `row,cluster,label,released`; row is the 1-based data row of the input (blank
lines not counted), cluster is empty for a statement in no cluster.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from palg_themes.cluster import Clustering
from palg_themes.release import Release

HEADER = ("set", "text")
OUT_HEADER = ("row", "cluster", "label", "released")
MAX_PROBLEMS = 20

MSG_NOT_UTF8 = "is not UTF-8 text: byte {position} (line {line}) cannot be decoded. Save as UTF-8."
MSG_EMPTY = "is empty: it needs the header line set<TAB>text and one statement a line."
MSG_HEADER = "line 1 must be the header set<TAB>text (tab-separated), but it is {found}."
MSG_NO_ROWS = "has the header but no statement under it."
MSG_FIELDS = "line {line}: expected 2 tab-separated fields (set, text), found {found}."
MSG_NO_SET = "line {line}: the set is empty."
MSG_NO_TEXT = "line {line}: the text is empty."
MSG_QUOTES = "line {line}: {error} (a field that starts with a double quote must end with one)."
MSG_MORE = "… and {more} more problems."


class InputError(ValueError):
    """The statements file is unusable; the message lists every problem found (one a line)."""


@dataclass(frozen=True)
class Statement:
    set: str
    text: str


def decode(data: bytes) -> str:
    """data as text, or InputError naming the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(MSG_NOT_UTF8.format(position=error.start + 1, line=line)) from error


def read_statements(text: str) -> list[Statement]:
    """The statements of a TSV text, in order; InputError if anything is wrong."""
    if not text.strip():
        raise InputError(MSG_EMPTY)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True)
    problems: list[str] = []
    statements: list[Statement] = []
    try:
        header = next(reader)
        if tuple(name.strip().lower() for name in header) != HEADER:
            found = "“" + "<TAB>".join(header) + "”" if header else "blank"
            raise InputError(MSG_HEADER.format(found=found))
        for fields in reader:
            line = reader.line_num
            if not fields or all(not f.strip() for f in fields):
                continue
            if len(fields) != 2:
                problems.append(MSG_FIELDS.format(line=line, found=len(fields)))
                continue
            set_name, body = fields[0].strip(), " ".join(fields[1].split())
            if not set_name:
                problems.append(MSG_NO_SET.format(line=line))
            if not body:
                problems.append(MSG_NO_TEXT.format(line=line))
            if set_name and body:
                statements.append(Statement(set=set_name, text=body))
    except csv.Error as error:
        problems.append(MSG_QUOTES.format(line=reader.line_num, error=error))
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(MSG_MORE.format(more=len(problems) - MAX_PROBLEMS))
        raise InputError("\n".join(shown))
    if not statements:
        raise InputError(MSG_NO_ROWS)
    return statements


def output_rows(
    clustering: Clustering, releases: Mapping[int, Release]
) -> Iterator[tuple[str, str, str, str]]:
    """One (row, cluster, label, released) per statement, in input order."""
    labels = {c.id: c.label for c in clustering.clusters}
    for row, cluster in enumerate(clustering.labels, start=1):
        if cluster is None:
            yield (str(row), "", "", "false")
        else:
            released = "true" if releases[cluster].released else "false"
            yield (str(row), str(cluster), labels[cluster], released)
