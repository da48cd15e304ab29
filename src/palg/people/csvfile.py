"""Reading a CSV file of rows under a header, as the people import and `palg group` both do,
and the checks of single values that need no database.

The file is UTF-8, with or without a byte order mark; the first non-blank line is the header,
whose names are matched ignoring case and surrounding spaces; the columns are separated by
commas, semicolons (what Excel writes where the comma is the decimal separator) or tabs, told
from the header row; blank lines are skipped; spaces around values are removed. Every problem
is collected with its row and column rather than stopping at the first, rows counted as a
spreadsheet shows them (header = row 1 when it comes first). The format is documented in
docs/import-format.md. Every CSV file palg writes goes through `writer`, which keeps cells from
being read as formulas.

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
    "{separators}, and put values that contain {separators} in double quotes."
)
MSG_MIXED_SEPARATORS = (
    "The header row has as many {first} as {second}, so its columns cannot be told apart. "
    "Separate the column names with one of commas, semicolons or tabs, and put a name that "
    "contains one in double quotes."
)
MSG_ONE_COLUMN = (
    "The header row is a single column, “{header}”: no comma, semicolon or tab separates its "
    "column names. Save the file from your spreadsheet as CSV."
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
MSG_RESPELLED = (
    "{column}: “{variant}” on row{s} {rows} is read as “{kept}”, the spelling seen first "
    "(values differing only in capitals or spaces are one value)."
)
MSG_BAD_TENURE = (
    "“{value}” is not a valid number of years. Use a number from 0 to 9999.9, such as 3 or 2.5."
)
TENURE_MAX = Decimal("9999.9")
TENURE_STEP = Decimal("0.1")
SLOT_DAYS = ", ".join(DAYS)
SLOT_PARTS = ", ".join(PARTS)
# The separators a header row may use, with their names in messages; the first wins a file
# whose header has none (a single column).
SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}
SHOWN_HEADER = 60  # characters of a one-column header quoted in its message


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
    separator: str = ","
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Rows with the wrong number of fields, left out of `rows`: (row number, fields).
    malformed: list[tuple[int, list[str]]] = field(default_factory=list)

    def add(self, number: int, record: list[str]) -> None:
        if len(record) != len(self.columns):
            message = MSG_FIELD_COUNT.format(
                found=len(record), expected=len(self.columns), separators=SEPARATORS[self.separator]
            )
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
    text = decode(data, wording)
    separator = header_separator(text)
    records = _records(text, separator, wording)
    header_at = next((i for i, record in enumerate(records) if not _blank(record)), None)
    if header_at is None:
        raise CsvError([Problem(None, None, wording.empty)])
    header_row = header_at + 1
    columns = [name.strip().lower() for name in records[header_at]]
    problems = header_problems(columns, header_row, required)
    if len(columns) == 1 and set(required) - set(columns):
        # One column and something missing: the separator is not one palg knows (`|`, or a
        # spreadsheet's own format), and "missing column" for each required one would hide it.
        header = records[header_at][0].strip()
        shown = header if len(header) <= SHOWN_HEADER else header[:SHOWN_HEADER] + "…"
        problems = [Problem(header_row, None, MSG_ONE_COLUMN.format(header=shown))]
    table = Table(columns, separator, problems=problems)
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
        row = _record_number(data[skip:offset].decode("utf-8"))
        message = wording.not_utf8.format(offset=offset, row=row)
        raise CsvError([Problem(row, None, message)]) from error
    if not text.strip():
        raise CsvError([Problem(None, None, wording.empty)])
    return text


def header_separator(text: str) -> str:
    """The separator of the header row (the first non-blank line): whichever of SEPARATORS it
    has most of outside double quotes. CsvError when two are tied, since then either reading
    splits the row somewhere it should not."""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    started = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "\r\n":
            if started:
                break
        elif char in counts:
            counts[char] += 1
        if not char.isspace():
            started = True
    ranked = sorted(counts, key=counts.__getitem__, reverse=True)  # stable: commas first
    first, second = ranked[0], ranked[1]
    if counts[first] and counts[first] == counts[second]:
        message = MSG_MIXED_SEPARATORS.format(first=SEPARATORS[first], second=SEPARATORS[second])
        raise CsvError([Problem(None, None, message)])
    return first


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


@dataclass(frozen=True)
class Respelling:
    """Values of `column` on `rows` spelled `variant`, read as `kept`: the first spelling seen
    of a value that differs only in capitals or spacing ("Senior manager", "Senior Manager")."""

    column: str
    variant: str
    kept: str
    rows: tuple[int, ...]

    def describe(self) -> str:
        return MSG_RESPELLED.format(
            column=self.column,
            variant=self.variant,
            kept=self.kept,
            rows=row_list(self.rows),
            s="s" if len(self.rows) > 1 else "",
        )


def spelling_key(value: str) -> str:
    """What two spellings of one value share: case-folded, runs of spaces as one."""
    return " ".join(value.split()).casefold()


def unify_spellings(
    rows: list[Row], columns: Iterable[str], known: dict[str, Iterable[str]] | None = None
) -> list[Respelling]:
    """Rewrite each value of `columns` in `rows` to the first spelling seen of it, the `known`
    spellings of a column (e.g. the organisation's) counting as seen before the file, so that
    one category never becomes two levels; return what was rewritten, by column."""
    known = known or {}
    respellings = []
    for column in columns:
        first: dict[str, str] = {}
        for value in known.get(column, ()):
            if value:
                first.setdefault(spelling_key(value), value)
        changed: dict[str, list[int]] = {}
        for row in rows:
            value = row.values.get(column, "")
            if not value:
                continue
            kept = first.setdefault(spelling_key(value), value)
            if kept != value:
                changed.setdefault(value, []).append(row.number)
                row.values[column] = kept
        respellings += [
            Respelling(column, variant, first[spelling_key(variant)], tuple(numbers))
            for variant, numbers in changed.items()
        ]
    return respellings


def row_list(rows: Sequence[int]) -> str:
    """2 / 2 and 5 / 2, 5 and 9"""
    shown = [str(row) for row in rows]
    if len(shown) == 1:
        return shown[0]
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


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


# Writing -------------------------------------------------------------------------------------

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (OWASP "CSV injection"): an id such as =HYPERLINK("http://evil.example") from an HR export
# would run when a lead opens the groups palg wrote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """`value`, with a single quote put before a text that a spreadsheet would read as a
    formula; spreadsheets show the text and hide the quote. Numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_unsafe(value: str) -> str:
    """The text `spreadsheet_safe` was given, for reading back a file palg wrote."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class SafeWriter:
    """A csv.writer whose every text cell goes through `spreadsheet_safe`. Every CSV file palg
    writes is written through one of these (`writer`)."""

    def __init__(self, handle, **options):
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([spreadsheet_safe(value) for value in row])


def writer(handle, **options) -> SafeWriter:
    """`options` are csv.writer's (e.g. lineterminator="\n" for a command's output)."""
    return SafeWriter(handle, **options)


def _record_number(text: str) -> int:
    """The record (row) in which the end of `text` lies, counted from 1 as `read` counts them:
    a line break inside a quoted field does not start a new row."""
    # The "x" makes the row the end lies in a record even when `text` ends with a line break.
    count = 0
    try:
        for _ in csv.reader(io.StringIO(text + "x", newline="")):
            count += 1
    except csv.Error:
        count += 1  # the end lies inside a quoted field, which the reader cannot close
    return count


def _records(text: str, separator: str, wording: Wording) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        return list(reader)
    except csv.Error as error:
        message = wording.unreadable.format(error=error)
        raise CsvError([Problem(reader.line_num, None, message)]) from error


def _blank(record: list[str]) -> bool:
    return not any(value.strip() for value in record)
