"""Import an organisation's people from a CSV file: check everything, then write all or nothing.

The steps: decode and parse the file; check every row and the file as a whole, collecting every
problem rather than stopping at the first; compare the rows with the people already in the
organisation; and only if nothing is wrong, write in bulk inside one transaction (people first,
then their managers, once everyone exists). The format is documented in docs/import-format.md.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.people.models import Organisation, Person
from palg.people.slots import DAYS, PARTS, parse_slots

REQUIRED_COLUMNS = (
    "id",
    "name",
    "email",
    "manager_id",
    "team",
    "function",
    "department",
    "location",
    "seniority",
)
OPTIONAL_COLUMNS = ("gender", "tenure_years", "availability")
REQUIRED_VALUES = ("id", "name", "email")
# Columns stored as plain text, with the Person field each one fills.
TEXT_COLUMNS = {
    "id": "external_id",
    "name": "name",
    "email": "email",
    "team": "team",
    "function": "function",
    "department": "department",
    "location": "location",
    "seniority": "seniority",
    "gender": "gender",
}
KNOWN_COLUMNS = frozenset(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
TENURE_MAX = Decimal("9999.9")
TENURE_STEP = Decimal("0.1")
BATCH_SIZE = 500

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

MSG_TOO_LARGE = (
    "The file is larger than the limit of {limit:,} bytes. "
    "Split it into smaller files and import them one after another."
)
MSG_NOT_UTF8 = (
    "The file must be UTF-8 encoded, but the byte at offset {offset} (row {row}) is not valid "
    "UTF-8. In your spreadsheet, save it as “CSV UTF-8” and upload it again."
)
MSG_EMPTY_FILE = "The file is empty. Upload a CSV file with a header row and one row per person."
MSG_NO_ROWS = "The file has a header row but no people. Add one row per person under the header."
MSG_UNREADABLE_CSV = "The file could not be read as CSV: {error}."
MSG_MISSING_COLUMN = "The required column “{column}” is missing from the header row."
MSG_DUPLICATE_COLUMN = "The column “{column}” appears more than once in the header row."
MSG_BLANK_COLUMN = "Column {position} of the header row has no name. Name it or delete it."
MSG_FIELD_COUNT = (
    "This row has {found} fields but the header row has {expected}. Check for missing or extra "
    "commas, and put values that contain commas in double quotes."
)
MSG_REQUIRED_VALUE = "A value is required."
MSG_TOO_LONG = "This value is {length} characters long; the most allowed is {limit}."
MSG_CONTROL_CHARACTER = (
    "This value contains an invisible control character (code {code}). Remove it; it usually "
    "comes from copying out of another system."
)
MSG_BAD_EMAIL = "“{value}” is not a valid email address."
MSG_DUPLICATE_ID = "The id “{value}” is already used on row {first_row}."
MSG_DUPLICATE_EMAIL = (
    "The email “{value}” is already used on row {first_row} (emails are compared ignoring case)."
)
MSG_EMAIL_TAKEN = (
    "The email “{value}” already belongs to {name} (id {external_id}) in this organisation."
)
MSG_UNKNOWN_MANAGER = (
    "The manager id “{value}” is neither an id in this file nor a person already in the "
    "organisation."
)
MSG_SELF_MANAGER = "“{value}” is given as their own manager."
MSG_MANAGER_CYCLE = "Managers form a loop: {cycle}. Someone in the loop needs a different manager."
MSG_BAD_SLOT = (
    "“{token}” is not an availability slot. Use day-part codes separated by semicolons, "
    "such as mon-am;thu-pm (days: {days}; parts: {parts})."
)
MSG_BAD_TENURE = (
    "“{value}” is not a valid number of years. Use a number from 0 to 9999.9, such as 3 or 2.5."
)
MSG_CONFLICT = (
    "The organisation's people changed while this file was being imported, so nothing was "
    "written. Please try again."
)
SLOT_DAYS = ", ".join(DAYS)
SLOT_PARTS = ", ".join(PARTS)


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file; `row` counts the header as row 1, None for the whole file."""

    row: int | None
    column: str | None
    message: str


