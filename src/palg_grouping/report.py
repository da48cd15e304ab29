"""A summary of a grouping that a programme lead can read: how many groups of which sizes, how
diverse they are per attribute against the best possible, how evenly balanced attributes are
spread against the best possible and against groups drawn at random, each hard rule with its
violations (all zero for a valid grouping), and one line per group saying why these people are
together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from palg_grouping.attributes import (
    CATEGORICAL,
    Attribute,
    balance_codes,
    categorical_codes,
    numeric_values,
)
from palg_grouping.feasibility import counted, size_text
from palg_grouping.solve import violations as engine_violations

# How attributes read in a sentence: (one, many). Others read "1 languages value", "3 different
# languages".
NOUNS = {
    "function": ("function", "functions"),
    "department": ("department", "departments"),
    "location": ("site", "sites"),
    "site": ("site", "sites"),
    "seniority": ("level", "levels"),
    "level": ("level", "levels"),
    "gender": ("gender", "genders"),
    "team": ("team", "teams"),
}
# How a numeric attribute's range reads in a "why" line; others read "name 2-14".
RANGES = {"tenure_years": "tenure {low:g}-{high:g} years"}
RULES = {
    "size": "group sizes {sizes}",
    "cannot_link": "people kept apart (every reason)",
    "must_link": "people kept together",
    "availability": "every group shares a meeting slot",
}

MSG_HEADLINE = "{people} people in {groups} groups: {sizes}."
MSG_SIZE_COUNT_ONE = "1 group of {size}"
MSG_SIZE_COUNT_MANY = "{count} groups of {size}"
MSG_SLOTS = "Meeting slots: {slots}."
MSG_SLOT_COUNT = "{slot} ({groups})"
MSG_OBJECTIVE = "Diversity score (sum of within-group differences): {objective:,.1f}"
MSG_OBJECTIVE_BALANCE = (
    "Diversity score (sum of within-group differences, balance terms included): {objective:,.1f}"
)
MSG_RULES = "Hard rules:"
MSG_RULE = "  {rule}: {violations} violations"
MSG_RULE_PAIRS = "  {rule} ({pairs:,} pairs): {violations} violations"
MSG_DIVERSITY = "Diversity per attribute:"
MSG_CATEGORICAL = (
    "  {name}: {reached:.2f} different values per group, at most {best:.2f} possible ({share:.0%})"
)
MSG_NUMERIC = (
    "  {name}: spread within groups {reached:.2f} (standard deviation), whole population {best:.2f}"
)
MSG_BALANCE = "Balance across groups (fair share: group size x the value's share of everyone):"
MSG_BALANCE_WITHIN = (
    "  {name}: every group within 1 of its fair share of each value (worst {worst:.2f}; "
    "best possible {best:.2f}, random groups {chance:.2f})"
)
MSG_BALANCE_OFF = (
    "  {name}: a group is up to {worst:.2f} away from its fair share of a value "
    "(best possible {best:.2f}, random groups {chance:.2f})"
)
MSG_BALANCE_MEANS = (
    "  {name}: every group's mean within {worst:.2f} of everyone's {mean:.2f} "
    "(random groups {chance:.2f})"
)
MSG_GROUPS = "Groups:"
MSG_GROUP = "  Group {number} ({size} people): {why}"
MSG_APART = "no two from the same {noun}"
MSG_NOT_APART = "{count} pairs from the same {noun}"
MSG_NOT_APART_ONE = "1 pair from the same {noun}"
MSG_SHARES = "shares {slot}"
MSG_RANGE = "{name} {low:g}-{high:g}"
MSG_NO_WHY = "no attribute to compare"
# Random groupings (same sizes, fixed seed) whose worst balance is averaged for comparison.
CHANCE_DRAWS = 20


@dataclass(frozen=True)
class AttributeScore:
    """Diversity reached for one attribute; `best` is the most possible (categorical) or the
    whole population's spread (numeric)."""

    name: str
    kind: str
    reached: float
    best: float


