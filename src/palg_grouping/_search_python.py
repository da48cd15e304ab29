"""The search kernels: iterated tabu search over move and swap neighbourhoods on units.

This module is plain Python and is the reference ("python" kernel). `_search_numba` executes
this same source with numba's `njit(cache=True)` as `_jit`, so both kernels run the same
algorithm step by step and return identical labels for a seed. Only integer arithmetic drives
the random choices (a 32-bit xorshift in int64), so the two never drift apart.

State (all arrays, changed in place, so a search can pause and resume between calls):
  lab (m,) group of each unit; C (m, G) contribution matrix, C[i, g] = sum of D[i, j] over
  units j in g; size (G,) people per group; nu (G,) units per group; cnt (G, S) units per group
  free in each slot; members (G, cap) / mpos (m,) unit lists per group; tabu (m, G) iteration
  until which a unit may not re-enter a group it left (one column in sampled mode: the unit
  may not move at all); best (m,) best labels; fst = [f, f_best]; ist = [iteration, iteration
  of the last best, stuck flag]; rng (1,) xorshift state; scratch (K,) workspace; pbest
  (G, G, 4) / pidx (G, G, 6) the best swaps between each pair of groups x < y (a full scan
  only; `scan_pair`): pbest holds the best admissible gain, the best gain of all, the bound and
  the best gain of y's units towards x; pidx the two swaps' units, the step until which they
  hold and whether the bound is known.
Parameters par: tenure minimum, tenure spread, stall length before a perturbation,
perturbation strength, sample size (0 = scan every unit), candidate groups per sampled unit,
has cannot-link rules, has availability, halt at the first stall instead of perturbing (the
memetic layer's short searches; the stuck flag is then set).
"""

import numpy as np

_jit = globals().get("_jit")
VECTORISED = _jit is None  # the plain-Python twin vectorises whole-column updates


def jit(func):
    """Compile with numba when executed by _search_numba; identity for the Python twin."""
    return func if _jit is None else _jit(func)


P_TMIN, P_TSPAN, P_STALL, P_STRENGTH, P_SAMPLE, P_TOPK, P_CL, P_AVAIL, P_HALT = range(9)
I_IT, I_LAST, I_STUCK = range(3)
NPAR, NIST = 9, 3
MOVE_ODDS = 2  # perturbation: one attempt in MOVE_ODDS is a move, the rest swaps


@jit
def rand_int(rng, k):
    """Next xorshift32 number modulo k (int64 arithmetic only)."""
    x = rng[0]
    x ^= (x << 13) & 0xFFFFFFFF
    x ^= x >> 17
    x ^= (x << 5) & 0xFFFFFFFF
    rng[0] = x
    return x % k


@jit
def tolerance(f):
    """Improvements smaller than this are rounding noise."""
    return 1e-9 * max(1.0, abs(f))


@jit
def build_contrib(D, lab, C):
    """C[k, g] = sum of D[i, k] over units i in group g, added in unit order."""
    C[:, :] = 0.0
    m = lab.shape[0]
    for i in range(m):
        g = lab[i]
        for k in range(m):
            C[k, g] += D[i, k]


@jit
def shift_column(D, C, i, g, h):
    """Unit i leaves group g for group h: update two columns of C."""
    for k in range(C.shape[0]):
        C[k, g] -= D[i, k]
        C[k, h] += D[i, k]


if VECTORISED:

    def build_contrib(D, lab, C):  # noqa: F811  same additions in the same order
        """C[k, g] = sum of D[i, k] over units i in group g, added in unit order."""
        C[:, :] = 0.0
        for i in range(lab.shape[0]):
            C[:, lab[i]] += D[i]

    def shift_column(D, C, i, g, h):  # noqa: F811
        """Unit i leaves group g for group h: update two columns of C."""
        C[:, g] -= D[i]
        C[:, h] += D[i]


@jit
def rebuild(D, w, avail, lab, C, size, nu, cnt, members, mpos):
    """Recompute every derived array from the labels."""
    build_contrib(D, lab, C)
    size[:] = 0
    nu[:] = 0
    cnt[:, :] = 0
    for i in range(lab.shape[0]):
        g = lab[i]
        size[g] += w[i]
        members[g, nu[g]] = i
        mpos[i] = nu[g]
        nu[g] += 1
        for s in range(cnt.shape[1]):
            cnt[g, s] += avail[i, s]