class PeopleImportError(Exception):
    """The file cannot be imported; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[ImportProblem]):
        super().__init__(f"{len(problems)} problem(s) in the people file")
        self.problems = problems


@dataclass(frozen=True)
class RowChange:
    """What importing one row does (or would do) to the directory."""

    row: int
    external_id: str
    name: str
    action: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportReport:
    rows: int
    created: int
    updated: int
    unchanged: int
    committed: bool
    changes: list = field(default_factory=list)


def format_problem(problem: ImportProblem) -> str:
    """`row 4, column email: message`, leaving out whatever the problem has no place for."""
    where = []
    if problem.row is not None:
        where.append(f"row {problem.row}")
    if problem.column:
        where.append(f"column {problem.column}")
    return f"{', '.join(where) or 'file'}: {problem.message}"


def people_import(*, actor: Actor, data: bytes, commit: bool = True) -> ImportReport:
    """Import `data` into the actor's organisation; staff only (PermissionDenied otherwise)."""
    access.require_staff(actor)
    organisation = Organisation.objects.get(pk=actor.organisation_id)
    return people_import_for_organisation(organisation=organisation, data=data, commit=commit)


def people_import_for_organisation(
    *, organisation: Organisation, data: bytes, commit: bool = True
) -> ImportReport:
    """Validate the whole file, then (if `commit`) write it; raises PeopleImportError, writing
    nothing, if anything is wrong."""
    rows = _parse(data)
    if not commit:
        return _plan(organisation, rows).report(committed=False)
    try:
        with transaction.atomic():
            # Read the existing people inside the transaction so the checks see what is written.
            plan = _plan(organisation, rows)
            plan.write(organisation)
    except IntegrityError as error:
        raise PeopleImportError([ImportProblem(None, None, MSG_CONFLICT)]) from error
    return plan.report(committed=True)


# Reading the file -------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict[str, str]


@dataclass
class _Parsed:
    columns: list[str]
    rows: list[_Row]
    # Ids of rows whose fields could not be matched to columns; they still count as known
    # managers so that one bad row does not make every report of it an "unknown manager".
    loose_ids: set[str]
    problems: list[ImportProblem]


def _parse(data: bytes) -> _Parsed:
    text = _decode(data)
    records = _read_records(text)
    header_at = next((i for i, record in enumerate(records) if not _blank(record)), None)
    if header_at is None:
        raise PeopleImportError([ImportProblem(None, None, MSG_EMPTY_FILE)])
    header_row = header_at + 1
    columns = [name.strip().lower() for name in records[header_at]]
    parsed = _Parsed(columns, [], set(), _header_problems(columns, header_row))
    data_rows = 0
    for number, record in enumerate(records[header_at + 1 :], start=header_row + 1):
        if not _blank(record):
            data_rows += 1
            _add_record(parsed, number, record)
    if not data_rows:
        parsed.problems.insert(0, ImportProblem(None, None, MSG_NO_ROWS))
    return parsed


def _decode(data: bytes) -> str:
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise PeopleImportError([ImportProblem(None, None, MSG_TOO_LARGE.format(limit=limit))])
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skip + error.start
        row = data.count(b"\n", 0, offset) + 1
        message = MSG_NOT_UTF8.format(offset=offset, row=row)
        raise PeopleImportError([ImportProblem(row, None, message)]) from error
    if not text.strip():
        raise PeopleImportError([ImportProblem(None, None, MSG_EMPTY_FILE)])
    return text