@dataclass(frozen=True)
class BalanceScore:
    """How evenly one attribute is spread over the groups. Categorical: the largest distance of
    a group's count of a value from its fair share (group size x the value's share of everyone,
    unknown counting as a value); `best` is the least any grouping with these sizes can have.
    Numeric: the largest distance of a group's mean from everyone's `mean`. `chance` is the same
    measure for groups of the same sizes drawn at random (average of CHANCE_DRAWS draws)."""

    name: str
    kind: str
    worst: float
    best: float
    chance: float
    mean: float | None = None


@dataclass(frozen=True)
class RuleCount:
    rule: str
    violations: int
    pairs: int | None = None


@dataclass(frozen=True)
class GroupLine:
    number: int
    size: int
    why: str


@dataclass(frozen=True)
class Summary:
    people: int
    groups: int
    sizes: dict[int, int]  # group size -> how many groups have it
    objective: float
    rules: list[RuleCount]
    attributes: list[AttributeScore]
    lines: list[GroupLine]
    slots: dict[str, int] = field(default_factory=dict)  # slot name -> groups meeting then
    balance: list[BalanceScore] = field(default_factory=list)


def summarise(
    problem,
    result,
    attributes: Sequence[Attribute],
    *,
    rules: Mapping[str, np.ndarray] | None = None,
    separate: Mapping[str, Sequence] | None = None,
    slot_names: Sequence[str] | None = None,
    balance: Sequence[Attribute] = (),
) -> Summary:
    """Summarise `result` for `problem`. `rules` names sets of pairs kept apart (e.g. {"manager
    and direct report": pairs}) to count separately; `separate` gives the values of the kept-apart
    attributes ({"team": [...]}) for the "why" lines; `slot_names` names the slots; `balance`
    lists the attributes whose spread over the groups to report."""
    labels = np.asarray(result.labels, dtype=np.int64)
    members = [m for m in group_members(labels, problem.groups) if len(m)]
    counts = Counter(len(m) for m in members)
    return Summary(
        people=len(labels),
        groups=len(members),
        sizes=dict(sorted(counts.items())),
        objective=float(result.objective),
        rules=_rule_counts(problem, result, labels, rules or {}),
        attributes=[_score(attribute, members) for attribute in attributes],
        lines=_group_lines(result, labels, attributes, separate or {}, slot_names),
        slots=_slot_counts(result, labels, slot_names),
        balance=[balance_score(attribute, labels) for attribute in balance],
    )


def render(summary: Summary) -> str:
    """The summary as plain text lines."""
    sizes = ", ".join(
        (MSG_SIZE_COUNT_ONE if count == 1 else MSG_SIZE_COUNT_MANY).format(count=count, size=size)
        for size, count in summary.sizes.items()
    )
    lines = [
        MSG_HEADLINE.format(people=summary.people, groups=summary.groups, sizes=sizes),
        (MSG_OBJECTIVE_BALANCE if summary.balance else MSG_OBJECTIVE).format(
            objective=summary.objective
        ),
    ]
    if summary.slots:
        slots = ", ".join(
            MSG_SLOT_COUNT.format(slot=slot, groups=counted(count, "group", "groups"))
            for slot, count in summary.slots.items()
        )
        lines.append(MSG_SLOTS.format(slots=slots))
    lines.append(MSG_RULES)
    for rule in summary.rules:
        template = MSG_RULE if rule.pairs is None else MSG_RULE_PAIRS
        lines.append(template.format(rule=rule.rule, violations=rule.violations, pairs=rule.pairs))
    if summary.attributes:
        lines.append(MSG_DIVERSITY)
        lines += [_score_line(score) for score in summary.attributes]
    if summary.balance:
        lines.append(MSG_BALANCE)
        lines += [_balance_line(score) for score in summary.balance]
    lines.append(MSG_GROUPS)
    lines += [
        MSG_GROUP.format(number=line.number, size=line.size, why=line.why) for line in summary.lines
    ]
    return "\n".join(lines)


def noun(name: str, count: int) -> str:
    """A count with its noun: 1 site, 3 sites, 3 different languages."""
    one, many = NOUNS.get(name, (f"{name} value", f"different {name}"))
    return f"{count} {one if count == 1 else many}"


