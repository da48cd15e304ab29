"""Import an organisation's people from a CSV file: check everything, then write all or nothing.

The steps: decode and parse the file (palg.people.csvfile, shared with `palg group`); check
every row and the file as a whole, collecting every problem rather than stopping at the first;
compare the rows with the people already in the organisation; and only if nothing is wrong,
write in bulk inside one transaction (people first, then their managers, once everyone exists).
The format is documented in docs/import-format.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.people import csvfile

# The messages shared with `palg group`, named here for callers and tests.
from palg.people.csvfile import (  # noqa: F401
    MSG_BAD_SLOT,
    MSG_BAD_TENURE,
    MSG_BLANK_COLUMN,
    MSG_CONTROL_CHARACTER,
    MSG_DUPLICATE_COLUMN,
    MSG_DUPLICATE_ID,
    MSG_FIELD_COUNT,
    MSG_MISSING_COLUMN,
    MSG_REQUIRED_VALUE,
    SLOT_DAYS,
    SLOT_PARTS,
)
from palg.people.csvfile import Problem as ImportProblem
from palg.people.models import Organisation, Person

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
OPTIONAL_COLUMNS = ("gender", "tenure_years", "availability", "status")
# The `status` column: someone marked as having left keeps their directory entry, and their
# account is deactivated in the same transaction as the rest of the import.
ACTIVE, LEFT = "active", "left"
STATUSES = (ACTIVE, LEFT)
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
# Columns whose values are categories (forming balances on them): spellings that differ only in
# capitals or spaces are one value. Every column not in KNOWN_COLUMNS is one too.
CATEGORY_COLUMNS = ("team", "function", "department", "location", "seniority", "gender")
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
MSG_TOO_LONG = "This value is {length} characters long; the most allowed is {limit}."
MSG_BAD_EMAIL = "“{value}” is not a valid email address."
MSG_DUPLICATE_EMAIL = (
    "The email “{value}” is on rows {rows} (emails are compared ignoring case). Each person "
    "needs their own."
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
MSG_BAD_STATUS = "“{value}” is not a status. Use “active”, “left” or leave it empty (active)."
MSG_LEAVER_SELF = (
    "This row marks you as having left, which would deactivate your own account. Another "
    "organisation admin has to do it."
)
MSG_LEAVER_NEEDS_ADMIN = (
    "This row marks {name} as having left, which deactivates their account; only organisation "
    "admins can do that. Ask one to import the file, or leave the status empty."
)
MSG_CONFLICT = (
    "The organisation's people changed while this file was being imported, so nothing was "
    "written. Please try again."
)
WORDING = csvfile.Wording(
    not_utf8=MSG_NOT_UTF8, unreadable=MSG_UNREADABLE_CSV, empty=MSG_EMPTY_FILE, no_rows=MSG_NO_ROWS
)


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
    # The row marks the person as having left and the import deactivates their account.
    closes_account: bool = False


@dataclass(frozen=True)
class ImportReport:
    rows: int
    created: int
    updated: int
    unchanged: int
    committed: bool
    changes: list = field(default_factory=list)
    # Accounts the import deactivates (or would) because their people have left.
    deactivated: int = 0
    # Values read as an earlier spelling of the same category (csvfile.Respelling).
    respellings: list = field(default_factory=list)


def format_problem(problem: ImportProblem) -> str:
    """`row 4, column email: message`, leaving out whatever the problem has no place for."""
    return csvfile.describe(problem)


def people_import(*, actor: Actor, data: bytes, commit: bool = True) -> ImportReport:
    """Import `data` into the actor's organisation; staff only (PermissionDenied otherwise)."""
    access.require_staff(actor)
    organisation = Organisation.objects.get(pk=actor.organisation_id)
    return people_import_for_organisation(
        organisation=organisation, data=data, commit=commit, actor=actor
    )


def people_import_for_organisation(
    *, organisation: Organisation, data: bytes, commit: bool = True, actor: Actor | None = None
) -> ImportReport:
    """Validate the whole file, then (if `commit`) write it; raises PeopleImportError, writing
    nothing, if anything is wrong. `actor` is who imports (None for the command line, which
    the operator runs): leavers' accounts are closed only by an organisation admin or from
    the command line, and never the importer's own."""
    rows = _parse(data)
    if not commit:
        return _plan(organisation, rows, actor).report(committed=False)
    try:
        with transaction.atomic():
            # Read the existing people inside the transaction so the checks see what is written.
            plan = _plan(organisation, rows, actor)
            plan.write(organisation)
            plan.close_leavers(organisation, actor)
    except IntegrityError as error:
        raise PeopleImportError([ImportProblem(None, None, MSG_CONFLICT)]) from error
    return plan.report(committed=True)


