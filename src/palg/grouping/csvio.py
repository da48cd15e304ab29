"""Read the CSV files `palg group` works from and write the groups it forms.

PARTICIPANTS.csv is the people import format (docs/import-format.md): UTF-8, a header row,
column names matched ignoring case and spaces. Only `id` and `name` are required here; the other
columns are needed when an option names them. CONFLICTS.csv has `a_id,b_id`, HISTORY.csv
`participant_id,round,group` (or is an earlier GROUPS.csv), and GROUPS.csv is written as
`participant_id,group,slot`.

Nothing here needs Django: `palg group` works on files alone. The files are read as the
people import reads them (palg.people.csvfile). Every problem is collected and reported with
its file, row and column, rows counted as a spreadsheet shows them (header = 1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from palg.people import csvfile

# The messages shared with the people import, named here for callers and tests.
from palg.people.csvfile import (  # noqa: F401
    MSG_BAD_SLOT,
    MSG_BLANK_COLUMN,
    MSG_DUPLICATE_COLUMN,
    MSG_DUPLICATE_ID,
    MSG_EMPTY_FILE,
    MSG_FIELD_COUNT,
    MSG_MISSING_COLUMN,
    MSG_NO_ROWS,
    MSG_NOT_UTF8,
    MSG_REQUIRED_VALUE,
    MSG_UNREADABLE,
)

PARTICIPANT_COLUMNS = ("id", "name")
PAIR_COLUMNS = ("a_id", "b_id")
HISTORY_COLUMNS = ("participant_id", "round", "group")
HISTORY_REQUIRED = ("participant_id", "group")
GROUP_COLUMNS = ("participant_id", "group", "slot")
# Columns that are not categories; in every other column, spellings that differ only in capitals
# or spaces are one value, as in the people import.
NOT_CATEGORIES = frozenset({"id", "name", "email", "manager_id", "availability", "tenure_years"})
AVAILABILITY = "availability"

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
    return csvfile.describe(csvfile.Problem(row, column, message), source)


def read_participants(path) -> Participants:
    """Read and check PARTICIPANTS.csv; InputError lists every problem."""
    source, table = _read(path, PARTICIPANT_COLUMNS)
    problems = table.problems  # put in row order when raised, keeping this order within a row
    problems += [p for row in table.rows for p in csvfile.required(row, PARTICIPANT_COLUMNS)]
    problems += csvfile.repeats(((row.number, row.values["id"]) for row in table.rows), "id")
    availability = []
    for row in table.rows:
        slots, slot_problems = _slots(row, AVAILABILITY)
        availability.append(slots)
        problems += slot_problems
    _raise(source, problems)
    categories = [name for name in table.columns if name not in NOT_CATEGORIES]
    csvfile.unify_spellings(table.rows, categories)
    columns = {name: [row.values[name] for row in table.rows] for name in table.columns}
    return Participants(
        ids=columns["id"],
        names=columns["name"],
        columns=columns,
        manager_ids=columns.get("manager_id", [""] * len(table.rows)),
        availability=availability,
        rows=[row.number for row in table.rows],
        source=source,
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
        slots, slot_problems = csvfile.slots(row, column, raw)
        lists.append(slots)
        problems += slot_problems
    _raise(participants.source, problems)
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
    source, table = _read(path, (first, second))
    pairs = []
    for row in table.rows:
        missing = csvfile.required(row, (first, second))
        a, b = row.values[first], row.values[second]
        if not missing and a == b:
            missing.append(csvfile.Problem(row.number, second, MSG_SAME_PERSON.format(value=a)))
        table.problems += missing
        pairs.append((a, b))
    _raise(source, table.problems)
    return pairs


def read_history(path) -> list[tuple[str, int, str]]:
    """Read HISTORY.csv: (participant id, round, group) for each earlier membership. A GROUPS.csv
    written by `palg group` (no `round` column) reads as round 0."""
    source, table = _read(path, HISTORY_REQUIRED)
    has_round = "round" in table.columns
    history = []
    for row in table.rows:
        table.problems += csvfile.required(row, HISTORY_COLUMNS if has_round else HISTORY_REQUIRED)
        raw_round = row.values["round"] if has_round else "0"
        if raw_round and not _is_whole(raw_round):
            message = MSG_BAD_ROUND.format(value=raw_round)
            table.problems.append(csvfile.Problem(row.number, "round", message))
        elif raw_round:
            # A GROUPS.csv palg wrote has formula-like ids quoted (csvfile.spreadsheet_safe).
            person = csvfile.spreadsheet_unsafe(row.values["participant_id"])
            history.append((person, int(raw_round), row.values["group"]))
    _raise(source, table.problems)
    return history


def write_groups(path, ids, labels, slots, slot_names) -> None:
    """Write GROUPS.csv: one row per person, by group (numbered from 1), then file order; the
    slot is empty when the groups have no slot."""
    order = sorted(range(len(ids)), key=lambda person: (int(labels[person]), person))
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csvfile.writer(handle)
        writer.writerow(GROUP_COLUMNS)
        for person in order:
            group = int(labels[person])
            slot = int(slots[group]) if len(slots) else -1
            writer.writerow([ids[person], group + 1, slot_names[slot] if slot >= 0 else ""])


# Reading a CSV file --------------------------------------------------------------------------


def _read(path, required: Sequence[str]) -> tuple[str, csvfile.Table]:
    """The file's name and its table; rows with the wrong field count are reported and left
    out. Stops at the header when required columns are missing: no row can be checked."""
    source = Path(path).name
    try:
        table = csvfile.read(Path(path).read_bytes(), required)
    except csvfile.CsvError as error:
        raise InputError(_texts(source, error.problems)) from error
    if table.problems and set(required) - set(table.columns):
        _raise(source, table.problems)
    return source, table


def _raise(source: str, problems: list[csvfile.Problem]) -> None:
    if problems:
        raise InputError(_texts(source, csvfile.ordered(problems)))


def _texts(source: str, problems: list[csvfile.Problem]) -> list[str]:
    return [problem_text(source, p.row, p.column, p.message) for p in problems]


def _slots(row: csvfile.Row, column: str) -> tuple[list[str], list[csvfile.Problem]]:
    if column not in row.values:
        return [], []
    return csvfile.slots(row.number, column, row.values[column])


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
