"""Say why a grouping problem has no solution, in words a programme lead understands.

`explain` runs cheap, sound checks: every sentence it returns describes something that makes
every grouping impossible. It is not complete: [] means "nothing provably wrong found", not
"feasible". People are named by `labels_for_people` (default "person 1", "person 2", ... in
input order); `context` may name slots and the attributes whose values must be kept apart.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from itertools import combinations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from palg_grouping.attributes import categorical_codes

# context keys
SEPARATE = "separate"  # {attribute name: one value per person}, e.g. {"team": [...]}
SLOTS = "slots"  # slot names in the availability matrix's column order, e.g. ["Mon am", ...]

MSG_SIZE_RANGE = "{n} people cannot be split into groups of {sizes}."
MSG_TOO_FEW = "{n} people are too few for {groups} of {sizes}: they need at least {need}."
MSG_TOO_MANY = "{n} people are too many for {groups} of {sizes}: they hold at most {room}."
MSG_LINK_CONFLICT = "{a} and {b} must be in the same group but must also be kept apart."
MSG_CHAIN_CONFLICT = (
    "{a} and {b} must be kept apart, but must-link pairs put them in the same group "
    "(through {via})."
)
MSG_CHAIN_TOO_BIG = (
    "{people} must all be in the same group ({count} people), but the largest group holds "
    "{largest}."
)
MSG_NO_SLOT_ONE = "{person} is free in no meeting slot."
MSG_NO_SLOT_MANY = "{count} people are free in no meeting slot: {people}."
MSG_CHAIN_NO_SLOT = "{people} must be in the same group but share no meeting slot."
MSG_THIN_SLOTS = (
    "{people} can meet only {slots}, when at most {free} free: too few for a group of at least "
    "{smallest}."
)
MSG_FEW_PARTNERS_ONE = (
    "{people} can join at most {others} (everyone else is kept apart from them or never free "
    "at the same time): too few for a group of at least {smallest}."
)
MSG_FEW_PARTNERS = (
    "{people} can each join at most {others} (everyone else is kept apart from them or never "
    "free at the same time): too few for a group of at least {smallest}."
)
MSG_SEPARATE = "{attribute} {value} has {count} members but only {groups} can be formed."
MSG_CLIQUE = (
    "{people} must all be kept apart from one another ({count} people), but only {groups} can "
    "be formed."
)
MSG_MORE_GROUPS = (
    "Keeping them apart needs at least {needed} groups: groups of {sizes} would allow that, or "
    "relax the rule that keeps them apart."
)
MSG_TOO_MANY_GROUPS = (
    "Keeping them apart needs at least {needed} groups: too many for {n} people in groups of two "
    "or more."
)
# Lists of people longer than this are cut to "A, B, C, D, E and 7 others".
NAMED_PEOPLE = 5


def explain(problem, *, labels_for_people=None, context=None) -> list[str]:
    """Reasons why no grouping satisfies every hard rule of `problem`; [] when none is found."""
    check = _Checker(problem, labels_for_people, context or {})
    reasons = check.sizes()
    reasons += check.must_links()
    reasons += check.availability()
    reasons += check.partners()
    separated = check.separated_values()
    # A separated attribute's clash is the clearer sentence for the same clique.
    reasons += separated or check.cliques()
    return reasons + check.more_groups()


def size_text(low: int, high: int) -> str:
    """A size range as a lead would write it: 5-7, or just 6 when both ends are equal."""
    return str(low) if low == high else f"{low}-{high}"


def people_text(names: Sequence[str]) -> str:
    """Names joined as in a sentence (Ann, Bob and Cat); past six, all but five are counted
    (never "and 1 others": the sixth name is as short as the count)."""
    if len(names) > NAMED_PEOPLE + 1:
        return f"{', '.join(names[:NAMED_PEOPLE])} and {len(names) - NAMED_PEOPLE} others"
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


class _Checker:
    def __init__(self, problem, labels: Sequence[str] | None, context: Mapping):
        self.problem = problem
        self.n = int(problem.diversity.shape[0])
        self.lower = np.asarray(problem.lower, dtype=np.int64)
        self.upper = np.asarray(problem.upper, dtype=np.int64)
        self.groups = len(self.lower)
        self.labels = labels
        self.context = context
        self.cannot = _pairs(problem.cannot_link)
        self.must = _pairs(problem.must_link)
        self.free = None if problem.availability is None else np.asarray(problem.availability)
        self.smallest = int(self.lower.min()) if self.groups else 0
        self.largest = int(self.upper.max()) if self.groups else 0
        self.component = self._must_components()
        self.needed = 0  # the most groups a kept-apart clique found so far needs

    def name(self, person: int) -> str:
        return str(self.labels[person]) if self.labels is not None else f"person {person + 1}"

    def names(self, people) -> str:
        return people_text([self.name(int(p)) for p in people])

    def slot_name(self, slot: int) -> str:
        names = self.context.get(SLOTS)
        return str(names[slot]) if names is not None else f"slot {slot + 1}"

    # Group sizes -----------------------------------------------------------------------------

    def sizes(self) -> list[str]:
        n, groups = self.n, self.groups
        need, room = int(self.lower.sum()), int(self.upper.sum())
        if need <= n <= room:
            return []
        uniform = bool((self.lower == self.smallest).all() and (self.upper == self.largest).all())
        sizes = size_text(self.smallest, self.largest) if uniform else "the sizes asked for"
        if uniform and not some_count_fits(n, self.smallest, self.largest):
            return [MSG_SIZE_RANGE.format(n=n, sizes=sizes)]
        groups = counted(groups, "group", "groups")
        if n < need:
            return [MSG_TOO_FEW.format(n=n, groups=groups, sizes=sizes, need=need)]
        return [MSG_TOO_MANY.format(n=n, groups=groups, sizes=sizes, room=room)]

    # Must-link -------------------------------------------------------------------------------

    def _must_components(self) -> np.ndarray:
        if not len(self.must):
            return np.arange(self.n)
        graph = _graph(self.must, self.n)
        return connected_components(graph, directed=False)[1]

    def chains(self) -> list[np.ndarray]:
        """Groups of two or more people that must-link pairs tie together, in first-person order."""
        if not len(self.must):
            return []
        order = np.argsort(self.component, kind="stable")
        _, starts, counts = np.unique(self.component[order], return_index=True, return_counts=True)
        chains = [order[s : s + c] for s, c in zip(starts, counts, strict=True) if c > 1]
        return sorted(chains, key=lambda members: int(members.min()))

    def must_links(self) -> list[str]:
        reasons = []
        must = {tuple(pair) for pair in self.must.tolist()}
        for a, b in self.cannot.tolist():
            if (a, b) in must:
                reasons.append(MSG_LINK_CONFLICT.format(a=self.name(a), b=self.name(b)))
            elif self.component[a] == self.component[b]:
                via = self._path(a, b)[1:-1]
                reasons.append(
                    MSG_CHAIN_CONFLICT.format(a=self.name(a), b=self.name(b), via=self.names(via))
                )
        for members in self.chains():
            if len(members) > self.largest:
                reasons.append(
                    MSG_CHAIN_TOO_BIG.format(
                        people=self.names(members), count=len(members), largest=self.largest
                    )
                )
        return reasons

    def _path(self, start: int, goal: int) -> list[int]:
        """The shortest chain of must-link pairs from `start` to `goal` (both in one chain)."""
        neighbours: dict[int, list[int]] = {}
        for a, b in self.must.tolist():
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)
        previous = {start: start}
        queue = deque([start])
        while queue:
            person = queue.popleft()
            for other in neighbours.get(person, []):
                if other not in previous:
                    previous[other] = person
                    queue.append(other)
        path = [goal]
        while path[-1] != start:
            path.append(previous[path[-1]])
        return path[::-1]

    # Availability ----------------------------------------------------------------------------

    def availability(self) -> list[str]:
        if self.free is None:
            return []
        reasons = []
        nowhere = np.flatnonzero(~self.free.any(axis=1))
        if len(nowhere) == 1:
            reasons.append(MSG_NO_SLOT_ONE.format(person=self.name(int(nowhere[0]))))
        elif len(nowhere) > 1:
            reasons.append(MSG_NO_SLOT_MANY.format(count=len(nowhere), people=self.names(nowhere)))
        for members in self.chains():
            shared = self.free[members].all(axis=0)
            if not shared.any() and self.free[members].any(axis=1).all():
                reasons.append(MSG_CHAIN_NO_SLOT.format(people=self.names(members)))
        return reasons

    # Too few possible partners ---------------------------------------------------------------

    def partners(self) -> list[str]:
        """People who cannot reach the smallest group size with anyone they may meet with."""
        if self.smallest <= 1:
            return []
        free = self.free if self.free is not None else np.ones((self.n, 1), dtype=bool)
        per_slot = free.sum(axis=0)
        # Best slot for each person ignoring cannot-links, then counting them.
        reach = np.where(free, per_slot[None, :], 0).max(axis=1, initial=0)
        blocked = np.zeros(free.shape, dtype=np.int64)
        if len(self.cannot):
            a, b = self.cannot[:, 0], self.cannot[:, 1]
            np.add.at(blocked, a, free[b])
            np.add.at(blocked, b, free[a])
        partners = np.where(free, per_slot[None, :] - blocked, 0).max(axis=1, initial=0)
        has_slot = free.any(axis=1)
        reasons = self._thin_slot_reasons(free, per_slot, has_slot & (reach < self.smallest))
        few = np.flatnonzero(has_slot & (reach >= self.smallest) & (partners < self.smallest))
        if len(few):
            others = counted(int(partners[few].max()) - 1, "other person", "other people")
            template = MSG_FEW_PARTNERS_ONE if len(few) == 1 else MSG_FEW_PARTNERS
            reasons.append(
                template.format(people=self.names(few), others=others, smallest=self.smallest)
            )
        return reasons

    def _thin_slot_reasons(self, free, per_slot, stranded) -> list[str]:
        by_slots: dict[tuple[int, ...], list[int]] = {}
        for person in np.flatnonzero(stranded).tolist():
            by_slots.setdefault(tuple(np.flatnonzero(free[person]).tolist()), []).append(person)
        reasons = []
        for slots, people in by_slots.items():
            slot_words = " or ".join(f"on {self.slot_name(s)}" for s in slots)
            reasons.append(
                MSG_THIN_SLOTS.format(
                    people=self.names(people),
                    slots=slot_words,
                    free=counted(int(per_slot[list(slots)].max()), "person is", "people are"),
                    smallest=self.smallest,
                )
            )
        return reasons

    # Pigeonhole: more people to keep apart than there are groups -----------------------------

    def separated_values(self) -> list[str]:
        """Values of a kept-apart attribute (e.g. a team) with more people than groups. Only
        values whose people are all pairwise cannot-linked in the problem count, so the sentence
        stays true whatever the context says."""
        reasons = []
        apart = {tuple(pair) for pair in self.cannot.tolist()}
        for attribute, values in (self.context.get(SEPARATE) or {}).items():
            codes, distinct = categorical_codes(values)
            counts = np.bincount(codes[codes >= 0], minlength=len(distinct))
            for code in np.argsort(-counts, kind="stable"):
                members = np.flatnonzero(codes == code).tolist()
                if counts[code] > self.groups and _all_apart(members, apart):
                    self.needed = max(self.needed, int(counts[code]))
                    reasons.append(
                        MSG_SEPARATE.format(
                            attribute=attribute,
                            value=distinct[code],
                            count=int(counts[code]),
                            groups=counted(self.groups, "group", "groups"),
                        )
                    )
        return reasons

    def cliques(self) -> list[str]:
        """Greedy cliques of cannot-link pairs larger than the number of groups. Each clique found
        is a proof; missing one only weakens the explanation."""
        if not len(self.cannot):
            return []
        neighbours: list[set[int]] = [set() for _ in range(self.n)]
        for a, b in self.cannot.tolist():
            neighbours[a].add(b)
            neighbours[b].add(a)
        reasons, used = [], set()
        # A clique with more members than groups needs members with at least `groups` neighbours.
        for person in sorted(range(self.n), key=lambda p: (-len(neighbours[p]), p)):
            if len(neighbours[person]) < self.groups:
                break
            if person in used:
                continue
            clique = _greedy_clique(person, neighbours)
            # Overlapping cliques say the same thing again: report each person once.
            if len(clique) > self.groups and not used.intersection(clique):
                used.update(clique)
                self.needed = max(self.needed, len(clique))
                reasons.append(
                    MSG_CLIQUE.format(
                        people=self.names(sorted(clique)),
                        count=len(clique),
                        groups=counted(self.groups, "group", "groups"),
                    )
                )
        return reasons

    def more_groups(self) -> list[str]:
        """What would make room for the largest clique found: the group sizes that give it as
        many groups as it has people (a lead's next step, not a further reason)."""
        if self.needed <= self.groups:
            return []
        low, high = self.n // self.needed, -(-self.n // self.needed)
        if low < 2:
            return [MSG_TOO_MANY_GROUPS.format(needed=self.needed, n=self.n)]
        return [MSG_MORE_GROUPS.format(needed=self.needed, sizes=size_text(low, high))]


def _all_apart(members: list[int], apart: set[tuple[int, int]]) -> bool:
    return all((a, b) in apart for a, b in combinations(sorted(members), 2))


def counted(count: int, one: str, many: str) -> str:
    """A count with the right noun: 1 group, 3 groups."""
    return f"{count} {one if count == 1 else many}"


def _greedy_clique(start: int, neighbours: list[set[int]]) -> list[int]:
    clique = [start]
    candidates = set(neighbours[start])
    while candidates:
        best = max(sorted(candidates), key=lambda p: len(neighbours[p] & candidates))
        clique.append(best)
        candidates &= neighbours[best]
    return clique


def some_count_fits(n: int, low: int, high: int) -> bool:
    """Whether some number of groups k has k * low <= n <= k * high."""
    if n == 0:
        return True
    if high <= 0:
        return False
    k = -(-n // high)  # the fewest groups that can hold everyone
    return k * low <= n


def _pairs(pairs) -> np.ndarray:
    """Pairs with i < j, each once: a repeated pair must not count twice in `partners`."""
    array = np.sort(np.asarray(pairs, dtype=np.int64).reshape(-1, 2), axis=1)
    array = array[array[:, 0] != array[:, 1]]
    return np.unique(array, axis=0) if len(array) else array


def _graph(pairs: np.ndarray, n: int):
    ones = np.ones(len(pairs), dtype=np.int8)
    return coo_matrix((ones, (pairs[:, 0], pairs[:, 1])), shape=(n, n)).tocsr()
