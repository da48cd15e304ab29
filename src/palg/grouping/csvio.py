"""Read the CSV files `palg group` works from and write the groups it forms.

PARTICIPANTS.csv is the people import format (docs/import-format.md): UTF-8, a header row,
column names matched ignoring case and spaces. Only `id` and `name` are required here; the other
columns are needed when an option names them. CONFLICTS.csv has `a_id,b_id`, HISTORY.csv
`participant_id,round,group` (or is an earlier GROUPS.csv), and GROUPS.csv is written as
`participant_id,group,slot`.

Nothing here needs Django: `palg group` works on files alone. Every problem is collected and
reported with its file, row and column, rows counted as a spreadsheet shows them (header = 1).
"""

from __future__ import annotations

import codecs
import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from palg.people.slots import DAYS, PARTS, parse_slots

PARTICIPANT_COLUMNS = ("id", "name")
PAIR_COLUMNS = ("a_id", "b_id")
HISTORY_COLUMNS = ("participant_id", "round", "group")
HISTORY_REQUIRED = ("participant_id", "group")
GROUP_COLUMNS = ("participant_id", "group", "slot")
AVAILABILITY = "availability"

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
MSG_BAD_NUMBER = "“{value}” is not a number. Use digits, such as 3 or 2.5, or leave it empty."
MSG_BAD_ROUND = "“{value}” is not a round number. Use a whole number such as 1 or 2."
MSG_SAME_PERSON = "Both ids are “{value}”: a conflict needs two different people."
MSG_NO_COLUMN = "The column “{column}” named by {option} is not in the participants file."


class InputError(Exception):
    """A file cannot be used; `problems` lists everything wrong with it, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Participants:
    """The people to group, in file order. `columns` has every CSV column by lower-case name."""

    ids: list[str]
    names: list[str]
    columns: dict[str, list[str]]
    manager_ids: list[str]
    availability: list[list[str]]  # valid slot codes per person, canonical order
    rows: list[int] = field(default_factory=list)  # each person's row in the file
    source: str = ""  # the file's name, for messages


def problem_text(source: str, row: int | None, column: str | None, message: str) -> str:
    """`people.csv, row 4, column email: message`, leaving out what the problem has no place
    for."""
    where = [source] if source else []
    if row is not None:
        where.append(f"row {row}")
    if column:
        where.append(f"column {column}")
    return f"{', '.join(where)}: {message}"


def read_participants(path) -> Participants:
    """Read and check PARTICIPANTS.csv; InputError lists every problem."""
    table = _Table.read(path, PARTICIPANT_COLUMNS)
    problems = table.problems
    first_row: dict[str, int] = {}
    availability = []
    for row in table.rows:
        problems += table.required(row, PARTICIPANT_COLUMNS)
        person_id = row.values["id"]
        if person_id in first_row:
            message = MSG_DUPLICATE_ID.format(value=person_id, first_row=first_row[person_id])
            problems.append(table.problem(row.number, "id", message))
        elif person_id:
            first_row[person_id] = row.number
        slots, slot_problems = _slots(table, row, AVAILABILITY)
        availability.append(slots)
        problems += slot_problems
    table.raise_problems()
    columns = {name: [row.values[name] for row in table.rows] for name in table.columns}
    return Participants(
        ids=columns["id"],
        names=columns["name"],
        columns=columns,
        manager_ids=columns.get("manager_id", [""] * len(table.rows)),
        availability=availability,
        rows=[row.number for row in table.rows],
        source=table.source,
    )


def column_of(participants: Participants, column: str, option: str) -> list[str]:
    """The values of a column an option names; InputError if the file has no such column."""
    name = column.strip().lower()
    if name not in participants.columns:
        message = MSG_NO_COLUMN.format(column=name, option=option)
        raise InputError([problem_text(participants.source, None, None, message)])
    return participants.columns[name]


def slot_lists(participants: Participants, column: str, option: str) -> list[list[str]]:
    """Each person's slot codes from `column`; InputError naming every unknown slot."""
    values = column_of(participants, column, option)
    problems, lists = [], []
    for row, raw in zip(participants.rows, values, strict=True):
        slots, bad = parse_slots(raw)
        lists.append(slots)
        problems += [
            problem_text(participants.source, row, column, _bad_slot(token)) for token in bad
        ]
    if problems:
        raise InputError(problems)
    return lists


def numbers(participants: Participants, column: str, option: str) -> list[float | None]:
    """A numeric column as floats, None where empty; InputError naming every bad value."""
    values = column_of(participants, column, option)
    problems, out = [], []
    for row, raw in zip(participants.rows, values, strict=True):
        number = _number(raw)
        if raw and number is None:
            message = MSG_BAD_NUMBER.format(value=raw)
            problems.append(problem_text(participants.source, row, column, message))
        out.append(number)
    if problems:
        raise InputError(problems)
    return out


def read_pairs(path, columns: Sequence[str] = PAIR_COLUMNS) -> list[tuple[str, str]]:
    """Read pairs of ids, e.g. CONFLICTS.csv with `a_id,b_id`; other columns are ignored."""
    first, second = (name.lower() for name in columns)
    table = _Table.read(path, (first, second))
    pairs = []
    for row in table.rows:
        missing = table.required(row, (first, second))
        a, b = row.values[first], row.values[second]
        if not missing and a == b:
            missing.append(table.problem(row.number, second, MSG_SAME_PERSON.format(value=a)))
        table.problems += missing
        pairs.append((a, b))
    table.raise_problems()
    return pairs