def _read_records(text: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as error:
        message = MSG_UNREADABLE_CSV.format(error=error)
        raise PeopleImportError([ImportProblem(reader.line_num, None, message)]) from error


def _blank(record: list[str]) -> bool:
    return not any(value.strip() for value in record)


def _header_problems(columns: list[str], row: int) -> list[ImportProblem]:
    problems = [
        ImportProblem(row, None, MSG_BLANK_COLUMN.format(position=position))
        for position, column in enumerate(columns, start=1)
        if not column
    ]
    seen: set[str] = set()
    for column in columns:
        if column and column in seen:
            problems.append(ImportProblem(row, column, MSG_DUPLICATE_COLUMN.format(column=column)))
        seen.add(column)
    problems += [
        ImportProblem(row, column, MSG_MISSING_COLUMN.format(column=column))
        for column in REQUIRED_COLUMNS
        if column not in seen
    ]
    return problems


def _add_record(parsed: _Parsed, number: int, record: list[str]) -> None:
    if len(record) == len(parsed.columns):
        pairs = zip(parsed.columns, record, strict=True)
        values = {column: value.strip() for column, value in pairs}
        parsed.rows.append(_Row(number, values))
        return
    message = MSG_FIELD_COUNT.format(found=len(record), expected=len(parsed.columns))
    parsed.problems.append(ImportProblem(number, None, message))
    if "id" in parsed.columns and parsed.columns.index("id") < len(record):
        parsed.loose_ids.add(record[parsed.columns.index("id")].strip())


# Checking each row ------------------------------------------------------------------------


@dataclass
class _Candidate:
    """A row turned into the values it would give a Person."""

    row: int
    external_id: str
    email: str
    manager_id: str
    fields: dict[str, object]
    attributes: dict[str, str]


def _max_length(column: str) -> int:
    return Person._meta.get_field(TEXT_COLUMNS[column]).max_length


def _check_row(row: _Row) -> tuple[_Candidate, list[ImportProblem]]:
    problems: list[ImportProblem] = []
    values = row.values
    fields: dict[str, object] = {}
    problems += _control_character_problems(row.number, values)
    for column, field_name in TEXT_COLUMNS.items():
        if column in values:
            fields[field_name] = values[column]
            problems += _text_problems(row.number, column, values[column])
    email = values.get("email", "")
    if email and len(email) <= _max_length("email") and not _valid_email(email):
        problems.append(ImportProblem(row.number, "email", MSG_BAD_EMAIL.format(value=email)))
    if "tenure_years" in values:
        fields["tenure_years"], tenure_problems = _tenure(row.number, values["tenure_years"])
        problems += tenure_problems
    if "availability" in values:
        fields["availability"], slot_problems = _availability(row.number, values["availability"])
        problems += slot_problems
    candidate = _Candidate(
        row=row.number,
        external_id=values.get("id", ""),
        email=email,
        manager_id=values.get("manager_id", ""),
        fields=fields,
        attributes={k: v for k, v in values.items() if k not in KNOWN_COLUMNS},
    )
    return candidate, problems


def _text_problems(row: int, column: str, value: str) -> list[ImportProblem]:
    if not value and column in REQUIRED_VALUES:
        return [ImportProblem(row, column, MSG_REQUIRED_VALUE)]
    limit = _max_length(column)
    if len(value) > limit:
        return [ImportProblem(row, column, MSG_TOO_LONG.format(length=len(value), limit=limit))]
    return []


def _control_character_problems(row: int, values: dict[str, str]) -> list[ImportProblem]:
    """Control characters other than tab and newline: PostgreSQL refuses NUL outright, and the
    rest are never meant in a directory."""
    problems = []
    for column, value in values.items():
        bad = next((c for c in value if ord(c) < 32 and c not in "\t\n\r"), None)
        if bad is not None:
            message = MSG_CONTROL_CHARACTER.format(code=f"U+{ord(bad):04X}")
            problems.append(ImportProblem(row, column, message))
    return problems


def _valid_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _tenure(row: int, raw: str) -> tuple[Decimal | None, list[ImportProblem]]:
    if not raw:
        return None, []
    try:
        years = Decimal(raw)
    except InvalidOperation:
        years = None
    if years is None or not years.is_finite() or years < 0 or years > TENURE_MAX:
        return None, [ImportProblem(row, "tenure_years", MSG_BAD_TENURE.format(value=raw))]
    return years.quantize(TENURE_STEP, rounding=ROUND_HALF_UP), []


def _availability(row: int, raw: str) -> tuple[list[str], list[ImportProblem]]:
    slots, bad = parse_slots(raw)
    problems = [
        ImportProblem(
            row,
            "availability",
            MSG_BAD_SLOT.format(token=token, days=SLOT_DAYS, parts=SLOT_PARTS),
        )
        for token in bad
    ]
    return slots, problems


# Checking the file as a whole -------------------------------------------------------------


def _duplicate_problems(candidates: list[_Candidate]) -> list[ImportProblem]:
    problems = []
    first_id: dict[str, int] = {}
    first_email: dict[str, int] = {}
    for candidate in candidates:
        if candidate.external_id in first_id:
            message = MSG_DUPLICATE_ID.format(
                value=candidate.external_id, first_row=first_id[candidate.external_id]
            )
            problems.append(ImportProblem(candidate.row, "id", message))
        elif candidate.external_id:
            first_id[candidate.external_id] = candidate.row
        email = candidate.email.lower()
        if email in first_email:
            message = MSG_DUPLICATE_EMAIL.format(
                value=candidate.email, first_row=first_email[email]
            )
            problems.append(ImportProblem(candidate.row, "email", message))
        elif email:
            first_email[email] = candidate.row
    return problems


def _taken_email_problems(
    candidates: list[_Candidate], existing: list[Person]
) -> list[ImportProblem]:
    holders = {person.email.lower(): person for person in existing}
    problems = []
    for candidate in candidates:
        holder = holders.get(candidate.email.lower())
        if holder is not None and holder.external_id != candidate.external_id:
            message = MSG_EMAIL_TAKEN.format(
                value=candidate.email, name=holder.name, external_id=holder.external_id
            )
            problems.append(ImportProblem(candidate.row, "email", message))
    return problems


def _manager_problems(
    candidates: list[_Candidate], loose_ids: set[str], existing: list[Person]
) -> list[ImportProblem]:
    """Unknown managers, then loops in the management chain the file would create."""
    rows = _first_rows(candidates)
    existing_ids = {person.external_id for person in existing}
    known = rows.keys() | loose_ids | existing_ids
    problems = [
        ImportProblem(c.row, "manager_id", MSG_UNKNOWN_MANAGER.format(value=c.manager_id))
        for c in candidates
        if c.manager_id and c.manager_id not in known
    ]
    chain = _management_chain(candidates, existing, known)
    for cycle in _cycles(chain, start_ids=rows):
        problems.append(_cycle_problem(cycle, rows))
    return problems


def _first_rows(candidates: list[_Candidate]) -> dict[str, int]:
    rows: dict[str, int] = {}
    for candidate in candidates:
        if candidate.external_id:
            rows.setdefault(candidate.external_id, candidate.row)
    return rows


def _management_chain(
    candidates: list[_Candidate], existing: list[Person], known: set[str]
) -> dict[str, str]:
    """Each person's manager by external id, as it would be after the import."""
    external_ids = {person.pk: person.external_id for person in existing}
    chain = {
        person.external_id: external_ids[person.manager_id]
        for person in existing
        if person.manager_id in external_ids
    }
    claimed: set[str] = set()
    for candidate in candidates:
        if candidate.external_id and candidate.external_id not in claimed:
            claimed.add(candidate.external_id)
            chain.pop(candidate.external_id, None)
            if candidate.manager_id in known:
                chain[candidate.external_id] = candidate.manager_id
    return chain


def _cycles(chain: dict[str, str], *, start_ids: dict[str, int]) -> list[list[str]]:
    """Every loop reachable from the file's people, each once, in management order."""
    done: set[str] = set()
    cycles = []
    for start in start_ids:
        path: list[str] = []
        position: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in done:
            if node in position:
                cycles.append(path[position[node] :])
                break
            position[node] = len(path)
            path.append(node)
            node = chain.get(node)
        done.update(path)
    return cycles


def _cycle_problem(cycle: list[str], rows: dict[str, int]) -> ImportProblem:
    # Start the loop at its earliest row so that the message is the same every time.
    in_file = [member for member in cycle if member in rows]
    first = min(in_file, key=rows.__getitem__)
    at = cycle.index(first)
    cycle = cycle[at:] + cycle[:at]
    if len(cycle) == 1:
        return ImportProblem(rows[first], "manager_id", MSG_SELF_MANAGER.format(value=first))
    labels = [_cycle_label(member, rows) for member in cycle]
    text = " → ".join([*labels, first])
    return ImportProblem(rows[first], "manager_id", MSG_MANAGER_CYCLE.format(cycle=text))


def _cycle_label(member: str, rows: dict[str, int]) -> str:
    if member in rows:
        return f"{member} (row {rows[member]})"
    return f"{member} (already in the organisation)"


# Comparing with the directory and writing -------------------------------------------------


@dataclass
class _Plan:
    rows: int
    changes: list[RowChange] = field(default_factory=list)
    new_people: list[Person] = field(default_factory=list)
    updated_people: list[Person] = field(default_factory=list)
    updated_fields: set[str] = field(default_factory=set)
    # (person, manager's external id or "") for every person whose manager is set or changes.
    manager_links: list[tuple[Person, str]] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    def report(self, *, committed: bool) -> ImportReport:
        return ImportReport(
            rows=self.rows,
            created=self.count(CREATE),
            updated=self.count(UPDATE),
            unchanged=self.count(UNCHANGED),
            committed=committed,
            changes=self.changes,
        )

    def write(self, organisation: Organisation) -> None:
        """Create and update everyone, then link managers once every person has a key."""
        Person.objects.bulk_create(self.new_people, batch_size=BATCH_SIZE)
        if self.updated_people:
            fields = sorted(self.updated_fields | {"updated_at"})
            Person.objects.bulk_update(self.updated_people, fields, batch_size=BATCH_SIZE)
        if not self.manager_links:
            return
        keys = dict(
            Person.objects.filter(organisation=organisation).values_list("external_id", "pk")
        )
        for person, manager_external_id in self.manager_links:
            person.pk = keys[person.external_id]
            person.manager_id = keys.get(manager_external_id)
        linked = [person for person, _ in self.manager_links]
        Person.objects.bulk_update(linked, ["manager"], batch_size=BATCH_SIZE)


def _plan(organisation: Organisation, parsed: _Parsed) -> _Plan:
    """Check everything and work out each row's change; raise with every problem found."""
    existing = _existing_people(organisation)
    problems = list(parsed.problems)
    candidates = []
    for row in parsed.rows:
        candidate, row_problems = _check_row(row)
        candidates.append(candidate)
        problems += row_problems
    problems += _duplicate_problems(candidates)
    problems += _taken_email_problems(candidates, existing)
    problems += _manager_problems(candidates, parsed.loose_ids, existing)
    if problems:
        raise PeopleImportError(sorted(problems, key=_problem_order))
    plan = _Plan(rows=len(candidates))
    by_external_id = {person.external_id: person for person in existing}
    external_ids = {person.pk: person.external_id for person in existing}
    now = timezone.now()
    for candidate in candidates:
        current = by_external_id.get(candidate.external_id)
        if current is None:
            _plan_create(plan, organisation, candidate)
        else:
            _plan_update(plan, current, candidate, external_ids, now)
    return plan


def _existing_people(organisation: Organisation) -> list[Person]:
    if organisation.pk is None:
        return []
    return list(Person.objects.filter(organisation=organisation).order_by())


def _problem_order(problem: ImportProblem) -> tuple[int, int]:
    return (0 if problem.row is None else 1, problem.row or 0)


def _plan_create(plan: _Plan, organisation: Organisation, candidate: _Candidate) -> None:
    attributes = {key: value for key, value in candidate.attributes.items() if value}
    person = Person(organisation=organisation, attributes=attributes, **candidate.fields)
    plan.new_people.append(person)
    if candidate.manager_id:
        plan.manager_links.append((person, candidate.manager_id))
    plan.changes.append(RowChange(candidate.row, candidate.external_id, person.name, CREATE))


def _plan_update(
    plan: _Plan,
    person: Person,
    candidate: _Candidate,
    external_ids: dict[int, str],
    now: datetime,
) -> None:
    changed = _apply_fields(person, candidate)
    current_manager = external_ids.get(person.manager_id, "")
    if current_manager != candidate.manager_id:
        changed.append("manager_id")
        plan.manager_links.append((person, candidate.manager_id))
    action = UPDATE if changed else UNCHANGED
    plan.changes.append(
        RowChange(candidate.row, candidate.external_id, person.name, action, tuple(changed))
    )
    if action == UPDATE:
        person.updated_at = now
        plan.updated_people.append(person)
        plan.updated_fields.update(f for f in _model_fields(changed) if f != "manager")


def _apply_fields(person: Person, candidate: _Candidate) -> list[str]:
    """Set the row's values on `person`; return the names of the columns that changed."""
    changed = []
    columns = {field_name: column for column, field_name in TEXT_COLUMNS.items()}
    columns.update(tenure_years="tenure_years", availability="availability")
    for field_name, value in candidate.fields.items():
        if getattr(person, field_name) != value:
            setattr(person, field_name, value)
            changed.append(columns[field_name])
    attributes = dict(person.attributes or {})
    for key, value in candidate.attributes.items():
        # An empty cell removes the attribute; columns not in the file are left alone.
        if attributes.get(key, "") != value:
            changed.append(key)
            if value:
                attributes[key] = value
            else:
                attributes.pop(key, None)
    person.attributes = attributes
    return changed


def _model_fields(columns: list[str]) -> set[str]:
    fields = set()
    for column in columns:
        if column in TEXT_COLUMNS:
            fields.add(TEXT_COLUMNS[column])
        elif column in ("tenure_years", "availability"):
            fields.add(column)
        elif column == "manager_id":
            fields.add("manager")
        else:
            fields.add("attributes")
    return fields
