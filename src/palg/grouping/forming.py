"""Forming groups from files: read the people, conflicts and history files, build the grouping
problem (diversity from the chosen columns; teams, managers, conflicts and earlier group-mates
kept apart; a shared meeting slot), explain it when it has no solution, solve it and summarise
the result. `palg group` is the command line over this; it needs no database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from palg.grouping import DEFAULT_DIVERSIFY, csvio
from palg.people.slots import SLOTS
from palg_grouping import attributes as attrs
from palg_grouping import feasibility, report

NUMERIC_COLUMNS = frozenset({"tenure_years"})
# Above this many people the diversity matrix is kept in float32: 10,000 people take 400 MB
# instead of 800 MB, and the objective needs no more precision than that.
FLOAT32_FROM = 4000
# `--seconds` is a budget for the whole command. The engine's own set-up (a feasible start and
# its tables) and writing the results grow with the number of pairs, as building the problem
# does, and take up to 1.5 times as long (10,000 people: 1.3-1.6 s against 1.1 s), so that much
# is set aside before the search gets the rest; never less than the floor below.
SETUP_FACTOR = 1.5
SEARCH_FLOOR_SHARE = 0.1
SEARCH_FLOOR_SECONDS = 1.0

RULE_MANAGERS = "manager and direct report apart"
RULE_SEPARATE = "no two from the same {column}"
RULE_CONFLICTS = "declared conflicts apart"
RULE_HISTORY = "no one meets an earlier group-mate again"

MSG_UNKNOWN_IDS = (
    "Note: {count} id(s) in {file} are not in the participants file and were ignored: {ids}."
)
MSG_NO_SLOTS = "Note: nobody has a slot in the column “{column}”, so meeting slots are left out."
MSG_SILENT_ONE = "Note: {people} gave no availability and is treated as free in every slot."
MSG_SILENT = (
    "Note: {count} people gave no availability and are treated as free in every slot: {people}."
)


@dataclass(frozen=True, kw_only=True)
class Criteria:
    """How to form the groups, wherever the people come from (files or the database)."""

    min_size: int = 5
    max_size: int = 7
    diversify: tuple[str, ...] = DEFAULT_DIVERSIFY
    separate: tuple[str, ...] = ()
    no_manager_pairs: bool = False
    availability: str | None = None
    even_sizes: bool = False
    balance: tuple[str, ...] = ()
    balance_weight: float = 1.0


@dataclass(frozen=True, kw_only=True)
class GroupOptions(Criteria):
    """Everything `palg group` is asked to do: the criteria and the files."""

    participants: Path
    conflicts: Path | None = None
    history: tuple[Path, ...] = ()


@dataclass
class Prepared:
    """A problem built from the files, with what the summary and the output file need."""

    participants: csvio.Participants
    attributes: list[attrs.Attribute]
    rules: dict[str, np.ndarray]
    separate: dict[str, list[str]]
    slot_codes: list[str]
    notes: list[str] = field(default_factory=list)
    problem: object | None = None
    reasons: list[str] = field(default_factory=list)
    balance: list[attrs.Attribute] = field(default_factory=list)

    @property
    def slot_names(self) -> list[str]:
        return [pretty_slot(code) for code in self.slot_codes]

    @cached_property
    def people(self) -> list[str]:
        """How the summary and the explanations name each person: `Ann Lee (H1002)`."""
        p = self.participants
        return [f"{name} ({person_id})" for name, person_id in zip(p.names, p.ids, strict=True)]


def pretty_slot(code: str) -> str:
    """`tue-pm` -> `Tue pm`."""
    day, _, part = code.partition("-")
    return f"{day.capitalize()} {part}".strip()


def prepare(options: GroupOptions) -> Prepared:
    """Read the files and build the grouping problem (see `build`). Raises csvio.InputError for
    bad files."""
    people = csvio.read_participants(options.participants)
    notes = []
    conflicts = None
    if options.conflicts is not None:
        conflicts = csvio.read_pairs(options.conflicts)
        notes += _unknown(people, options.conflicts, [i for pair in conflicts for i in pair])
    history = [] if options.history else None
    for number, path in enumerate(options.history):
        rows = csvio.read_history(path)
        notes += _unknown(people, path, [row[0] for row in rows])
        # Groups of different files are different groups, whatever their round and name.
        history += [(person, round_, f"{number}/{group}") for person, round_, group in rows]
    return build(people, options, conflicts=conflicts, history=history, notes=notes)


def build(
    people: csvio.Participants,
    criteria: Criteria,
    *,
    conflicts: list[tuple[str, str]] | None = None,
    history: list[tuple[str, object, str]] | None = None,
    notes: list[str] | None = None,
) -> Prepared:
    """Build the grouping problem for `people` under `criteria`: diversity from the chosen
    attributes, the kept-apart pairs (columns, managers, `conflicts` as id pairs, and earlier
    group-mates from `history` rows of (person id, round, group key)), and a shared meeting slot.
    `reasons` is non-empty when it provably has no solution (then `problem` may be None). Raises
    csvio.InputError when a criterion names a column the people lack."""
    prepared = Prepared(
        participants=people,
        attributes=[_attribute(people, column) for column in criteria.diversify],
        rules={},
        separate={c: csvio.column_of(people, c, "--separate") for c in criteria.separate},
        slot_codes=[],
        notes=list(notes or ()),
        balance=[_attribute(people, column, "--balance") for column in criteria.balance],
    )
    _add_rules(prepared, criteria, conflicts, history)
    free = _availability(prepared, criteria)
    cannot = attrs.merge_pairs(*prepared.rules.values())
    low, high = criteria.min_size, criteria.max_size
    n = len(people.ids)
    if not feasibility.some_count_fits(n, low, high):
        sizes = feasibility.size_text(low, high)
        prepared.reasons = [feasibility.MSG_SIZE_RANGE.format(n=n, sizes=sizes)]
        return prepared
    from palg_grouping.problem import GroupingProblem

    dtype = np.float32 if n >= FLOAT32_FROM else np.float64
    if prepared.attributes or prepared.balance:
        diversity = attrs.diversity_matrix(
            prepared.attributes,
            balance=prepared.balance,
            balance_weight=criteria.balance_weight,
            dtype=dtype,
        )
    else:  # `--diversify ""`: keep the rules, with no preference between groupings
        diversity = np.zeros((n, n), dtype=dtype)
    rules = {"cannot_link": cannot, "availability": free}
    problem = GroupingProblem.from_size_range(diversity, low, high, **rules)
    biggest = max(_largest_value_count(prepared.separate), _largest_earlier_group(people, history))
    needed = min(biggest, n // low)
    if needed > problem.groups:
        # A big team, or a big earlier group whose members must all meet new people, needs
        # more groups than the default: use them if the sizes allow.
        problem = GroupingProblem.from_size_range(diversity, low, high, groups=needed, **rules)
    if criteria.even_sizes:
        # Same number of groups, sizes differing by at most one: still within low..high, since
        # that number of groups fits the range.
        problem = GroupingProblem.equal_sizes(diversity, problem.groups, **rules)
    prepared.problem = problem
    context = {feasibility.SEPARATE: prepared.separate, feasibility.SLOTS: prepared.slot_names}
    prepared.reasons = feasibility.explain(
        problem, labels_for_people=prepared.people, context=context
    )
    return prepared


def solve(
    prepared: Prepared,
    *,
    seconds: float,
    seed: int,
    workers: int = 1,
    progress: Callable[[float, float], None] | None = None,
    max_iterations: int | None = None,
    initial=None,
    locked=None,
):
    """Form the groups; raises palg_grouping.Infeasible when the engine finds none. `locked`
    people stay in their group of `initial`; the search stops at `seconds` or `max_iterations`
    steps, whichever comes first."""
    from palg_grouping.solve import form_groups

    return form_groups(
        prepared.problem,
        seed=seed,
        time_limit=seconds,
        max_iterations=max_iterations,
        workers=workers,
        progress=progress,
        initial=initial,
        locked=locked,
    )


def search_seconds(budget: float, *, spent: float, building: float) -> float:
    """How long the search may run when the whole command has `budget` seconds, `spent` are
    gone and reading the files and building the problem took `building` of them: what is left
    once SETUP_FACTOR x `building` is set aside for the engine's set-up and the output, but at
    least a tenth of the budget and 1 s (all of a budget under 1 s)."""
    floor = max(SEARCH_FLOOR_SHARE * budget, min(SEARCH_FLOOR_SECONDS, budget))
    return max(budget - spent - SETUP_FACTOR * building, floor)


def load_engine(prepared: Prepared) -> None:
    """Load the search kernel, compiling it if numba's cache has no copy (about 5 s), so that
    the time it takes is measured before the search's time limit is set: a two-person problem
    with the same matrix type runs the same compiled kernel."""
    from palg_grouping.problem import GroupingProblem
    from palg_grouping.solve import form_groups

    if prepared.problem is None:
        return
    tiny = np.zeros((2, 2), dtype=prepared.problem.diversity.dtype)
    rules = {"cannot_link": [[0, 1]], "availability": np.ones((2, 1), dtype=bool)}
    form_groups(GroupingProblem(tiny, [1, 1], [1, 1], **rules), max_iterations=1)


def summary_text(prepared: Prepared, result) -> str:
    """The readable summary of `result`."""
    summary = report.summarise(
        prepared.problem,
        result,
        prepared.attributes,
        rules=prepared.rules,
        separate=prepared.separate,
        slot_names=prepared.slot_names or None,
        balance=prepared.balance,
    )
    return report.render(summary)


def _attribute(
    people: csvio.Participants, column: str, option: str = "--diversify"
) -> attrs.Attribute:
    name = column.strip().lower()
    if name in NUMERIC_COLUMNS:
        values = csvio.numbers(people, name, option)
        return attrs.Attribute(name, values, kind=attrs.NUMERIC)
    return attrs.Attribute(name, csvio.column_of(people, name, option))


def _add_rules(prepared: Prepared, criteria: Criteria, conflicts, history) -> None:
    people = prepared.participants
    for column, values in prepared.separate.items():
        prepared.rules[RULE_SEPARATE.format(column=column)] = attrs.separate_pairs(values)
    if criteria.no_manager_pairs:
        managers = csvio.column_of(people, "manager_id", "--no-manager-pairs")
        prepared.rules[RULE_MANAGERS] = attrs.manager_pairs(people.ids, managers)
    if conflicts is not None:
        prepared.rules[RULE_CONFLICTS] = attrs.conflict_pairs(people.ids, conflicts)
    if history is not None:
        prepared.rules[RULE_HISTORY] = attrs.history_pairs(people.ids, history)


def _unknown(people: csvio.Participants, path: Path, named: list[str]) -> list[str]:
    unknown = attrs.unknown_ids(people.ids, named)
    if not unknown:
        return []
    ids = feasibility.people_text(unknown)
    return [MSG_UNKNOWN_IDS.format(count=len(unknown), file=Path(path).name, ids=ids)]


def _availability(prepared: Prepared, criteria: Criteria) -> np.ndarray | None:
    if criteria.availability is None:
        return None
    lists = csvio.slot_lists(prepared.participants, criteria.availability, "--availability")
    used = {slot for row in lists for slot in row}
    prepared.slot_codes = [slot for slot in SLOTS if slot in used]
    if not prepared.slot_codes:
        prepared.notes.append(MSG_NO_SLOTS.format(column=criteria.availability))
        return None
    free, _, silent = attrs.availability_matrix(lists, slots=prepared.slot_codes)
    if silent.any():
        names = [prepared.people[i] for i in np.flatnonzero(silent)]
        template = MSG_SILENT_ONE if len(names) == 1 else MSG_SILENT
        prepared.notes.append(
            template.format(count=len(names), people=feasibility.people_text(names))
        )
    return free


def _largest_earlier_group(people: csvio.Participants, history) -> int:
    """How many of today's people shared the largest earlier group: with no repeats allowed,
    each of them needs a group of their own."""
    if not history:
        return 0
    here = set(people.ids)
    sizes = Counter((round_, group) for person, round_, group in history if person in here)
    return max(sizes.values(), default=0)


def _largest_value_count(separate: dict[str, list[str]]) -> int:
    """How many people share the most common value of any kept-apart column."""
    biggest = 0
    for values in separate.values():
        codes, _ = attrs.categorical_codes(values)
        if (codes >= 0).any():
            biggest = max(biggest, int(np.bincount(codes[codes >= 0]).max()))
    return biggest
