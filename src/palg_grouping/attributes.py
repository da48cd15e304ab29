"""Turn what is known about people into a grouping problem: a diversity matrix from weighted
attributes, cannot-link pairs from teams, managers, conflicts and earlier rounds, and an
availability matrix from each person's free slots.

Everything here is a pure function of lists and arrays; ids are plain strings.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

CATEGORICAL = "categorical"
NUMERIC = "numeric"
KINDS = (CATEGORICAL, NUMERIC)
# What a pair involving an unknown value contributes, as a share of the attribute's weight:
# halfway between "same" and "different", so unknown people are neither sought nor avoided.
UNKNOWN_SHARE = 0.5
# Rows of the matrix built at once: bounds the temporary arrays to about 8 MB per million
# people-pairs instead of one (n, n) temporary per attribute.
CHUNK_ROWS = 1024

MSG_BAD_KIND = "Attribute “{name}” has kind “{kind}”; use one of: categorical, numeric."
MSG_BAD_WEIGHT = "Attribute “{name}” has weight {weight}; weights must be finite and >= 0."
MSG_LENGTHS = "Every attribute needs one value per person: “{name}” has {found}, expected {n}."
MSG_NOT_NUMBER = "Attribute “{name}” is numeric, but person {index} has the value “{value}”."
MSG_NO_ATTRIBUTES = "At least one attribute is needed to build a diversity matrix."


@dataclass(frozen=True)
class Attribute:
    """One column describing people: a value per person ("" or None when unknown)."""

    name: str
    values: Sequence
    kind: str = CATEGORICAL
    weight: float = 1.0


def is_unknown(value: object) -> bool:
    """True for None, empty or blank strings and NaN."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def diversity_matrix(attributes: Sequence[Attribute], *, dtype=np.float64) -> np.ndarray:
    """(n, n) sum over attributes of weight * difference: 1 when categorical values differ (else
    0), |x_i - x_j| / range for numeric ones; a pair with an unknown value counts 0.5."""
    if not attributes:
        raise ValueError(MSG_NO_ATTRIBUTES)
    n = len(attributes[0].values)
    for attribute in attributes:
        _check_attribute(attribute, n)
    matrix = np.zeros((n, n), dtype=dtype)
    for attribute in attributes:
        if attribute.weight == 0:
            continue
        codes, unknown = _encode(attribute)
        _add_attribute(matrix, attribute, codes, unknown)
    np.fill_diagonal(matrix, 0)
    return matrix


def numeric_values(attribute: Attribute) -> np.ndarray:
    """The attribute's values as floats, NaN where unknown; ValueError naming a bad value."""
    out = np.full(len(attribute.values), np.nan)
    for index, value in enumerate(attribute.values):
        if is_unknown(value):
            continue
        try:
            out[index] = float(value)
        except (TypeError, ValueError) as error:
            message = MSG_NOT_NUMBER.format(name=attribute.name, index=index, value=value)
            raise ValueError(message) from error
    return out


def categorical_codes(values: Sequence) -> tuple[np.ndarray, list]:
    """(codes, distinct known values): codes[i] indexes the distinct values, -1 when unknown."""
    index: dict[Hashable, int] = {}
    codes = np.full(len(values), -1, dtype=np.int64)
    for position, value in enumerate(values):
        if not is_unknown(value):
            key = value.strip() if isinstance(value, str) else value
            codes[position] = index.setdefault(key, len(index))
    return codes, list(index)


def _check_attribute(attribute: Attribute, n: int) -> None:
    if attribute.kind not in KINDS:
        raise ValueError(MSG_BAD_KIND.format(name=attribute.name, kind=attribute.kind))
    if not (math.isfinite(attribute.weight) and attribute.weight >= 0):
        raise ValueError(MSG_BAD_WEIGHT.format(name=attribute.name, weight=attribute.weight))
    if len(attribute.values) != n:
        found = len(attribute.values)
        raise ValueError(MSG_LENGTHS.format(name=attribute.name, found=found, n=n))


def _encode(attribute: Attribute) -> tuple[np.ndarray, np.ndarray]:
    """Values as a float array ready for differences (codes or scaled numbers), and the unknown
    mask."""
    if attribute.kind == CATEGORICAL:
        codes, _ = categorical_codes(attribute.values)
        return codes.astype(np.float64), codes < 0
    numbers = numeric_values(attribute)
    unknown = np.isnan(numbers)
    known = numbers[~unknown]
    spread = float(known.max() - known.min()) if known.size else 0.0
    scaled = (numbers - known.min()) / spread if spread > 0 else np.zeros_like(numbers)
    return np.where(unknown, 0.0, scaled), unknown


