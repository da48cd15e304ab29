"""Forming a round's sets: the engine run on the programme's participants, a draft the lead
adjusts by hand with every hard rule re-checked, and publishing it as the round's sets.

The same services serve the web page, the API and `palg sets`. The grouping itself is
palg.grouping.forming (no Django): this module feeds it from the database (people, declared
conflicts, who met whom in earlier rounds) and keeps the draft.

A draft is visible to leads and admins only (palg.access decides); the people in it learn their
set when it is published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from palg import access
from palg.access import Actor
from palg.grouping import forming as engine
from palg.people.models import Person
from palg.programmes.criteria import Criteria, cohort, criteria_clean, prepare
from palg.programmes.models import (
    BOUNDS,
    Group,
    GroupingDraft,
    Membership,
    Round,
)
from palg_grouping.errors import MSG_NO_FEASIBLE_START

# The search stops after ITERATIONS_PER_PERSON steps per person or settings.FORMING_SECONDS,
# whichever comes first: programmes of a few hundred people reach their best in well under a
# second, and the step budget makes the same criteria and draft give the same sets.
ITERATIONS_PER_PERSON = 400
SET_NAME = "Set {number}"

MSG_NO_ROUND = "This programme has no round {number}."
MSG_PUBLISHED = (
    "Round {number} already has its sets, so they cannot be re-formed here. Form the next round "
    "instead: it keeps people from meeting the same peers again."
)
MSG_TOO_FEW = (
    "The programme has {count} participant(s); a set needs at least {low}. Add participants to "
    "the programme first."
)
MSG_NO_DRAFT = "Round {number} has no draft sets yet. Form them first."
MSG_STALE = (
    "These sets changed since your page was loaded (someone else is editing them). The page now "
    "shows the current sets; make your change again."
)
MSG_NOT_IN_DRAFT = "That person is not in this round's draft."
MSG_NO_GROUP = "There is no set number {number} in this draft."
MSG_SAME_GROUP = "{person} is already in {group}."
MSG_SAME_PERSON = "Choose two different people to swap."
MSG_SAME_SET_SWAP = "{a} and {b} are in the same set already."
MSG_LOCKED = "{person} is locked in {group}. Unlock them first."
MSG_COHORT_CHANGED = (
    "The programme's participants changed since these sets were formed ({changes}). Form the "
    "sets again to place everyone; locked people keep their sets."
)
MSG_JOINED = "{count} joined"
MSG_LEFT = "{count} left"
MSG_CANNOT_PUBLISH = "The sets cannot be published yet:"
MSG_LATER_ROUND_FIRST = "Round {number} is not published yet: publish or form it first."
MSG_ENGINE_FOUND_NONE = MSG_NO_FEASIBLE_START  # the engine's words when its search found none
MSG_CLOSEST = "The closest grouping the search could build still breaks: {rules}."
MSG_BROKEN_RULE = "“{rule}” {times}"
MSG_RELAX = "Relax one of these rules for this run, or change the criteria above."
MSG_RELAX_OFF = "Form without “{rule}”"
MSG_RELAX_SIZES = "Form with sets of {low} to {high}, not necessarily equal"


# The draft as the pages show it --------------------------------------------------------------


@dataclass
class DraftSet:
    index: int
    name: str
    people: list[Person]
    locked: set[int]
    slot: str
    why: str


@dataclass
class Draft:
    """A draft with everything the page and the API show: sets, metrics, why lines."""

    record: GroupingDraft
    round: Round
    criteria: Criteria
    people: list[Person]  # in problem order
    labels: np.ndarray
    locked: np.ndarray
    prepared: engine.Prepared
    notes: list[str] = field(default_factory=list)

    @property
    def version(self) -> int:
        return self.record.version

    @property
    def names(self) -> list[str]:
        return [SET_NAME.format(number=g + 1) for g in range(self.record.group_count)]

    @cached_property
    def result(self):
        from palg_grouping.solve import choose_slots, evaluate

        problem = self.prepared.problem
        return _Result(
            self.labels, evaluate(problem, self.labels), choose_slots(problem, self.labels)
        )

    @cached_property
    def summary(self):
        from palg_grouping import report

        p = self.prepared
        return report.summarise(
            p.problem,
            self.result,
            p.attributes,
            rules=p.rules,
            separate=p.separate,
            slot_names=p.slot_names or None,
            balance=p.balance,
        )

    @cached_property
    def broken(self) -> int:
        return sum(rule.violations for rule in self.summary.rules)

    @cached_property
    def sets(self) -> list[DraftSet]:
        why = {line.number - 1: line.why for line in self.summary.lines}
        slots = self.result.slots
        sets = []
        for g, name in enumerate(self.names):
            members = np.flatnonzero(self.labels == g)
            slot = self.prepared.slot_names[slots[g]] if slots[g] >= 0 else ""
            sets.append(
                DraftSet(
                    index=g,
                    name=name,
                    people=[self.people[i] for i in members],
                    locked={self.people[i].pk for i in members if self.locked[i]},
                    slot=slot,
                    why=why.get(g, ""),
                )
            )
        return sets

    def position(self, person_id: int) -> int:
        for i, person in enumerate(self.people):
            if person.pk == person_id:
                return i
        raise ValidationError({"person": MSG_NOT_IN_DRAFT})


@dataclass(frozen=True)
class _Result:
    labels: np.ndarray
    objective: float
    slots: np.ndarray


def draft_get(*, actor: Actor, programme_id: int, round_number: int) -> Draft | None:
    """The round's draft (None if there is none yet); leads and admins only."""
    round_ = _round_to_form(actor, programme_id, round_number, editable=False)
    record = GroupingDraft.objects.filter(round=round_).first()
    return _load(round_, record) if record else None


