"""Ten repeat-free rounds for 32 people in groups of 4 (the social golfer 8-4-10), computed by a
small search over schedules with a built-in symmetry; no schedule is stored.

People are the vectors of F_2^5, numbered 0..31. K = F_2^3 (the low three bits) acts by
translation; the two high bits name the four cosets C_0..C_3 of K. Every round is mapped onto
itself by every translation in K, so a round is fixed by a few numbers, and a pair {x, y} is
described by its cosets and its difference x ^ y. Three kinds of rounds:

- transversal (six of them): the 8 translates by K of a block {0, c1, c2, c3} with c_i in C_i;
  it joins cosets i and j at difference c_i ^ c_j;
- paired (three): cosets i and j joined by the blocks {x, x^t, x^e, x^e^t}, x in C_i (t in K,
  e the offset from C_i to C_j), and the other two cosets likewise; inside C_i and C_j it covers
  difference t, across it covers e and e ^ t;
- split (one): each coset C_i cut into the cosets of a plane U_i of K (a line of the Fano plane
  K \\ {0}); inside C_i it covers the three differences of U_i.

Each person then meets 30 of the other 31, all but x ^ W with W = 1, exactly when: inside each
coset, U_i and the three t_ij (j != i) are the six nonzero differences other than W; across
each pair of cosets, the two differences of the paired round and the six of the transversal
rounds are the eight of that coset pair. `find_design` searches these choices depth first.
"""

from __future__ import annotations

import itertools

import numpy as np

W = 1  # the one difference no one meets: x always misses x ^ 1
K = range(8)
PAIRS = tuple(itertools.combinations(range(4), 2))
# Cosets {i, j} joined in one paired round together with the complementary pair.
PAIRINGS = (((0, 1), (2, 3)), ((0, 2), (1, 3)), ((0, 3), (1, 2)))


def fano_lines() -> list[tuple[int, int, int]]:
    """The 7 planes of K, each as its three nonzero vectors."""
    lines = {tuple(sorted((a, b, a ^ b))) for a in range(1, 8) for b in range(1, 8) if a != b}
    return sorted(lines)


def find_design():
    """(splits U_i, joins t_ij, offsets e_ij, transversals), or None if the search fails."""
    free = [line for line in fano_lines() if W not in line]
    for splits in itertools.permutations(free):
        rest = [set(range(1, 8)) - {W} - set(line) for line in splits]
        for joins in _joins(rest, 0, {}):
            for offsets in itertools.product(*(_offsets(pair, joins[pair]) for pair in PAIRS)):
                cross = {
                    pair: set(_coset(pair)) - {e, e ^ joins[pair]}
                    for pair, e in zip(PAIRS, offsets, strict=True)
                }
                transversals = _transversals(cross, sorted(cross[0, 1]), {p: set() for p in PAIRS})
                if transversals:
                    return splits, joins, dict(zip(PAIRS, offsets, strict=True)), transversals
    return None


def _coset(pair: tuple[int, int]) -> range:
    """Differences between a point of C_i and a point of C_j: the coset C_(i xor j)."""
    start = 8 * (pair[0] ^ pair[1])
    return range(start, start + 8)


def _offsets(pair: tuple[int, int], t: int) -> list[int]:
    """One offset e for each distinct pair {e, e ^ t} of cross differences."""
    chosen, seen = [], set()
    for e in _coset(pair):
        if e not in seen:
            seen |= {e, e ^ t}
            chosen.append(e)
    return chosen


def _joins(rest: list[set[int]], index: int, joins: dict):
    """Every t_ij in rest_i and rest_j such that each coset's three t's are its whole rest."""
    if index == len(PAIRS):
        yield dict(joins)
        return
    i, j = PAIRS[index]
    taken = {k: {t for (a, b), t in joins.items() if k in (a, b)} for k in (i, j)}
    for t in sorted(rest[i] & rest[j] - taken[i] - taken[j]):
        joins[i, j] = t
        yield from _joins(rest, index + 1, joins)
        del joins[i, j]


def _transversals(cross: dict, firsts: list[int], used: dict, chosen=None):
    """Six blocks (0, c1, c2, c3) whose six differences use up every set in `cross` once."""
    chosen = [] if chosen is None else chosen
    if len(chosen) == len(firsts):
        return list(chosen)
    c1 = firsts[len(chosen)]
    for c2, c3 in itertools.product(sorted(cross[0, 2]), sorted(cross[0, 3])):
        differences = {(0, 2): c2, (0, 3): c3, (1, 2): c1 ^ c2, (1, 3): c1 ^ c3, (2, 3): c2 ^ c3}
        if any(d not in cross[p] or d in used[p] for p, d in differences.items()):
            continue
        for pair, d in differences.items():
            used[pair].add(d)
        chosen.append((0, c1, c2, c3))
        found = _transversals(cross, firsts, used, chosen)
        if found:
            return found
        chosen.pop()
        for pair, d in differences.items():
            used[pair].discard(d)
    return None


def construct_32(rounds: int) -> np.ndarray:
    """(rounds, 32) group labels, groups of 4, no pair twice; rounds <= 10."""
    design = find_design()
    if design is None:  # pragma: no cover - the search above always succeeds (tested)
        raise ArithmeticError("no design")
    splits, joins, offsets, transversals = design
    labels = [_transversal_round(block) for block in transversals]
    labels += [_paired_round(pairing, joins, offsets) for pairing in PAIRINGS]
    labels.append(_split_round(splits))
    return np.array(labels[:rounds], dtype=np.int64)


def _transversal_round(block) -> np.ndarray:
    labels = np.zeros(32, dtype=np.int64)
    for k in K:
        labels[[x ^ k for x in block]] = k
    return labels


def _paired_round(pairing, joins: dict, offsets: dict) -> np.ndarray:
    labels = np.zeros(32, dtype=np.int64)
    group = 0
    for pair in pairing:
        t, start = joins[pair], 8 * pair[0]
        for h in K:
            if h < h ^ t:  # one block per pair {h, h ^ t}
                x = start ^ h
                labels[[x, x ^ t, x ^ offsets[pair], x ^ offsets[pair] ^ t]] = group
                group += 1
    return labels


def _split_round(splits) -> np.ndarray:
    labels = np.zeros(32, dtype=np.int64)
    group = 0
    for i, line in enumerate(splits):
        plane = (0, *line)
        for h in K:
            if h == min(h ^ u for u in plane):  # one block per coset of the plane
                labels[[8 * i + (h ^ u) for u in plane]] = group
                group += 1
    return labels
