"""Disclosure control: which aggregate cells may be shown.

A cell is an aggregate (a mean score, a count, free-text comments) over a population of
respondents, in a breakdown (the whole cohort, by site, by function, by level...). Breakdowns
overlap: the same people appear in a site cell and in a function cell. `suppress` returns the
cells that must not be shown; everything else may be shown, exported or returned by the API.

Rules (measurement guide §3.2):
1. Floor: no cell of fewer than `floor` respondents: 5 for scores, 10 for free text. A floor can
   be raised, never lowered: asking for less raises ValueError.
2. Differencing, pairwise: for any two shown cells A and B, the people in A and not in B are
   either none or at least `floor`. So a nested pair (A inside B) never lets B - A reveal fewer
   than `floor` people, and overlapping cells are held to the same distance (conservative: an
   overlap that is itself shown elsewhere would otherwise open the same gap). Identical
   populations are fine: they show the same number.
3. Differencing, parent minus children: for any shown cell P and any breakdown, the people of P
   not covered by that breakdown's shown cells that lie inside P are none or at least `floor`. So
   "total minus the shown sites" never reveals a suppressed site.
4. An extra condition (`enough`, optional): a predicate every shown population and every
   non-empty difference of rules 2 and 3 must also meet. palg's sponsor views pass "spans at
   least 3 sets", so that no figure, and no difference of two, rests on fewer sets.
5. Complementary suppression: when rule 2 or 3 fails, one more cell is suppressed and the checks
   run again, until none fails. Rule 2 suppresses the smaller of the two cells (ties: the later
   cell in input order); rule 3 suppresses the smallest shown child in P (ties: the later one), so
   that the unshown remainder grows by at least `floor`. Every step suppresses one more cell, so
   it ends.

Limits, stated plainly:
- Greedy, not minimal: it may suppress more than an optimal cell-suppression solver would.
- It checks pairs and parent-minus-children within one breakdown. Longer linear combinations
  across several overlapping breakdowns (A + B - C - D...) are not searched; that general audit
  problem is much harder. Keep breakdowns few and coarse, and cross breakdowns (site x function)
  only when needed.
- It sees one release. Re-queries as a cohort changes (people join or leave between two
  releases) must be guarded by the caller, e.g. by passing earlier releases' cells together with
  the new ones.
- Populations are what the numbers rest on: for a mean score, the respondents who have a score,
  not everyone invited.
"""

from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass

SCORE_FLOOR = 5
TEXT_FLOOR = 10
FLOORS = {"score": SCORE_FLOOR, "text": TEXT_FLOOR}

MSG_KIND = "Unknown kind {kind!r}: use 'score' or 'text'."
MSG_FLOOR_LOWER = (
    "A floor of {floor} is below the minimum of {minimum} for {kind}: floors can be raised, "
    "never lowered."
)
MSG_DUPLICATE = "Cell {key} appears twice."


@dataclass(frozen=True)
class Cell:
    """An aggregate over `respondents`, in a breakdown ("all", "site", ...) at a value."""

    breakdown: str
    value: str
    respondents: frozenset[Hashable]

    @property
    def key(self) -> tuple[str, str]:
        return (self.breakdown, self.value)


def cell(breakdown: str, value: str, respondents: Iterable[Hashable]) -> Cell:
    return Cell(breakdown, value, frozenset(respondents))


def floor_for(kind: str = "score", floor: int | None = None) -> int:
    """The floor to use: the kind's minimum, or a higher one asked for; never lower."""
    if kind not in FLOORS:
        raise ValueError(MSG_KIND.format(kind=kind))
    minimum = FLOORS[kind]
    if floor is None:
        return minimum
    if floor < minimum:
        raise ValueError(MSG_FLOOR_LOWER.format(floor=floor, minimum=minimum, kind=kind))
    return floor


Enough = Callable[[frozenset], bool]


def _everything(people: frozenset) -> bool:
    return True


def falls_short(people: Collection, floor: int, enough: Enough = _everything) -> bool:
    """A population that is not empty and falls short: under the floor, or not `enough`."""
    return bool(people) and (len(people) < floor or not enough(people))


def _risky_pairs(
    cells: list[Cell], candidates: list[int], floor: int, enough: Enough
) -> list[tuple[int, int]]:
    """Pairs (i, j), i before j, whose one-sided difference is risky (1 to floor - 1 people, or
    not `enough`); the cell to suppress first is listed first (the smaller; ties: the later)."""
    pairs = []
    for pos, i in enumerate(candidates):
        a = cells[i].respondents
        for j in candidates[pos + 1 :]:
            b = cells[j].respondents
            if falls_short(a - b, floor, enough) or falls_short(b - a, floor, enough):
                pairs.append((i, j) if len(a) < len(b) else (j, i))
    return pairs


def _children_violation(
    cells: list[Cell], shown: list[int], floor: int, enough: Enough
) -> int | None:
    """The index of a cell to suppress for a parent-minus-children risk, or None."""
    breakdowns = dict.fromkeys(c.breakdown for c in cells)
    for p in shown:
        parent = cells[p].respondents
        for breakdown in breakdowns:
            children = [
                i
                for i in shown
                if i != p
                and cells[i].breakdown == breakdown
                and cells[i].respondents <= parent
                and cells[i].respondents != parent
            ]
            if not children:
                continue
            covered = frozenset().union(*(cells[i].respondents for i in children))
            if falls_short(parent - covered, floor, enough):
                return min(reversed(children), key=lambda i: len(cells[i].respondents))
    return None


def suppress(
    cells: Iterable[Cell],
    *,
    kind: str = "score",
    floor: int | None = None,
    enough: Enough | None = None,
) -> set[tuple[str, str]]:
    """The keys (breakdown, value) of the cells that must not be shown (module docstring)."""
    enough = enough or _everything
    least = floor_for(kind, floor)
    cells = list(cells)
    keys = [c.key for c in cells]
    if len(set(keys)) != len(keys):
        duplicate = next(k for k in keys if keys.count(k) > 1)
        raise ValueError(MSG_DUPLICATE.format(key=duplicate))
    hidden = {
        i for i, c in enumerate(cells) if len(c.respondents) < least or not enough(c.respondents)
    }
    pairs = _risky_pairs(cells, [i for i in range(len(cells)) if i not in hidden], least, enough)
    while True:
        victim = next((i for i, j in pairs if i not in hidden and j not in hidden), None)
        if victim is None:
            shown = [i for i in range(len(cells)) if i not in hidden]
            victim = _children_violation(cells, shown, least, enough)
        if victim is None:
            return {cells[i].key for i in hidden}
        hidden.add(victim)


def shown(
    cells: Collection[Cell],
    *,
    kind: str = "score",
    floor: int | None = None,
    enough: Enough | None = None,
) -> list[Cell]:
    """The cells that may be shown, in input order."""
    hidden = suppress(cells, kind=kind, floor=floor, enough=enough)
    return [c for c in cells if c.key not in hidden]