def _load(round_: Round, record: GroupingDraft) -> Draft:
    criteria = criteria_clean(round_.programme, record.criteria)
    placed = {row["person"]: row for row in record.placements}
    current = {p.pk: p for p in cohort(round_.programme)}
    people = [current[pk] for pk in placed if pk in current]
    prepared = prepare(round_, criteria, people)
    if prepared.problem is None or prepared.problem.groups != record.group_count:
        prepared = _fixed_groups(prepared, record.group_count)
    draft = Draft(
        record=record,
        round=round_,
        criteria=criteria,
        people=people,
        labels=np.array([placed[p.pk]["group"] for p in people], dtype=np.int64),
        locked=np.array([bool(placed[p.pk]["locked"]) for p in people], dtype=bool),
        prepared=prepared,
    )
    joined, left = len(current.keys() - placed.keys()), len(placed.keys() - current.keys())
    if joined or left:
        changes = [MSG_JOINED.format(count=joined)] * bool(joined)
        changes += [MSG_LEFT.format(count=left)] * bool(left)
        draft.notes.append(MSG_COHORT_CHANGED.format(changes=", ".join(changes)))
    return draft


def _fixed_groups(prepared: engine.Prepared, groups: int) -> engine.Prepared:
    """The same rules over `groups` groups of the criteria's sizes, for a draft whose cohort
    shrank or grew since it was formed (its checks then show the size rule broken)."""
    from palg_grouping.attributes import merge_pairs
    from palg_grouping.problem import GroupingProblem

    old = prepared.problem
    n = len(prepared.participants.ids)
    low = int(old.lower.min()) if old is not None else 1
    high = int(old.upper.max()) if old is not None else n
    diversity = old.diversity if old is not None else np.zeros((n, n))
    prepared.problem = GroupingProblem(
        diversity,
        np.full(groups, low),
        np.full(groups, high),
        cannot_link=merge_pairs(*prepared.rules.values()),
        availability=old.availability if old is not None else None,
    )
    return prepared


def _round_to_form(actor: Actor, programme_id: int, round_number: int, *, editable=True) -> Round:
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    round_ = programme.rounds.filter(number=round_number).first()
    if round_ is None:
        raise Http404(MSG_NO_ROUND.format(number=round_number))
    if editable and round_.groups.exists():
        raise ValidationError({"round": MSG_PUBLISHED.format(number=round_number)})
    return round_


# Forming -------------------------------------------------------------------------------------


def _seconds() -> float:
    return float(settings.FORMING_SECONDS)


