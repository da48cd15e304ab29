"""Reading a CSV file of rows under a header, as the people import and `palg group` both do,
and the checks of single values that need no database.

The file is UTF-8, with or without a byte order mark; the first non-blank line is the header,
whose names are matched ignoring case and surrounding spaces; blank lines are skipped; spaces
around values are removed. Every problem is collected with its row and column rather than
stopping at the first, rows counted as a spreadsheet shows them (header = row 1 when it comes
first). The format is documented in docs/import-format.md.

No Django here, at module level or below: `palg group` reads files without a database. The web
import and the command line word the whole-file problems differently, so they pass their own
`Wording`; the field-level messages are the same everywhere.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from palg.people.slots import DAYS, PARTS, parse_slots

MSG_NOT_UTF8 = (
    "The file must be UTF-8 encoded, but the byte at offset {offset} (row {row}) is not valid "
    "UTF-8. In your spreadsheet, save it as “CSV UTF-8”."
)
MSG_UNREADABLE = "The file could not be read: {error}."
MSG_EMPTY_FILE = "The file is empty. It needs a header row and one row per line of data."
MSG_NO_ROWS = "The file has a header row but nothing under it."
MSG_MISSING_COLUMN = "The required column “{column}” is missing from the header row."
MSG_DUPLICATE_COLUMN = "The column “{column}” appears more than once in the header row."
MSG_BLANK_COLUMN = "Column {position} of the header row has no name. Name it or delete it."
MSG_FIELD_COUNT = (
    "This row has {found} fields but the header row has {expected}. Check for missing or extra "
    "commas, and put values that contain commas in double quotes."
)
MSG_REQUIRED_VALUE = "A value is required."
MSG_DUPLICATE_ID = "The id “{value}” is already used on row {first_row}."
MSG_BAD_SLOT = (
    "“{token}” is not an availability slot. Use day-part codes separated by semicolons, "
    "such as mon-am;thu-pm (days: {days}; parts: {parts})."
)
MSG_CONTROL_CHARACTER = (
    "This value contains an invisible control character (code {code}). Remove it; it usually "
    "comes from copying out of another system."
)
MSG_BAD_TENURE = (
    "“{value}” is not a valid number of years. Use a number from 0 to 9999.9, such as 3 or 2.5."
)
TENURE_MAX = Decimal("9999.9")
TENURE_STEP = Decimal("0.1")
SLOT_DAYS = ", ".join(DAYS)
SLOT_PARTS = ", ".join(PARTS)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file; `row` counts the header as row 1, None for the whole file."""

    row: int | None
    column: str | None
    message: str


class CsvError(Exception):
    """The file cannot be read at all; `problems` says why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(problem.message for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class Wording:
    """The whole-file messages, worded for where the file comes from."""

    not_utf8: str = MSG_NOT_UTF8
    unreadable: str = MSG_UNREADABLE
    empty: str = MSG_EMPTY_FILE
    no_rows: str = MSG_NO_ROWS


PLAIN = Wording()


@dataclass
class Row:
    number: int
    values: dict[str, str]  # by lower-case column name, stripped


@dataclass
class Table:
    """The rows of a file with the right number of fields, and the problems found so far."""

    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Rows with the wrong number of fields, left out of `rows`: (row number, fields).
    malformed: list[tuple[int, list[str]]] = field(default_factory=list)

    def add(self, number: int, record: list[str]) -> None:
        if len(record) != len(self.columns):
            message = MSG_FIELD_COUNT.format(found=len(record), expected=len(self.columns))
            self.problems.append(Problem(number, None, message))
            self.malformed.append((number, record))
            return
        values = {name: value.strip() for name, value in zip(self.columns, record, strict=True)}
        self.rows.append(Row(number, values))

    def loose_values(self, column: str) -> set[str]:
        """The values in `column` of the malformed rows that reach it, as far as they can be
        told: the field at the column's position."""
        if column not in self.columns:
            return set()
        at = self.columns.index(column)
        return {record[at].strip() for _, record in self.malformed if at < len(record)}


def read(data: bytes, required: Sequence[str] = (), wording: Wording = PLAIN) -> Table:
    """Decode and parse `data` and check its header for blank, repeated and missing (`required`)
    columns. Raises CsvError when there is nothing to check rows against (not UTF-8, not CSV,
    empty); otherwise the Table lists the problems found, whole-file ones first."""
    records = _records(decode(data, wording), wording)
    header_at = next((i for i, record in enumerate(records) if not _blank(record)), None)
    if header_at is None:
        raise CsvError([Problem(None, None, wording.empty)])
    header_row = header_at + 1
    columns = [name.strip().lower() for name in records[header_at]]
    table = Table(columns, problems=header_problems(columns, header_row, required))
    data_rows = 0
    for number, record in enumerate(records[header_at + 1 :], start=header_row + 1):
        if not _blank(record):
            data_rows += 1
            table.add(number, record)
    if not data_rows:
        table.problems.insert(0, Problem(None, None, wording.no_rows))
    return table


