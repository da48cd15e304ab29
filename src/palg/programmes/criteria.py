"""What the lead asks of a round's sets (the criteria) and the grouping problem built from the
database: the programme's participants, declared conflicts and who met whom in earlier rounds.
palg.grouping.forming (no Django) does the rest, as it does for `palg group` on files."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from palg.grouping import DEFAULT_DIVERSIFY, csvio
from palg.grouping import forming as engine
from palg.people.models import Conflict, Person
from palg.programmes.models import BOUNDS, Membership, Programme, ProgrammeRole, Round

# The person attributes a lead can mix or keep apart, with the words the page uses.
ATTRIBUTES = {
    "function": "Function",
    "department": "Department",
    "location": "Site",
    "seniority": "Level",
    "gender": "Gender",
    "team": "Team",
    "tenure_years": "Tenure (years)",
}
MSG_SIZE_ORDER = "The smallest set size cannot be larger than the largest."
MSG_SIZE_RANGE = "Set sizes must be between {low} and {high}."
MSG_UNKNOWN_ATTRIBUTE = "“{name}” is not an attribute of the people in this programme."


# Criteria ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criteria:
    """What the lead asks for; stored with the draft, as plain JSON."""

    min_size: int
    max_size: int
    diversify: tuple[str, ...] = DEFAULT_DIVERSIFY
    separate: tuple[str, ...] = ("team",)
    balance: tuple[str, ...] = ()
    no_manager_pairs: bool = True
    conflicts: bool = True
    availability: bool = True
    avoid_repeats: bool = True
    even_sizes: bool = True

    def as_json(self) -> dict:
        data = self.__dict__.copy()
        for name in ("diversify", "separate", "balance"):
            data[name] = list(data[name])
        return data

    def for_engine(self) -> engine.Criteria:
        return engine.Criteria(
            min_size=self.min_size,
            max_size=self.max_size,
            diversify=self.diversify,
            separate=self.separate,
            balance=self.balance,
            no_manager_pairs=self.no_manager_pairs,
            availability=csvio.AVAILABILITY if self.availability else None,
            even_sizes=self.even_sizes,
        )


def criteria_default(programme: Programme) -> Criteria:
    """The sensible start: the programme's size range with sets as equal as possible (fair
    airtime), mix function/department/site/level (those the participants have), teams and line
    managers apart, declared conflicts, a shared slot, no repeats."""
    people = cohort(programme)
    known = tuple(name for name in DEFAULT_DIVERSIFY if people.exclude(**{name: ""}).exists())
    return Criteria(
        min_size=programme.min_group_size,
        max_size=programme.max_group_size,
        diversify=known or DEFAULT_DIVERSIFY,
    )


def criteria_clean(programme: Programme, raw: dict | None) -> Criteria:
    """Criteria from user input (missing keys take the defaults); ValidationError per field."""
    base = criteria_default(programme).as_json()
    data = {**base, **{k: v for k, v in (raw or {}).items() if k in base and v is not None}}
    errors: dict[str, list[str]] = {}
    low, high = BOUNDS["min_group_size"]
    for name in ("min_size", "max_size"):
        if not isinstance(data[name], int) or not low <= data[name] <= high:
            errors.setdefault(name, []).append(MSG_SIZE_RANGE.format(low=low, high=high))
    if not errors and data["min_size"] > data["max_size"]:
        errors["min_size"] = [MSG_SIZE_ORDER]
    known = set(ATTRIBUTES) | set(extra_attributes(programme))
    for name in ("diversify", "separate", "balance"):
        values = tuple(str(value).strip().lower() for value in data[name] if str(value).strip())
        unknown = [value for value in values if value not in known]
        if unknown:
            errors[name] = [MSG_UNKNOWN_ATTRIBUTE.format(name=value) for value in unknown]
        data[name] = tuple(dict.fromkeys(values))
    if errors:
        raise ValidationError(errors)
    flags = ("no_manager_pairs", "conflicts", "availability", "avoid_repeats", "even_sizes")
    return Criteria(**{**data, **{flag: bool(data[flag]) for flag in flags}})


def extra_attributes(programme: Programme) -> list[str]:
    """Further columns imported with the programme's participants (Person.attributes keys)."""
    keys: set[str] = set()
    for attributes in cohort(programme).values_list("attributes", flat=True):
        keys.update(str(key).strip().lower() for key in (attributes or {}))
    return sorted(keys - set(ATTRIBUTES))


# Reading the programme -----------------------------------------------------------------------


def cohort(programme: Programme):
    """The people to group: the programme's participants, in a stable order."""
    return (
        Person.objects.filter(
            programme_roles__programme=programme,
            programme_roles__role=ProgrammeRole.Role.PARTICIPANT,
        )
        .distinct()
        .order_by("name", "pk")
    )


def _participants(people: list[Person]) -> csvio.Participants:
    """The people as the grouping code reads them: one column per attribute, and the directory
    ids (unique in the organisation) as ids, so explanations name people as leads know them:
    "Ann Lee (NW1042)"."""
    keys = sorted({str(k).strip().lower() for p in people for k in (p.attributes or {})})
    directory_id = _directory_ids(people)
    columns = {
        "id": [p.external_id for p in people],
        "name": [p.name for p in people],
        "manager_id": [directory_id.get(p.manager_id, "") for p in people],
        csvio.AVAILABILITY: [";".join(p.availability or ()) for p in people],
        "tenure_years": ["" if p.tenure_years is None else str(p.tenure_years) for p in people],
    }
    for name in ATTRIBUTES.keys() - columns.keys():
        columns[name] = [getattr(p, name) or "" for p in people]
    for key in keys - columns.keys():
        columns[key] = [_attribute_value(p, key) for p in people]
    return csvio.Participants(
        ids=columns["id"],
        names=columns["name"],
        columns=columns,
        manager_ids=columns["manager_id"],
        availability=[list(p.availability or ()) for p in people],
        rows=list(range(1, len(people) + 1)),
    )


def _attribute_value(person: Person, key: str) -> str:
    for name, value in (person.attributes or {}).items():
        if str(name).strip().lower() == key:
            return "" if value is None else str(value)
    return ""


def _directory_ids(people: list[Person]) -> dict[int, str]:
    """Primary key -> directory id, for the people being grouped (others play no part)."""
    return {p.pk: p.external_id for p in people}


def _conflicts(programme: Programme, people: list[Person]) -> list[tuple[str, str]]:
    ids = _directory_ids(people)
    rows = Conflict.objects.filter(organisation_id=programme.organisation_id).values_list(
        "first_id", "second_id"
    )
    return [(ids[a], ids[b]) for a, b in rows if a in ids and b in ids]


def _history(round_: Round, people: list[Person]) -> list[tuple[str, int, str]]:
    """Who shared a set (as members) in the programme's earlier rounds."""
    ids = _directory_ids(people)
    rows = Membership.objects.filter(
        group__round__programme_id=round_.programme_id,
        group__round__number__lt=round_.number,
        role=Membership.Role.MEMBER,
    ).values_list("person_id", "group__round__number", "group_id")
    return [(ids[person], number, str(group)) for person, number, group in rows if person in ids]


def prepare(round_: Round, criteria: Criteria, people: list[Person]) -> engine.Prepared:
    """The grouping problem for these people of this round, from the database."""
    return engine.build(
        _participants(people),
        criteria.for_engine(),
        conflicts=_conflicts(round_.programme, people) if criteria.conflicts else None,
        history=_history(round_, people) if criteria.avoid_repeats else None,
    )