def group_set_form(
    *,
    actor: Actor,
    programme_id: int,
    round_number: int,
    criteria: dict | Criteria | None = None,
    keep_locks: bool = True,
) -> Draft:
    """Form (or re-form) the round's sets with the engine and keep them as its draft.

    People locked in the current draft stay in their sets; everyone else is placed afresh. All
    or nothing: when no grouping keeps every rule, ValidationError says why in words and the
    draft is unchanged.

    The search runs outside any transaction: on SQLite a transaction holds the one write lock,
    and for the seconds of a search every other writer (the web, the background worker) would
    wait and then fail. The result is written in a short transaction of its own, refused when
    the draft changed meanwhile (someone moved or locked a person) or the round was published."""
    round_ = _round_to_form(actor, programme_id, round_number)
    record = GroupingDraft.objects.filter(round=round_).first()
    seen = record.version if record else None
    if not isinstance(criteria, Criteria):
        saved = record.criteria if record and criteria is None else criteria
        criteria = criteria_clean(round_.programme, saved)
    people = list(cohort(round_.programme))
    if len(people) < criteria.min_size:
        raise ValidationError(MSG_TOO_FEW.format(count=len(people), low=criteria.min_size))
    prepared = prepare(round_, criteria, people)
    if prepared.reasons:
        raise infeasible(prepared, prepared.reasons, criteria)
    initial, locked = _locks(record, people, prepared.problem.groups) if keep_locks else (None,) * 2
    seed = (record.seed + 1) if record else 1
    result = _solve(prepared, criteria, seed=seed, initial=initial, locked=locked)
    with transaction.atomic():
        round_ = _round_to_form(actor, programme_id, round_number)
        record = GroupingDraft.objects.select_for_update().filter(round=round_).first()
        if (record.version if record else None) != seen:
            raise ValidationError(MSG_STALE)
        record = record or GroupingDraft(round=round_, version=0)
        record.criteria = criteria.as_json()
        record.group_count = prepared.problem.groups
        record.seed = seed
        _save(record, actor, people, result.labels, locked)
    return _load(round_, record)


def _solve(prepared: engine.Prepared, criteria: Criteria, *, seed: int, initial, locked):
    from palg_grouping.errors import Infeasible

    try:
        return engine.solve(
            prepared,
            seconds=_seconds(),
            seed=seed,
            max_iterations=ITERATIONS_PER_PERSON * len(prepared.participants.ids),
            initial=initial,
            locked=locked,
        )
    except Infeasible as error:
        raise infeasible(prepared, error.reasons, criteria, initial, locked) from error


# When no grouping keeps every rule ----------------------------------------------------------


@dataclass(frozen=True)
class Relaxation:
    """One rule the lead may turn off or loosen for the next run, with the criteria that run
    would use."""

    rule: str
    violations: int
    label: str
    criteria: dict

    @property
    def fields(self) -> list[tuple[str, object]]:
        """The criteria as the criteria form posts them (checkboxes: present when on)."""
        pairs: list[tuple[str, object]] = []
        for name, value in self.criteria.items():
            if isinstance(value, list):
                pairs += [(name, item) for item in value]
            elif value is True:
                pairs.append((name, "on"))
            elif value is not False:
                pairs.append((name, value))
        return pairs


class NoGrouping(ValidationError):
    """No grouping keeps every rule: the reasons in words, how often the closest grouping found
    breaks each rule, and the rules that may be relaxed (`relaxations`)."""

    def __init__(self, messages: list[str], relaxations: list[Relaxation]):
        super().__init__(messages)
        self.relaxations = relaxations


def infeasible(prepared, reasons, criteria: Criteria, initial=None, locked=None) -> NoGrouping:
    """The error to raise when no grouping keeps every rule: the engine's reasons (the sound
    checks' sentences, or that the search found none), then the rules the closest grouping it
    can build still breaks and how often, each with a way to relax it."""
    broken = _closest_broken(prepared, initial, locked)
    messages = [r for r in reasons if not (broken and r == MSG_ENGINE_FOUND_NONE)]
    if broken:
        listed = "; ".join(
            MSG_BROKEN_RULE.format(rule=rule, count=count, times=_times(count))
            for rule, count in broken
        )
        messages.append(MSG_CLOSEST.format(rules=listed))
    relaxations = [r for rule, count in broken if (r := _relaxation(criteria, rule, count))]
    if relaxations:
        messages.append(MSG_RELAX)
    return NoGrouping(messages or [MSG_ENGINE_FOUND_NONE], relaxations)


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _closest_broken(prepared, initial, locked) -> list[tuple[str, int]]:
    """(rule, how often) for each rule broken by the closest grouping the engine builds; []
    when it cannot build one (impossible sizes) or it breaks nothing."""
    from palg_grouping import report
    from palg_grouping.errors import Infeasible
    from palg_grouping.solve import choose_slots, closest_grouping

    problem = prepared.problem
    if problem is None:
        return []
    try:
        labels = closest_grouping(problem, seed=1, initial=initial, locked=locked)
    except Infeasible:
        return []
    result = _Result(labels, 0.0, choose_slots(problem, labels))
    counts = report.summarise(problem, result, [], rules=prepared.rules).rules
    every_reason = report.RULES["cannot_link"]
    return [
        (rule.rule, rule.violations)
        for rule in counts
        if rule.violations and not (rule.rule == every_reason and prepared.rules)
    ]


