"""Repeat-free rounds computed from finite-field geometry (no stored schedules).

With g groups of p people, g a prime power and p <= g, put person (i, c) at row i < p and
column c of GF(g). For every slope m of GF(g) the lines c = m * x_i + b (one per b) form a round
of g groups of p people, and two people in different rows share exactly one line, whose slope is
(c - c') / (x_i - x_j): g rounds in which no pair meets twice (a resolvable transversal design,
i.e. the affine plane of order g restricted to p of its parallel lines). When p divides g a
further round splits every row into blocks of p, since same-row pairs never met on a line.
For 40 people in groups of 5 this gives eight rounds. For 32 people in groups of 4 it would
give 8 + 1 = 9; `_rounds_binary` computes the optimum, 10, and is used instead.
"""

from __future__ import annotations

import numpy as np

from palg_grouping._rounds_binary import construct_32


def prime_power(q: int) -> tuple[int, int] | None:
    """(p, k) with q == p ** k and p prime, or None."""
    if q < 2:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    k, rest = 0, q
    while rest % p == 0:
        rest //= p
        k += 1
    return (p, k) if rest == 1 else None


def _poly_mul_mod(a: list[int], b: list[int], modulus: list[int], p: int) -> list[int]:
    """Product of two polynomials (coefficient lists, lowest first) modulo a monic modulus."""
    k = len(modulus) - 1
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] = (out[i + j] + x * y) % p
    for top in range(len(out) - 1, k - 1, -1):
        factor = out[top]
        if factor:
            for j in range(k + 1):
                out[top - k + j] = (out[top - k + j] - factor * modulus[j]) % p
    return (out + [0] * k)[:k]


def _digits(value: int, p: int, k: int) -> list[int]:
    return [(value // p**i) % p for i in range(k)]


def _number(digits: list[int], p: int) -> int:
    return sum(d * p**i for i, d in enumerate(digits))


def _irreducible(p: int, k: int) -> list[int]:
    """The first monic polynomial of degree k over GF(p) without a factor of lower degree."""
    for tail in range(p**k):
        candidate = _digits(tail, p, k) + [1]
        if not any(_divides(divisor, candidate, p) for divisor in _monic_polys(p, k // 2)):
            return candidate
    raise ArithmeticError("no irreducible polynomial")  # cannot happen: one exists for every k


def _monic_polys(p: int, max_degree: int):
    for degree in range(1, max_degree + 1):
        for tail in range(p**degree):
            yield _digits(tail, p, degree) + [1]


def _divides(divisor: list[int], poly: list[int], p: int) -> bool:
    rest = list(poly)
    d = len(divisor) - 1
    for top in range(len(rest) - 1, d - 1, -1):
        factor = rest[top]
        if factor:
            for j in range(d + 1):
                rest[top - d + j] = (rest[top - d + j] - factor * divisor[j]) % p
    return not any(rest[:d])


def field_tables(q: int) -> tuple[np.ndarray, np.ndarray]:
    """Addition and multiplication tables of GF(q), elements numbered 0..q-1 (0 and 1 as usual)."""
    p, k = prime_power(q)  # type: ignore[misc]
    modulus = _irreducible(p, k)
    add = np.zeros((q, q), dtype=np.int64)
    mul = np.zeros((q, q), dtype=np.int64)
    for a in range(q):
        da = _digits(a, p, k)
        for b in range(q):
            db = _digits(b, p, k)
            add[a, b] = _number([(x + y) % p for x, y in zip(da, db, strict=True)], p)
            mul[a, b] = _number(_poly_mul_mod(da, db, modulus, p), p) if k > 1 else (a * b) % p
    return add, mul


def construction_rounds(groups: int, size: int) -> int:
    """How many repeat-free rounds the constructions give for `groups` groups of `size` people."""
    if (groups, size) == (8, 4):
        return 10
    if size < 2 or size > groups or prime_power(groups) is None:
        return 0
    return groups + (1 if groups % size == 0 else 0)


def construct(groups: int, size: int, rounds: int) -> np.ndarray:
    """(rounds, groups * size) group labels in which no pair meets twice.

    `rounds` must not exceed `construction_rounds(groups, size)`.
    """
    if (groups, size) == (8, 4):
        return construct_32(rounds)
    return transversal_design(groups, size, rounds)


def transversal_design(groups: int, size: int, rounds: int) -> np.ndarray:
    """The affine-plane rounds described above (size <= groups, groups a prime power)."""
    add, mul = field_tables(groups)
    people = np.arange(groups * size)
    row, col = people // groups, people % groups
    labels = np.zeros((rounds, people.size), dtype=np.int64)
    # b = c - m * x solves c = m * x + b; subtraction in GF(q) is addition of the additive inverse.
    negate = np.argmax(add == 0, axis=1)
    for slope in range(min(rounds, groups)):
        labels[slope] = add[col, negate[mul[slope, row]]]
    if rounds > groups:
        per_row = groups // size
        labels[groups] = row * per_row + col // size
    return labels