@jit
def apply_move(D, w, avail, lab, C, size, nu, cnt, members, mpos, i, h):
    """Move unit i to group h, keeping every derived array exact (O(m))."""
    g = lab[i]
    shift_column(D, C, i, g, h)
    size[g] -= w[i]
    size[h] += w[i]
    for s in range(cnt.shape[1]):
        cnt[g, s] -= avail[i, s]
        cnt[h, s] += avail[i, s]
    last = members[g, nu[g] - 1]
    members[g, mpos[i]] = last
    mpos[last] = mpos[i]
    nu[g] -= 1
    members[h, nu[h]] = i
    mpos[i] = nu[h]
    nu[h] += 1
    lab[i] = h


@jit
def cl_clear(cl_ptr, cl_idx, lab, i, h, skip):
    """No cannot-link partner of unit i (other than `skip`) is in group h."""
    for p in range(cl_ptr[i], cl_ptr[i + 1]):
        v = cl_idx[p]
        if v != skip and lab[v] == h:
            return False
    return True


@jit
def slot_ok(cnt, avail, h, target, add, remove):
    """Group h, after adding unit `add` and removing unit `remove` (-1: none), has `target`
    units and still shares a slot they are all free in."""
    for s in range(cnt.shape[1]):
        c = cnt[h, s]
        if add >= 0:
            c += avail[add, s]
        if remove >= 0:
            c -= avail[remove, s]
        if c == target:
            return True
    return False


@jit
def move_ok(w, upper, cl_ptr, cl_idx, avail, lab, size, nu, cnt, par, i, h):
    """Unit i may join group h (its leaving group g was checked by the caller)."""
    if size[h] + w[i] > upper[h]:
        return False
    if par[P_CL] and not cl_clear(cl_ptr, cl_idx, lab, i, h, -1):
        return False
    return not par[P_AVAIL] or slot_ok(cnt, avail, h, nu[h] + 1, i, -1)


@jit
def leave_ok(w, lower, avail, size, nu, cnt, par, i, g):
    """Unit i may leave group g without a replacement."""
    if size[g] - w[i] < lower[g]:
        return False
    return not par[P_AVAIL] or slot_ok(cnt, avail, g, nu[g] - 1, -1, i)


@jit
def swap_ok(w, lower, upper, cl_ptr, cl_idx, avail, lab, size, nu, cnt, par, i, j):
    """Units i and j may trade groups."""
    g = lab[i]
    h = lab[j]
    if w[i] != w[j]:
        sg = size[g] - w[i] + w[j]
        sh = size[h] - w[j] + w[i]
        if sg < lower[g] or sg > upper[g] or sh < lower[h] or sh > upper[h]:
            return False
    if par[P_CL]:
        if not cl_clear(cl_ptr, cl_idx, lab, i, h, j):
            return False
        if not cl_clear(cl_ptr, cl_idx, lab, j, g, i):
            return False
    if par[P_AVAIL]:
        if not slot_ok(cnt, avail, g, nu[g], j, i):
            return False
        if not slot_ok(cnt, avail, h, nu[h], i, j):
            return False
    return True


@jit
def top_groups(C, nu, i, g, scratch):
    """The groups (other than g) where unit i contributes most, best first, into scratch
    (one pass with insertion into a short sorted list)."""
    k = min(scratch.shape[0], nu.shape[0] - 1)
    values = np.full(k, -np.inf)
    filled = 0
    for h in range(nu.shape[0]):
        v = C[i, h]
        if h == g or (filled == k and v <= values[k - 1]):
            continue
        pos = min(filled, k - 1)
        while pos > 0 and v > values[pos - 1]:
            values[pos] = values[pos - 1]
            scratch[pos] = scratch[pos - 1]
            pos -= 1
        values[pos] = v
        scratch[pos] = h
        filled = min(filled + 1, k)
    return k


NEVER = 2**62  # a cached pair that no tabu expiry can change stays valid until this step


@jit
def best_gain_towards(C, locked, members, nu, x, y):
    """The most any movable unit of group x gains by moving to group y (-inf if none)."""
    best = -np.inf
    for p in range(nu[x]):
        i = members[x, p]
        if not locked[i] and C[i, y] - C[i, x] > best:
            best = C[i, y] - C[i, x]
    return best


@jit
def take_pair(pbest, pidx, x, y, thr, bi, bj, bh, bd):
    """The cached swap of groups x < y if it beats the running best (bi, bj, bh, bd): the best
    of all when it beats the best grouping (aspiration), else the best admissible one."""
    if pbest[x, y, 1] > thr and pbest[x, y, 1] > bd:
        return pidx[x, y, 2], pidx[x, y, 3], y, pbest[x, y, 1]
    if pbest[x, y, 0] > bd:
        return pidx[x, y, 0], pidx[x, y, 1], y, pbest[x, y, 0]
    return bi, bj, bh, bd