def _relaxation(criteria: Criteria, rule: str, count: int) -> Relaxation | None:
    """How to run again without `rule` (or with it loosened); None for a rule the criteria
    cannot turn off."""
    from palg_grouping import report

    data = criteria.as_json()
    label = MSG_RELAX_OFF.format(rule=rule)
    if rule == engine.RULE_MANAGERS:
        data["no_manager_pairs"] = False
    elif rule == engine.RULE_CONFLICTS:
        data["conflicts"] = False
    elif rule == engine.RULE_HISTORY:
        data["avoid_repeats"] = False
    elif rule == report.RULES["availability"]:
        data["availability"] = False
    elif rule.startswith(engine.RULE_SEPARATE.format(column="")):
        column = rule.removeprefix(engine.RULE_SEPARATE.format(column=""))
        data["separate"] = [c for c in data["separate"] if c != column]
    elif rule.startswith(report.RULES["size"].split("{")[0]):
        low, high = BOUNDS["min_group_size"]
        data["min_size"] = max(low, criteria.min_size - 1)
        data["max_size"] = min(high, criteria.max_size + 1)
        data["even_sizes"] = False
        label = MSG_RELAX_SIZES.format(low=data["min_size"], high=data["max_size"])
    else:
        return None
    if data == criteria.as_json():
        return None
    return Relaxation(rule=rule, violations=count, label=label, criteria=data)


def _locks(record: GroupingDraft | None, people: list[Person], groups: int):
    """Start labels and lock mask from the draft's locked people that still fit."""
    if record is None:
        return None, None
    locked_at = {
        row["person"]: row["group"]
        for row in record.placements
        if row["locked"] and row["group"] < groups
    }
    if not locked_at:
        return None, None
    initial = np.array([locked_at.get(p.pk, 0) for p in people], dtype=np.int64)
    locked = np.array([p.pk in locked_at for p in people], dtype=bool)
    return initial, locked


def _save(record: GroupingDraft, actor: Actor, people, labels, locked) -> None:
    locked = locked if locked is not None else np.zeros(len(people), dtype=bool)
    record.placements = [
        {"person": p.pk, "group": int(g), "locked": bool(lock)}
        for p, g, lock in zip(people, labels, locked, strict=True)
    ]
    record.version += 1
    record.updated_by_id = actor.person_id
    record.save()


# Changes by hand -----------------------------------------------------------------------------


def _editable_draft(actor, programme_id, round_number, version) -> Draft:
    round_ = _round_to_form(actor, programme_id, round_number)
    record = GroupingDraft.objects.select_for_update().filter(round=round_).first()
    if record is None:
        raise ValidationError(MSG_NO_DRAFT.format(number=round_number))
    if version is not None and version != record.version:
        raise ValidationError(MSG_STALE)
    return _load(round_, record)


def _apply(draft: Draft, actor: Actor, labels: np.ndarray, touched: set[int]) -> Draft:
    """Keep `labels` if they break no hard rule in the touched sets; otherwise refuse, saying
    which rule and who."""
    from palg.grouping.checks import breaches

    found = breaches(draft.prepared, labels, touched, draft.names)
    if found:
        raise ValidationError(found)
    _save(draft.record, actor, draft.people, labels, draft.locked)
    return _load(draft.round, draft.record)


