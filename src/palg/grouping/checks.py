"""Checking a grouping changed by hand against every hard rule, with reasons a programme lead
can act on ("Ann Lee and Bob Stone are line manager and direct report").

The engine never breaks a rule; a person dragging people between groups can. Each check looks
only at the groups a change touches, so a move in a programme of hundreds answers at once.
Nothing here needs Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from palg.grouping.forming import (
    RULE_CONFLICTS,
    RULE_HISTORY,
    RULE_MANAGERS,
    RULE_SEPARATE,
    Prepared,
)

MSG_TOO_SMALL = "{group} would have {size} people; each set needs at least {low}."
MSG_TOO_BIG = "{group} would have {size} people; a set holds at most {high}."
MSG_MANAGERS = "{a} and {b} would share {group}, but one is the other's line manager."
MSG_SEPARATE = "{a} and {b} would share {group}, but both are in {column} “{value}”."
MSG_CONFLICTS = "{a} and {b} would share {group}, but they have a declared conflict."
MSG_HISTORY = "{a} and {b} would share {group}, but they were in a set together before."
MSG_OTHER = "{a} and {b} would share {group}, but they are kept apart ({rule})."
MSG_NO_SLOT = "{group} would have no meeting slot that all its members can make."


def breaches(
    prepared: Prepared,
    labels: np.ndarray,
    groups: Iterable[int],
    group_names: Sequence[str],
    *,
    names: Sequence[str] | None = None,
) -> list[str]:
    """Every hard rule that `labels` breaks in `groups`, one sentence each. `names` names the
    people (default: the participants' names)."""
    labels = np.asarray(labels, dtype=np.int64)
    names = list(names if names is not None else prepared.participants.names)
    problem = prepared.problem
    found = []
    for group in sorted(set(groups)):
        members = np.flatnonzero(labels == group)
        found += _size(problem, group, members.size, group_names[group])
        found += _pairs(prepared, labels, group, names, group_names[group])
        found += _slot(problem, members, group_names[group])
    return found


def _size(problem, group: int, size: int, name: str) -> list[str]:
    low, high = int(problem.lower[group]), int(problem.upper[group])
    if size < low:
        return [MSG_TOO_SMALL.format(group=name, size=size, low=low)]
    if size > high:
        return [MSG_TOO_BIG.format(group=name, size=size, high=high)]
    return []


def _pairs(prepared: Prepared, labels, group: int, names, group_name: str) -> list[str]:
    found = []
    for rule, pairs in prepared.rules.items():
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        inside = (labels[pairs[:, 0]] == group) & (labels[pairs[:, 1]] == group)
        for a, b in pairs[inside].tolist():
            found.append(_pair_text(prepared, rule, a, b, names, group_name))
    return found


def _pair_text(prepared: Prepared, rule: str, a: int, b: int, names, group: str) -> str:
    words = {"a": names[a], "b": names[b], "group": group}
    if rule == RULE_MANAGERS:
        return MSG_MANAGERS.format(**words)
    if rule == RULE_CONFLICTS:
        return MSG_CONFLICTS.format(**words)
    if rule == RULE_HISTORY:
        return MSG_HISTORY.format(**words)
    for column, values in prepared.separate.items():
        if rule == RULE_SEPARATE.format(column=column):
            return MSG_SEPARATE.format(column=column, value=values[a], **words)
    return MSG_OTHER.format(rule=rule, **words)


def _slot(problem, members: np.ndarray, name: str) -> list[str]:
    if problem.availability is None or not members.size:
        return []
    if problem.availability[members].all(axis=0).any():
        return []
    return [MSG_NO_SLOT.format(group=name)]