def read_history(path) -> list[tuple[str, int, str]]:
    """Read HISTORY.csv: (participant id, round, group) for each earlier membership. A GROUPS.csv
    written by `palg group` (no `round` column) reads as round 0."""
    table = _Table.read(path, HISTORY_REQUIRED)
    has_round = "round" in table.columns
    history = []
    for row in table.rows:
        table.problems += table.required(row, HISTORY_COLUMNS if has_round else HISTORY_REQUIRED)
        raw_round = row.values["round"] if has_round else "0"
        if raw_round and not _is_whole(raw_round):
            message = MSG_BAD_ROUND.format(value=raw_round)
            table.problems.append(table.problem(row.number, "round", message))
        elif raw_round:
            history.append((row.values["participant_id"], int(raw_round), row.values["group"]))
    table.raise_problems()
    return history


def write_groups(path, ids, labels, slots, slot_names) -> None:
    """Write GROUPS.csv: one row per person, by group (numbered from 1), then file order; the
    slot is empty when the groups have no slot."""
    order = sorted(range(len(ids)), key=lambda person: (int(labels[person]), person))
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(GROUP_COLUMNS)
        for person in order:
            group = int(labels[person])
            slot = int(slots[group]) if len(slots) else -1
            writer.writerow([ids[person], group + 1, slot_names[slot] if slot >= 0 else ""])


# Reading a CSV file --------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict[str, str]


@dataclass
class _Table:
    source: str
    columns: list[str]
    rows: list[_Row]
    # (row, text): raised in row order, whole-file problems (row 0) first
    problems: list[tuple[int, str]]

    @classmethod
    def read(cls, path, required: Sequence[str]) -> _Table:
        """Decode, parse and check the header; rows with the wrong field count are reported and
        left out."""
        source = Path(path).name
        records = _records(source, Path(path).read_bytes())
        header_at = next((i for i, record in enumerate(records) if not _blank(record)), None)
        if header_at is None:
            raise InputError([problem_text(source, None, None, MSG_EMPTY_FILE)])
        header_row = header_at + 1
        columns = [name.strip().lower() for name in records[header_at]]
        table = cls(source, columns, [], [])
        table.check_header(header_row, required)
        for number, record in enumerate(records[header_at + 1 :], start=header_row + 1):
            if not _blank(record):
                table.add(number, record)
        if not table.rows and not table.problems:
            table.problems.append(table.problem(None, None, MSG_NO_ROWS))
        if table.problems and set(required) - set(columns):
            # Without its required columns no row can be checked: stop at the header.
            table.raise_problems()
        return table

    def problem(self, row: int | None, column: str | None, message: str) -> tuple[int, str]:
        return (row or 0, problem_text(self.source, row, column, message))

    def check_header(self, row: int, required: Sequence[str]) -> None:
        seen: set[str] = set()
        for position, column in enumerate(self.columns, start=1):
            if not column:
                message = MSG_BLANK_COLUMN.format(position=position)
                self.problems.append(self.problem(row, None, message))
            elif column in seen:
                message = MSG_DUPLICATE_COLUMN.format(column=column)
                self.problems.append(self.problem(row, column, message))
            seen.add(column)
        for column in required:
            if column not in seen:
                message = MSG_MISSING_COLUMN.format(column=column)
                self.problems.append(self.problem(row, column, message))

    def add(self, number: int, record: list[str]) -> None:
        if len(record) != len(self.columns):
            message = MSG_FIELD_COUNT.format(found=len(record), expected=len(self.columns))
            self.problems.append(self.problem(number, None, message))
            return
        values = {name: value.strip() for name, value in zip(self.columns, record, strict=True)}
        self.rows.append(_Row(number, values))

    def required(self, row: _Row, columns: Sequence[str]) -> list[tuple[int, str]]:
        return [
            self.problem(row.number, column, MSG_REQUIRED_VALUE)
            for column in columns
            if not row.values[column]
        ]

    def raise_problems(self) -> None:
        if self.problems:
            ordered = sorted(self.problems, key=lambda problem: problem[0])
            raise InputError([text for _, text in ordered])


def _records(source: str, data: bytes) -> list[list[str]]:
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skip + error.start
        row = data.count(b"\n", 0, offset) + 1
        message = MSG_NOT_UTF8.format(offset=offset, row=row)
        raise InputError([problem_text(source, row, None, message)]) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as error:
        message = MSG_UNREADABLE.format(error=error)
        raise InputError([problem_text(source, reader.line_num, None, message)]) from error


def _blank(record: list[str]) -> bool:
    return not any(value.strip() for value in record)


def _slots(table: _Table, row: _Row, column: str) -> tuple[list[str], list[tuple[int, str]]]:
    if column not in row.values:
        return [], []
    slots, bad = parse_slots(row.values[column])
    return slots, [table.problem(row.number, column, _bad_slot(token)) for token in bad]


def _bad_slot(token: str) -> str:
    return MSG_BAD_SLOT.format(token=token, days=", ".join(DAYS), parts=", ".join(PARTS))


def _number(raw: str) -> float | None:
    try:
        number = float(raw)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _is_whole(raw: str) -> bool:
    try:
        int(raw)
    except ValueError:
        return False
    return True