@transaction.atomic
def draft_move(
    *,
    actor: Actor,
    programme_id: int,
    round_number: int,
    person_id: int,
    to_set: int,
    version: int | None = None,
) -> Draft:
    """Move a person to another set (`to_set` counts from 1), if every rule still holds."""
    draft = _editable_draft(actor, programme_id, round_number, version)
    i = draft.position(person_id)
    if not 1 <= to_set <= draft.record.group_count:
        raise ValidationError({"to_set": MSG_NO_GROUP.format(number=to_set)})
    source, target = int(draft.labels[i]), to_set - 1
    person = draft.people[i]
    if source == target:
        raise ValidationError(MSG_SAME_GROUP.format(person=person, group=draft.names[source]))
    _refuse_locked(draft, i)
    labels = draft.labels.copy()
    labels[i] = target
    return _apply(draft, actor, labels, {source, target})


@transaction.atomic
def draft_swap(
    *,
    actor: Actor,
    programme_id: int,
    round_number: int,
    person_id: int,
    other_id: int,
    version: int | None = None,
) -> Draft:
    """Swap two people between their sets, if every rule still holds."""
    draft = _editable_draft(actor, programme_id, round_number, version)
    if person_id == other_id:
        raise ValidationError({"other": MSG_SAME_PERSON})
    i, j = draft.position(person_id), draft.position(other_id)
    if draft.labels[i] == draft.labels[j]:
        a, b = draft.people[i], draft.people[j]
        raise ValidationError({"other": MSG_SAME_SET_SWAP.format(a=a, b=b)})
    _refuse_locked(draft, i)
    _refuse_locked(draft, j)
    labels = draft.labels.copy()
    labels[i], labels[j] = labels[j], labels[i]
    return _apply(draft, actor, labels, {int(labels[i]), int(labels[j])})


def _refuse_locked(draft: Draft, i: int) -> None:
    if draft.locked[i]:
        group = draft.names[int(draft.labels[i])]
        raise ValidationError(MSG_LOCKED.format(person=draft.people[i], group=group))


@transaction.atomic
def draft_lock(
    *,
    actor: Actor,
    programme_id: int,
    round_number: int,
    person_id: int,
    locked: bool,
    version: int | None = None,
) -> Draft:
    """Lock a person in their set (a re-run keeps them there), or unlock them."""
    draft = _editable_draft(actor, programme_id, round_number, version)
    i = draft.position(person_id)
    draft.locked[i] = locked
    _save(draft.record, actor, draft.people, draft.labels, draft.locked)
    return _load(draft.round, draft.record)


# Publishing ----------------------------------------------------------------------------------


@transaction.atomic
def round_publish(
    *, actor: Actor, programme_id: int, round_number: int, version: int | None = None
) -> Round:
    """Turn the draft into the round's sets. Refused, with every reason, while the draft breaks
    a rule or misses someone (the cohort or the rules may have changed since it was formed)."""
    draft = _editable_draft(actor, programme_id, round_number, version)
    problems = list(draft.notes)
    if not problems:
        from palg.grouping.checks import breaches

        problems = breaches(
            draft.prepared, draft.labels, range(draft.record.group_count), draft.names
        )
    if problems:
        raise ValidationError([MSG_CANNOT_PUBLISH, *problems])
    round_ = draft.round
    for group_set in draft.sets:
        group = Group.objects.create(round=round_, name=group_set.name)
        Membership.objects.bulk_create(Membership(group=group, person=p) for p in group_set.people)
    round_.status = Round.Status.PUBLISHED
    round_.save(update_fields=["status"])
    draft.record.delete()
    return round_


@transaction.atomic
def round_create_next(*, actor: Actor, programme_id: int) -> Round:
    """Open the programme's next round for forming. Refused while the latest round has no sets
    yet: form and publish it first."""
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    latest = programme.rounds.select_for_update().order_by("-number").first()
    if latest is None:
        return Round.objects.create(programme=programme, number=1)
    if not latest.groups.exists():
        raise ValidationError({"round": MSG_LATER_ROUND_FIRST.format(number=latest.number)})
    return Round.objects.create(programme=programme, number=latest.number + 1)


def round_to_form(*, actor: Actor, programme_id: int) -> Round | None:
    """The round a lead would form next: the latest one, if it has no sets yet."""
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    latest = programme.rounds.order_by("-number").first()
    if latest is None or latest.groups.exists():
        return None
    return latest