@jit
def scan_pair(D, w, lower, upper, cl_ptr, cl_idx, avail, locked, lab, C, size, nu, cnt,
              members, tabu, par, it, x, y, pbest, pidx):  # fmt: skip
    """Cache the best feasible swaps between groups x < y: the best admissible one (not tabu)
    and the best of all (for aspiration), and the step until which the cache holds.

    A swap of i (in x) and j (in y) gains a + b - 2 D[i, j], with a = C[i, y] - C[i, x] and
    b = C[j, x] - C[j, y]; as D >= 0, a + max(b) bounds every swap of i (max(b) is kept by
    the caller in pbest[x, y, 3]), so most units are passed over once the best admissible swap
    is known. The cache stays right until a step
    changes x or y (the caller clears it) or a tabu swap that beats the admissible best
    becomes allowed: the earliest such expiry is kept."""
    ruled = par[P_CL] + par[P_AVAIL]  # without either rule equal weights always fit
    ba, bo = -np.inf, -np.inf
    ia, ja, io, jo = -1, -1, -1, -1
    until = NEVER
    bmax = pbest[x, y, 3]
    for p in range(nu[x]):
        i = members[x, p]
        if locked[i]:
            continue
        a = C[i, y] - C[i, x]
        if a + bmax <= ba:
            continue
        for q in range(nu[y]):
            j = members[y, q]
            if locked[j]:
                continue
            b = C[j, x] - C[j, y]
            if a + b <= ba:
                continue
            delta = (a + b) - 2.0 * D[i, j]
            if delta <= ba:
                continue
            if (ruled or w[i] != w[j]) and not swap_ok(w, lower, upper, cl_ptr, cl_idx, avail,
                                                       lab, size, nu, cnt, par, i, j):  # fmt: skip
                continue
            ti = tabu[i, y]
            tj = tabu[j, x]
            if ti < it and tj < it:
                ba, ia, ja = delta, i, j
            else:
                until = min(until, max(ti, tj))
            if delta > bo:
                bo, io, jo = delta, i, j
    pbest[x, y, 0] = ba
    pbest[x, y, 1] = bo
    pidx[x, y, 0] = ia
    pidx[x, y, 1] = ja
    pidx[x, y, 2] = io
    pidx[x, y, 3] = jo
    pidx[x, y, 4] = until


@jit
def forget_pairs(pidx, g):
    """Clear the cached swaps and bounds of every pair of groups that holds group g (-1: every
    pair)."""
    G = pidx.shape[0]
    if g < 0:
        for x in range(G):
            for y in range(G):
                pidx[x, y, 4] = -1
                pidx[x, y, 5] = 0
        return
    for z in range(G):
        pidx[min(g, z), max(g, z), 4] = -1
        pidx[min(g, z), max(g, z), 5] = 0