def group_members(labels: np.ndarray, groups: int) -> list[np.ndarray]:
    """Each group's people in input order (one sort, not one scan per group)."""
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(groups + 1))
    return [order[bounds[g] : bounds[g + 1]] for g in range(groups)]


def categorical_best(codes: np.ndarray, sizes: Sequence[int]) -> float:
    """The most distinct values a grouping with these group sizes could reach per group: each
    group has at most min(size, number of values), and each value can appear in at most
    min(its count, number of groups) groups."""
    known = codes[codes >= 0]
    if not len(sizes) or not known.size:
        return 0.0
    values = np.bincount(known)
    values = values[values > 0]
    by_groups = sum(min(size, len(values)) for size in sizes)
    by_values = int(np.minimum(values, len(sizes)).sum())
    return min(by_groups, by_values) / len(sizes)


def balance_score(attribute: Attribute, labels, *, seed: int = 0) -> BalanceScore:
    """How evenly `attribute` is spread over the groups of `labels` (see BalanceScore)."""
    labels = np.asarray(labels, dtype=np.int64)
    rng = np.random.default_rng(seed)
    draws = [rng.permutation(labels) for _ in range(CHANCE_DRAWS)]
    if attribute.kind == CATEGORICAL:
        codes, _ = balance_codes(attribute)
        sizes = np.bincount(labels)
        best = best_share_gap(codes, sizes[sizes > 0])
        chance = float(np.mean([worst_share_gap(codes, draw) for draw in draws]))
        worst = worst_share_gap(codes, labels)
        return BalanceScore(attribute.name, attribute.kind, worst, best, chance)
    numbers = numeric_values(attribute)
    known = numbers[~np.isnan(numbers)]
    mean = float(known.mean()) if known.size else 0.0
    chance = float(np.mean([worst_mean_gap(numbers, draw) for draw in draws]))
    worst = worst_mean_gap(numbers, labels)
    return BalanceScore(attribute.name, attribute.kind, worst, 0.0, chance, mean)


def worst_share_gap(codes: np.ndarray, labels: np.ndarray) -> float:
    """The largest |count of value v in group g - size of g x share of v| over groups and
    values; `codes` has no unknowns (see attributes.balance_codes)."""
    if not len(codes):
        return 0.0
    values = int(codes.max()) + 1
    counts = np.bincount(labels * values + codes).astype(np.float64)
    counts = np.pad(counts, (0, -len(counts) % values)).reshape(-1, values)
    sizes = counts.sum(axis=1)
    fair = np.outer(sizes, np.bincount(codes, minlength=values) / len(codes))
    return float(np.abs(counts - fair)[sizes > 0].max())


def best_share_gap(codes: np.ndarray, sizes: Sequence[int]) -> float:
    """A count is a whole number, so no grouping with these group sizes can be closer than the
    distance of each fair share to the nearest whole number: the largest of those distances."""
    if not len(codes) or not len(sizes):
        return 0.0
    fair = np.outer(np.asarray(sizes), np.bincount(codes) / len(codes))
    return float(np.abs(fair - np.round(fair)).max())


def worst_mean_gap(numbers: np.ndarray, labels: np.ndarray) -> float:
    """The largest distance of a group's mean from everyone's, over groups with a known value;
    unknown values (NaN) are left out of both."""
    known = ~np.isnan(numbers)
    if not known.any():
        return 0.0
    counts = np.bincount(labels[known])
    sums = np.bincount(labels[known], weights=numbers[known])
    means = sums[counts > 0] / counts[counts > 0]
    return float(np.abs(means - numbers[known].mean()).max())


def _rule_counts(problem, result, labels, rules: Mapping[str, np.ndarray]) -> list[RuleCount]:
    found = engine_violations(problem, labels, result.slots)
    low, high = int(problem.lower.min()), int(problem.upper.max())
    in_force = {
        "cannot_link": len(problem.cannot_link) > 0,
        "must_link": len(problem.must_link) > 0,
        "availability": problem.availability is not None,
    }
    counts = [
        RuleCount(RULES.get(key, key).format(sizes=size_text(low, high)), int(value))
        for key, value in found.items()
        if in_force.get(key, True)
    ]
    for rule, pairs in rules.items():
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        together = int(np.count_nonzero(labels[pairs[:, 0]] == labels[pairs[:, 1]]))
        counts.append(RuleCount(rule, together, len(pairs)))
    return counts