# Reading the file -------------------------------------------------------------------------


def _parse(data: bytes) -> csvfile.Table:
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise PeopleImportError([ImportProblem(None, None, MSG_TOO_LARGE.format(limit=limit))])
    try:
        return csvfile.read(data, REQUIRED_COLUMNS, WORDING)
    except csvfile.CsvError as error:
        raise PeopleImportError(error.problems) from error


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
    left: bool = False


def _max_length(column: str) -> int:
    return Person._meta.get_field(TEXT_COLUMNS[column]).max_length


def _check_row(row: csvfile.Row) -> tuple[_Candidate, list[ImportProblem]]:
    problems: list[ImportProblem] = []
    values = row.values
    fields: dict[str, object] = {}
    problems += csvfile.control_characters(row)
    for column, field_name in TEXT_COLUMNS.items():
        if column in values:
            fields[field_name] = values[column]
            problems += _text_problems(row, column)
    email = values.get("email", "")
    if email and len(email) <= _max_length("email") and not _valid_email(email):
        problems.append(ImportProblem(row.number, "email", MSG_BAD_EMAIL.format(value=email)))
    if "tenure_years" in values:
        fields["tenure_years"], tenure_problems = csvfile.tenure(row, "tenure_years")
        problems += tenure_problems
    if "availability" in values:
        fields["availability"], slot_problems = csvfile.slots(
            row.number, "availability", values["availability"]
        )
        problems += slot_problems
    status = values.get("status", "").lower()
    if status not in ("", *STATUSES):
        message = MSG_BAD_STATUS.format(value=values["status"])
        problems.append(ImportProblem(row.number, "status", message))
    candidate = _Candidate(
        row=row.number,
        external_id=values.get("id", ""),
        email=email,
        manager_id=values.get("manager_id", ""),
        fields=fields,
        attributes={k: v for k, v in values.items() if k not in KNOWN_COLUMNS},
        left=status == LEFT,
    )
    return candidate, problems


def _text_problems(row: csvfile.Row, column: str) -> list[ImportProblem]:
    if column in REQUIRED_VALUES and not row.values[column]:
        return csvfile.required(row, [column])
    value, limit = row.values[column], _max_length(column)
    if len(value) > limit:
        message = MSG_TOO_LONG.format(length=len(value), limit=limit)
        return [ImportProblem(row.number, column, message)]
    return []


def _valid_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


# Checking the file as a whole -------------------------------------------------------------


def _duplicate_problems(candidates: list[_Candidate]) -> list[ImportProblem]:
    ids = csvfile.repeats(((c.row, c.external_id) for c in candidates), "id")
    return ids + _duplicate_email_problems(candidates)


def _duplicate_email_problems(candidates: list[_Candidate]) -> list[ImportProblem]:
    """One problem per email on more than one row, at its second row, naming every row."""
    rows = _rows_by_email(candidates)
    return [
        ImportProblem(
            numbers[1],
            "email",
            MSG_DUPLICATE_EMAIL.format(value=email, rows=csvfile.row_list(numbers)),
        )
        for email, numbers in ((rows[key][0], rows[key][1:]) for key in rows)
        if len(numbers) > 1
    ]


def _rows_by_email(candidates: list[_Candidate]) -> dict[str, list]:
    """By lower-cased email: [the first spelling, then each row that has it]."""
    rows: dict[str, list] = {}
    for candidate in candidates:
        if candidate.email:
            rows.setdefault(candidate.email.lower(), [candidate.email]).append(candidate.row)
    return rows


def _taken_email_problems(
    candidates: list[_Candidate], existing: list[Person]
) -> list[ImportProblem]:
    """An email someone else in the organisation holds, once: at the first row that has it (a
    repeat of it on a later row is already a duplicate)."""
    holders = {person.email.lower(): person for person in existing}
    problems = []
    seen: set[str] = set()
    for candidate in candidates:
        if candidate.email.lower() in seen:
            continue
        seen.add(candidate.email.lower())
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
    respellings: list[csvfile.Respelling] = field(default_factory=list)
    # The people (already in the directory) whose active accounts the import closes.
    leavers: list[int] = field(default_factory=list)

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
            respellings=self.respellings,
            deactivated=len(self.leavers),
        )

    def close_leavers(self, organisation: Organisation, actor: Actor | None) -> None:
        from palg.accounts.lifecycle import leavers_close

        if self.leavers:
            by = actor.user_id if actor is not None else None
            leavers_close(organisation_id=organisation.pk, person_ids=self.leavers, by_user_id=by)

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