@jit
def best_pair_swap(D, w, lower, upper, cl_ptr, cl_idx, avail, locked, lab, C, size, nu, cnt,
                   members, tabu, fst, par, it, pbest, pidx, bi, bj, bh, bd):  # fmt: skip
    """The best admissible swap over every pair of groups, if it beats the running best
    (bi, bj, bh, bd). Pairs whose cache holds come first; the others are scanned again only
    if their bound beats the best so far, highest bound first, so a step after a swap scans
    a few of the 2G - 3 pairs it changed."""
    thr = fst[1] + tolerance(fst[1]) - fst[0]
    G = size.shape[0]
    stale = np.empty(G * (G - 1) // 2, np.int64)
    bounds = np.empty(G * (G - 1) // 2)
    k = 0
    for x in range(G):
        for y in range(x + 1, G):
            if it <= pidx[x, y, 4]:
                bi, bj, bh, bd = take_pair(pbest, pidx, x, y, thr, bi, bj, bh, bd)
                continue
            if pidx[x, y, 5] == 0:  # the bound max a + max b
                pbest[x, y, 3] = best_gain_towards(C, locked, members, nu, y, x)
                pbest[x, y, 2] = best_gain_towards(C, locked, members, nu, x, y) + pbest[x, y, 3]
                pidx[x, y, 5] = 1
            stale[k] = x * G + y
            bounds[k] = -pbest[x, y, 2]
            k += 1
    order = np.argsort(bounds[:k], kind="mergesort")
    for r in range(k):
        x, y = stale[order[r]] // G, stale[order[r]] % G
        if pbest[x, y, 2] <= bd:
            break
        scan_pair(D, w, lower, upper, cl_ptr, cl_idx, avail, locked, lab, C, size, nu, cnt,
                  members, tabu, par, it, x, y, pbest, pidx)  # fmt: skip
        bi, bj, bh, bd = take_pair(pbest, pidx, x, y, thr, bi, bj, bh, bd)
    return bi, bj, bh, bd


@jit
def scan_sampled_unit(D, w, lower, upper, cl_ptr, cl_idx, avail, locked, lab, C, size, nu, cnt,
                      members, tabu, fst, par, scratch, it, i, bi, bj, bh, bd):  # fmt: skip
    """Sampled mode: the best admissible move or swap of unit i into its best few groups that
    beats the running best (bi, bj, bh, bd). Whole units are tabu here (one column)."""
    g = lab[i]
    thr = fst[1] + tolerance(fst[1]) - fst[0]  # a delta above thr beats the best: aspiration
    cig = C[i, g]
    k = top_groups(C, nu, i, g, scratch)
    if leave_ok(w, lower, avail, size, nu, cnt, par, i, g):
        for r in range(k):
            h = scratch[r]
            delta = C[i, h] - cig
            if (
                delta > bd
                and (tabu[i, 0] < it or delta > thr)
                and move_ok(w, upper, cl_ptr, cl_idx, avail, lab, size, nu, cnt, par, i, h)
            ):
                bi, bj, bh, bd = i, -1, h, delta
    for r in range(k):
        h = scratch[r]
        for q in range(nu[h]):
            j = members[h, q]
            if locked[j]:
                continue
            delta = (C[i, h] - cig) + (C[j, g] - C[j, h]) - 2.0 * D[i, j]
            if (
                delta > bd
                and ((tabu[i, 0] < it and tabu[j, 0] < it) or delta > thr)
                and swap_ok(w, lower, upper, cl_ptr, cl_idx, avail, lab, size, nu, cnt, par, i, j)
            ):
                bi, bj, bh, bd = i, j, h, delta
    return bi, bj, bh, bd


@jit
def best_move(w, lower, upper, cl_ptr, cl_idx, avail, locked, lab, C, size, nu, cnt, tabu, fst,
              par, it, start):  # fmt: skip
    """The best admissible move of any unit, scanning from unit `start` (one call per step: a
    call per unit costs more than its scan)."""
    m, G = lab.shape[0], size.shape[0]
    thr = fst[1] + tolerance(fst[1]) - fst[0]
    bi, bh, bd = -1, -1, -np.inf
    ruled = par[P_CL] + par[P_AVAIL]  # without either rule only the sizes need checking
    for k in range(m):
        i = (start + k) % m
        g = lab[i]
        if locked[i] or size[g] - w[i] < lower[g]:
            continue
        if par[P_AVAIL] and not slot_ok(cnt, avail, g, nu[g] - 1, -1, i):
            continue
        cig = C[i, g]
        for h in range(G):
            delta = C[i, h] - cig
            if (
                delta > bd
                and h != g
                and size[h] + w[i] <= upper[h]
                and (tabu[i, h] < it or delta > thr)
                and (ruled == 0 or move_ok(w, upper, cl_ptr, cl_idx, avail, lab, size, nu, cnt,
                                           par, i, h))
            ):  # fmt: skip
                bi, bh, bd = i, h, delta
    return bi, -1, bh, bd


@jit
def best_step(D, w, lower, upper, cl_ptr, cl_idx, avail, locked, lab, C, size, nu, cnt,
              members, tabu, fst, par, rng, scratch, pbest, pidx, it):  # fmt: skip
    """The best admissible step of this iteration: (i, j or -1 for a move, group, delta).

    A full scan looks at every move (`best_move`) and every swap (`best_pair_swap`); in sampled
    mode a few random units look at their best few groups."""
    m = lab.shape[0]
    start = rand_int(rng, m)
    if par[P_SAMPLE] == 0:
        bi, bj, bh, bd = best_move(w, lower, upper, cl_ptr, cl_idx, avail, locked, lab, C, size,
                                   nu, cnt, tabu, fst, par, it, start)  # fmt: skip
        return best_pair_swap(D, w, lower, upper, cl_ptr, cl_idx, avail, locked, lab, C, size,
                              nu, cnt, members, tabu, fst, par, it, pbest, pidx, bi, bj, bh,
                              bd)  # fmt: skip
    bi, bj, bh, bd = -1, -1, -1, -np.inf
    for _ in range(par[P_SAMPLE]):
        i = rand_int(rng, m)
        if not locked[i]:
            bi, bj, bh, bd = scan_sampled_unit(D, w, lower, upper, cl_ptr, cl_idx, avail, locked,
                                               lab, C, size, nu, cnt, members, tabu, fst, par,
                                               scratch, it, i, bi, bj, bh, bd)  # fmt: skip
    return bi, bj, bh, bd


@jit
def perturb(D, w, lower, upper, cl_ptr, cl_idx, avail, locked, lab, C, size, nu, cnt,
            members, mpos, best, fst, ist, par, rng):  # fmt: skip
    """Go back to the best grouping, then make random feasible moves and swaps.

    Returns whether anything changed."""
    m = lab.shape[0]
    G = size.shape[0]
    changed = False
    if fst[0] < fst[1]:
        lab[:] = best
        rebuild(D, w, avail, lab, C, size, nu, cnt, members, mpos)
        fst[0] = fst[1]
        changed = True
    strength = par[P_STRENGTH]
    goal = strength // 2 + rand_int(rng, strength - strength // 2 + 1)
    done = 0
    attempts = 0
    while done < goal and attempts < 20 * goal + 20:
        attempts += 1
        i = rand_int(rng, m)
        g = lab[i]
        if locked[i]:
            continue
        if rand_int(rng, MOVE_ODDS) == 0:
            h = rand_int(rng, G)
            if h == g or not leave_ok(w, lower, avail, size, nu, cnt, par, i, g):
                continue
            if not move_ok(w, upper, cl_ptr, cl_idx, avail, lab, size, nu, cnt, par, i, h):
                continue
            fst[0] += C[i, h] - C[i, g]
            apply_move(D, w, avail, lab, C, size, nu, cnt, members, mpos, i, h)
        else:
            j = rand_int(rng, m)
            h = lab[j]
            if h == g or locked[j]:
                continue
            if not swap_ok(w, lower, upper, cl_ptr, cl_idx, avail, lab, size, nu, cnt, par, i, j):
                continue
            fst[0] += (C[i, h] - C[i, g]) + (C[j, g] - C[j, h]) - 2.0 * D[i, j]
            apply_move(D, w, avail, lab, C, size, nu, cnt, members, mpos, i, h)
            apply_move(D, w, avail, lab, C, size, nu, cnt, members, mpos, j, g)
        done += 1
    ist[I_LAST] = ist[I_IT]
    return changed or done > 0


@jit
def search(D, w, lower, upper, cl_ptr, cl_idx, avail, locked, lab, C, size, nu, cnt, members,
           mpos, tabu, best, fst, ist, par, rng, scratch, pbest, pidx, n_iters):  # fmt: skip
    """Run n_iters iterations of tabu search with perturbation; stops early when stuck."""
    for _ in range(n_iters):
        ist[I_IT] += 1
        it = ist[I_IT]
        bi, bj, bh, bd = best_step(D, w, lower, upper, cl_ptr, cl_idx, avail, locked, lab, C,
                                   size, nu, cnt, members, tabu, fst, par, rng, scratch,
                                   pbest, pidx, it)  # fmt: skip
        if bi < 0:
            changed = perturb(D, w, lower, upper, cl_ptr, cl_idx, avail, locked, lab, C, size,
                              nu, cnt, members, mpos, best, fst, ist, par, rng)  # fmt: skip
            forget_pairs(pidx, -1)
            if not changed:
                ist[I_STUCK] = 1
                return
            continue
        g = lab[bi]
        if pidx.shape[0] > 1:
            forget_pairs(pidx, g)
            forget_pairs(pidx, bh)
        apply_move(D, w, avail, lab, C, size, nu, cnt, members, mpos, bi, bh)
        wide = tabu.shape[1] > 1
        tabu[bi, g if wide else 0] = it + par[P_TMIN] + rand_int(rng, par[P_TSPAN] + 1)
        if bj >= 0:
            apply_move(D, w, avail, lab, C, size, nu, cnt, members, mpos, bj, g)
            tabu[bj, bh if wide else 0] = it + par[P_TMIN] + rand_int(rng, par[P_TSPAN] + 1)
        fst[0] += bd
        if fst[0] > fst[1] + tolerance(fst[1]):
            fst[1] = fst[0]
            best[:] = lab
            ist[I_LAST] = it
        elif it - ist[I_LAST] > par[P_STALL]:
            if par[P_HALT]:
                ist[I_STUCK] = 1
                return
            perturb(D, w, lower, upper, cl_ptr, cl_idx, avail, locked, lab, C, size, nu, cnt,
                    members, mpos, best, fst, ist, par, rng)  # fmt: skip
            forget_pairs(pidx, -1)