def _slot_counts(result, labels, slot_names) -> dict[str, int]:
    """How many non-empty groups meet in each slot, busiest first."""
    if slot_names is None or not len(labels):
        return {}
    used = np.bincount(labels, minlength=len(result.slots)) > 0
    chosen = np.asarray(result.slots)[used]
    counts = Counter(slot_names[slot] for slot in chosen.tolist() if slot >= 0)
    return dict(counts.most_common())


def _score(attribute: Attribute, members: list[np.ndarray]) -> AttributeScore:
    if attribute.kind == CATEGORICAL:
        codes, _ = categorical_codes(attribute.values)
        distinct = [len(set(codes[m][codes[m] >= 0].tolist())) for m in members]
        best = categorical_best(codes, [len(m) for m in members])
        reached = float(np.mean(distinct)) if distinct else 0.0
        return AttributeScore(attribute.name, attribute.kind, reached, best)
    numbers = numeric_values(attribute)
    spreads = [_spread(numbers[m]) for m in members]
    reached = float(np.mean(spreads)) if spreads else 0.0
    return AttributeScore(attribute.name, attribute.kind, reached, _spread(numbers))


def _spread(numbers: np.ndarray) -> float:
    known = numbers[~np.isnan(numbers)]
    return float(known.std()) if known.size else 0.0


def _score_line(score: AttributeScore) -> str:
    if score.kind == CATEGORICAL:
        share = score.reached / score.best if score.best else 1.0
        return MSG_CATEGORICAL.format(
            name=score.name, reached=score.reached, best=score.best, share=share
        )
    return MSG_NUMERIC.format(name=score.name, reached=score.reached, best=score.best)


def _balance_line(score: BalanceScore) -> str:
    if score.kind != CATEGORICAL:
        return MSG_BALANCE_MEANS.format(
            name=score.name, worst=score.worst, mean=score.mean, chance=score.chance
        )
    # One person off counts as within 1; the margin absorbs rounding in the fair shares.
    template = MSG_BALANCE_WITHIN if score.worst <= 1 + 1e-9 else MSG_BALANCE_OFF
    return template.format(name=score.name, worst=score.worst, best=score.best, chance=score.chance)


def _group_lines(result, labels, attributes, separate, slot_names) -> list[GroupLine]:
    codes = {a.name: categorical_codes(a.values)[0] for a in attributes if a.kind == CATEGORICAL}
    numbers = {a.name: numeric_values(a) for a in attributes if a.kind != CATEGORICAL}
    apart = {name: categorical_codes(values)[0] for name, values in separate.items()}
    lines = []
    for group, people in enumerate(group_members(labels, len(result.slots))):
        if not len(people):
            continue
        parts = [", ".join(_attribute_words(people, codes, numbers))]
        parts += [_apart_words(name, values[people]) for name, values in apart.items()]
        slot = int(result.slots[group])
        if slot >= 0 and slot_names is not None:
            parts.append(MSG_SHARES.format(slot=slot_names[slot]))
        why = "; ".join(part for part in parts if part) or MSG_NO_WHY
        lines.append(GroupLine(number=group + 1, size=len(people), why=why))
    return lines


def _attribute_words(people, codes, numbers) -> list[str]:
    words = []
    for name, values in codes.items():
        known = values[people][values[people] >= 0]
        words.append(noun(name, len(set(known.tolist()))))
    for name, values in numbers.items():
        known = values[people][~np.isnan(values[people])]
        if known.size:
            template = RANGES.get(name, MSG_RANGE)
            words.append(template.format(name=name, low=known.min(), high=known.max()))
    return words


def _apart_words(name: str, codes: np.ndarray) -> str:
    one = NOUNS.get(name, (name, name))[0]
    counts = np.bincount(codes[codes >= 0])
    clashes = int((counts * (counts - 1) // 2).sum())
    if clashes == 0:
        return MSG_APART.format(noun=one)
    template = MSG_NOT_APART_ONE if clashes == 1 else MSG_NOT_APART
    return template.format(count=clashes, noun=one)