def _plan(organisation: Organisation, parsed: csvfile.Table, actor: Actor | None = None) -> _Plan:
    """Check everything and work out each row's change; raise with every problem found."""
    existing = _existing_people(organisation)
    problems = list(parsed.problems)
    respellings = _unify_spellings(parsed, existing)
    candidates = []
    for row in parsed.rows:
        candidate, row_problems = _check_row(row)
        candidates.append(candidate)
        problems += row_problems
    problems += _duplicate_problems(candidates)
    problems += _taken_email_problems(candidates, existing)
    # Ids on rows with the wrong field count still count as known managers, so that one bad
    # row does not make every report of it an "unknown manager".
    problems += _manager_problems(candidates, parsed.loose_values("id"), existing)
    closing = _accounts_closing(organisation, candidates, existing)
    problems += _leaver_problems(candidates, closing, actor)
    if problems:
        raise PeopleImportError(csvfile.ordered(problems))
    plan = _Plan(rows=len(candidates), respellings=respellings)
    plan.leavers = sorted(person_id for person_id, _ in closing.values())
    by_external_id = {person.external_id: person for person in existing}
    external_ids = {person.pk: person.external_id for person in existing}
    now = timezone.now()
    for candidate in candidates:
        current = by_external_id.get(candidate.external_id)
        if current is None:
            _plan_create(plan, organisation, candidate)
        else:
            closes = candidate.external_id in closing
            _plan_update(plan, current, candidate, external_ids, now, closes)
    return plan


def _accounts_closing(
    organisation: Organisation, candidates: list[_Candidate], existing: list[Person]
) -> dict[str, tuple[int, int]]:
    """By external id, (person id, account id) of each person marked as having left who is
    already in the directory with an active account."""
    from palg.accounts.models import User

    left = {candidate.external_id for candidate in candidates if candidate.left}
    people = {p.pk: p.external_id for p in existing if p.external_id in left}
    if not people:
        return {}
    accounts = User.objects.filter(
        organisation=organisation, person_id__in=people, is_active=True
    ).values_list("person_id", "pk")
    return {people[person_id]: (person_id, pk) for person_id, pk in accounts}


def _leaver_problems(
    candidates: list[_Candidate], closing: dict[str, tuple[int, int]], actor: Actor | None
) -> list[ImportProblem]:
    """Only organisation admins (or the command line) close accounts, and never their own."""
    if actor is None:
        return []
    problems = []
    for candidate in candidates:
        if candidate.external_id not in closing:
            continue
        _, account_id = closing[candidate.external_id]
        if account_id == actor.user_id:
            problems.append(ImportProblem(candidate.row, "status", MSG_LEAVER_SELF))
        elif not actor.is_org_admin:
            name = candidate.fields.get("name") or candidate.external_id
            message = MSG_LEAVER_NEEDS_ADMIN.format(name=name)
            problems.append(ImportProblem(candidate.row, "status", message))
    return problems


def _unify_spellings(parsed: csvfile.Table, existing: list[Person]) -> list[csvfile.Respelling]:
    """Read every spelling of a category as the first one seen. The people the file leaves
    alone count as seen first, so a partial file keeps the organisation's spelling; the people
    in the file do not, so a file can correct a spelling by giving everyone the new one."""
    columns = [c for c in parsed.columns if c in CATEGORY_COLUMNS or c not in KNOWN_COLUMNS]
    in_file = {row.values.get("id", "") for row in parsed.rows}
    others = [person for person in existing if person.external_id not in in_file]
    others.sort(key=lambda person: person.pk)
    known = {column: [_stored_value(person, column) for person in others] for column in columns}
    return csvfile.unify_spellings(parsed.rows, columns, known)


def _stored_value(person: Person, column: str) -> str:
    if column in TEXT_COLUMNS:
        return getattr(person, TEXT_COLUMNS[column]) or ""
    value = (person.attributes or {}).get(column, "")
    return value if isinstance(value, str) else ""


def _existing_people(organisation: Organisation) -> list[Person]:
    if organisation.pk is None:
        return []
    return list(Person.objects.filter(organisation=organisation).order_by())


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
    closes_account: bool = False,
) -> None:
    changed = _apply_fields(person, candidate)
    current_manager = external_ids.get(person.manager_id, "")
    if current_manager != candidate.manager_id:
        changed.append("manager_id")
        plan.manager_links.append((person, candidate.manager_id))
    action = UPDATE if changed else UNCHANGED
    plan.changes.append(
        RowChange(
            candidate.row,
            candidate.external_id,
            person.name,
            action,
            tuple(changed),
            closes_account,
        )
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