def _add_attribute(
    matrix: np.ndarray, attribute: Attribute, values: np.ndarray, unknown: np.ndarray
) -> None:
    weight = attribute.weight
    for start in range(0, len(values), CHUNK_ROWS):
        rows = slice(start, start + CHUNK_ROWS)
        if attribute.kind == CATEGORICAL:
            block = (values[rows, None] != values[None, :]).astype(matrix.dtype)
        else:
            block = np.abs(values[rows, None] - values[None, :]).astype(matrix.dtype)
        block[:, unknown] = UNKNOWN_SHARE
        block[unknown[rows], :] = UNKNOWN_SHARE
        block *= weight
        matrix[rows] += block


# Cannot-link pairs ---------------------------------------------------------------------------


def normalise_pairs(pairs: Iterable[Sequence[int]] | np.ndarray) -> np.ndarray:
    """(k, 2) int64 pairs with i < j, sorted, without repeats or self-pairs."""
    array = np.asarray(list(pairs) if not isinstance(pairs, np.ndarray) else pairs, dtype=np.int64)
    if array.size == 0:
        return np.empty((0, 2), dtype=np.int64)
    array = np.sort(array.reshape(-1, 2), axis=1)
    array = array[array[:, 0] != array[:, 1]]
    return np.unique(array, axis=0) if len(array) else np.empty((0, 2), dtype=np.int64)


def merge_pairs(*pair_sets: np.ndarray) -> np.ndarray:
    """The union of several (k, 2) pair arrays, normalised."""
    non_empty = [np.asarray(p, dtype=np.int64).reshape(-1, 2) for p in pair_sets]
    if not non_empty:
        return np.empty((0, 2), dtype=np.int64)
    return normalise_pairs(np.concatenate(non_empty))


def separate_pairs(values: Sequence) -> np.ndarray:
    """Every pair of people with the same known value (e.g. the same team)."""
    members: dict[Hashable, list[int]] = defaultdict(list)
    codes, _ = categorical_codes(values)
    for person, code in enumerate(codes):
        if code >= 0:
            members[int(code)].append(person)
    return normalise_pairs(pair for group in members.values() for pair in combinations(group, 2))


def manager_pairs(ids: Sequence[str], manager_ids: Sequence[str]) -> np.ndarray:
    """Every (manager, direct report) pair among the people; managers not among them are
    ignored."""
    position = _positions(ids)
    pairs = [
        (position[manager], person)
        for person, manager in enumerate(manager_ids)
        if not is_unknown(manager) and manager in position
    ]
    return normalise_pairs(pairs)


def conflict_pairs(ids: Sequence[str], conflicts: Iterable[tuple[str, str]]) -> np.ndarray:
    """Declared conflicts as index pairs; pairs naming someone not among the people are
    ignored (see `unknown_ids` to report them)."""
    position = _positions(ids)
    pairs = [(position[a], position[b]) for a, b in conflicts if a in position and b in position]
    return normalise_pairs(pairs)


def history_pairs(ids: Sequence[str], history: Iterable[tuple[str, int, str]]) -> np.ndarray:
    """Every pair of people who were in the same group in an earlier round; `history` rows are
    (person id, round, group)."""
    position = _positions(ids)
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for person_id, round_number, group in history:
        if person_id in position:
            groups[(round_number, group)].append(position[person_id])
    return normalise_pairs(pair for group in groups.values() for pair in combinations(group, 2))


def unknown_ids(ids: Sequence[str], named: Iterable[str]) -> list[str]:
    """The names in `named` that are not among `ids`, each once, in first-seen order."""
    known = set(ids)
    return list(dict.fromkeys(name for name in named if name not in known))


def _positions(ids: Sequence[str]) -> dict[str, int]:
    return {person_id: index for index, person_id in enumerate(ids)}


# Availability --------------------------------------------------------------------------------


def availability_matrix(
    free_slots: Sequence[Sequence[str]], *, slots: Sequence[str] | None = None
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """(n, S) bool matrix of who is free when, the slot names, and a mask of the people who gave
    no slot at all: they are treated as free in every slot rather than in none, because an empty
    cell means "not asked", not "never free"."""
    names = list(slots) if slots is not None else sorted({s for row in free_slots for s in row})
    column = {name: index for index, name in enumerate(names)}
    matrix = np.zeros((len(free_slots), len(names)), dtype=bool)
    silent = np.zeros(len(free_slots), dtype=bool)
    for person, row in enumerate(free_slots):
        if not row:
            silent[person] = True
            matrix[person] = True
        for slot in row:
            if slot in column:
                matrix[person, column[slot]] = True
    return matrix, names, silent