def decode(data: bytes, wording: Wording = PLAIN) -> str:
    """UTF-8 text without a byte order mark; CsvError naming the offset and row of the first
    byte that is not UTF-8 (counted from the start of the file), or saying the file is empty."""
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skip + error.start
        row = data.count(b"\n", 0, offset) + 1
        message = wording.not_utf8.format(offset=offset, row=row)
        raise CsvError([Problem(row, None, message)]) from error
    if not text.strip():
        raise CsvError([Problem(None, None, wording.empty)])
    return text


def header_problems(columns: list[str], row: int, required: Sequence[str]) -> list[Problem]:
    """Blank and repeated column names in header order, then each missing required column."""
    problems = []
    seen: set[str] = set()
    for position, column in enumerate(columns, start=1):
        if not column:
            problems.append(Problem(row, None, MSG_BLANK_COLUMN.format(position=position)))
        elif column in seen:
            problems.append(Problem(row, column, MSG_DUPLICATE_COLUMN.format(column=column)))
        seen.add(column)
    problems += [
        Problem(row, column, MSG_MISSING_COLUMN.format(column=column))
        for column in required
        if column not in seen
    ]
    return problems


def required(row: Row, columns: Iterable[str]) -> list[Problem]:
    """A problem for each of `columns` left empty in `row`."""
    return [
        Problem(row.number, column, MSG_REQUIRED_VALUE)
        for column in columns
        if not row.values[column]
    ]


def repeats(
    values: Iterable[tuple[int, str]],
    column: str,
    message: str = MSG_DUPLICATE_ID,
    key: Callable[[str], str] = str,
) -> list[Problem]:
    """A problem for each (row, value) whose value, compared by `key`, an earlier row already
    has, naming that first row; empty values are never repeats."""
    first: dict[str, int] = {}
    problems = []
    for row, value in values:
        compared = key(value)
        if compared in first:
            text = message.format(value=value, first_row=first[compared])
            problems.append(Problem(row, column, text))
        elif compared:
            first[compared] = row
    return problems


def slots(row: int, column: str, raw: str) -> tuple[list[str], list[Problem]]:
    """The availability slots in `raw` (canonical order) and a problem for each token that is
    not one."""
    good, bad = parse_slots(raw)
    return good, [Problem(row, column, bad_slot(token)) for token in bad]


def bad_slot(token: str) -> str:
    return MSG_BAD_SLOT.format(token=token, days=SLOT_DAYS, parts=SLOT_PARTS)


def control_characters(row: Row) -> list[Problem]:
    """Control characters other than tab and newline: PostgreSQL refuses NUL outright, and the
    rest are never meant in a directory."""
    problems = []
    for column, value in row.values.items():
        bad = next((c for c in value if ord(c) < 32 and c not in "\t\n\r"), None)
        if bad is not None:
            message = MSG_CONTROL_CHARACTER.format(code=f"U+{ord(bad):04X}")
            problems.append(Problem(row.number, column, message))
    return problems


def tenure(row: Row, column: str) -> tuple[Decimal | None, list[Problem]]:
    """Years from 0 to TENURE_MAX to one decimal place (None when empty), or a problem."""
    raw = row.values[column]
    if not raw:
        return None, []
    try:
        years = Decimal(raw)
    except InvalidOperation:
        years = None
    if years is None or not years.is_finite() or years < 0 or years > TENURE_MAX:
        return None, [Problem(row.number, column, MSG_BAD_TENURE.format(value=raw))]
    return years.quantize(TENURE_STEP, rounding=ROUND_HALF_UP), []


def describe(problem: Problem, source: str = "") -> str:
    """`people.csv, row 4, column email: message`, leaving out whatever the problem has no
    place for (`file: message` when that is everything)."""
    where = [source] if source else []
    if problem.row is not None:
        where.append(f"row {problem.row}")
    if problem.column:
        where.append(f"column {problem.column}")
    return f"{', '.join(where) or 'file'}: {problem.message}"


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """Whole-file problems first, then by row; the order found is kept within a row."""
    return sorted(problems, key=lambda problem: (problem.row is not None, problem.row or 0))


def _records(text: str, wording: Wording) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as error:
        message = wording.unreadable.format(error=error)
        raise CsvError([Problem(reader.line_num, None, message)]) from error


def _blank(record: list[str]) -> bool:
    return not any(value.strip() for value in record)
