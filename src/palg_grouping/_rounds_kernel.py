"""Search kernels for repeat-free rounds: plain Python that numba compiles unchanged.

The same functions run as the pure-Python reference and, through `_rounds_search.kernels`, as
numba-compiled code; they take and mutate numpy arrays only, so both give identical results.
For numba the whole module source is compiled at once (`_twin.compiled`), so kernels share
helpers such as `swap_in_round`. The xorshift32 state stays below 2**32 so that Python integers
and numba's int64 agree.

State shared by all kernels, for R rounds, n people and G groups whose sizes `gsize` are the
same every round:
- labels (R, n): group of each person in each round;
- members (R, G, max size), pos (R, n): who sits in a group, and where;
- meet (n, n): how many rounds each pair shares;
- hard (n, n): 1 for pairs that must never share a group.

Primary cost (minimised first): hard_weight * (meetings of hard pairs) + sum over other pairs
of max(0, meetings - 1), i.e. the repeats. Secondary: the sum of within-group diversity.
"""

MASK32 = 0xFFFFFFFF

_jit = globals().get("_jit")


def jit(func):
    """Compile with numba when this source is run by `_twin.compiled`; identity otherwise."""
    return func if _jit is None else _jit(func)


@jit
def swap_in_round(r, a, b, labels, members, pos, gsize, meet, count_meetings):
    """Exchange persons a and b between their groups in round r; when `count_meetings`, keep
    meet (who shares how many rounds) up to date as well."""
    ga = labels[r, a]
    gb = labels[r, b]
    if count_meetings and ga != gb:
        for k in range(gsize[ga]):
            y = members[r, ga, k]
            if y != a:
                meet[a, y] -= 1
                meet[y, a] -= 1
                meet[b, y] += 1
                meet[y, b] += 1
        for k in range(gsize[gb]):
            y = members[r, gb, k]
            if y != b:
                meet[b, y] -= 1
                meet[y, b] -= 1
                meet[a, y] += 1
                meet[y, a] += 1
    members[r, ga, pos[r, a]] = b
    members[r, gb, pos[r, b]] = a
    t = pos[r, a]
    pos[r, a] = pos[r, b]
    pos[r, b] = t
    labels[r, a] = gb
    labels[r, b] = ga


@jit
def rebuild(labels, gsize, members, pos, meet):
    """Recompute members, pos and meet from labels."""
    rounds, n = labels.shape
    fill = gsize.copy()
    meet[:, :] = 0
    for r in range(rounds):
        fill[:] = 0
        for i in range(n):
            g = labels[r, i]
            members[r, g, fill[g]] = i
            pos[r, i] = fill[g]
            fill[g] += 1
        for g in range(gsize.size):
            for k in range(gsize[g]):
                for h in range(k + 1, gsize[g]):
                    x = members[r, g, k]
                    y = members[r, g, h]
                    meet[x, y] += 1
                    meet[y, x] += 1


@jit
def perturb(labels, members, pos, gsize, meet, rng, swaps):
    """Apply `swaps` random swaps of two people in different groups of a random round."""
    rounds, n = labels.shape
    done = 0
    while done < swaps:
        x = rng[0]
        x ^= (x << 13) & MASK32
        x ^= x >> 17
        x ^= (x << 5) & MASK32
        rng[0] = x
        r = x % rounds
        a = (x // rounds) % n
        x ^= (x << 13) & MASK32
        x ^= x >> 17
        x ^= (x << 5) & MASK32
        rng[0] = x
        b = x % n
        ga = labels[r, a]
        gb = labels[r, b]
        if ga == gb:
            continue
        swap_in_round(r, a, b, labels, members, pos, gsize, meet, True)
        done += 1


@jit
def tabu_search(labels, members, pos, gsize, meet, hard, tabu, best, rng, stats, params):
    """Tabu search on swaps within a round that involve a person in conflict.

    tabu[r, i, g] is the iteration until which person i may not go back to group g in round r.

    stats = [iteration, cost, best cost, iterations since the best improved] is updated in
    place; params = [iterations for this call, hard weight, minimum tenure, tenure spread,
    stall limit, target cost]. Returns 0 when the call's iterations are spent, 1 when the best
    cost reached the target, 2 when the search stalled (the caller restarts from `best`).
    """
    rounds, n = labels.shape
    budget, hw, tenure_min = params[0], params[1], params[2]
    tenure_span, stall, target = params[3], params[4], params[5]
    for _ in range(budget):
        if stats[2] <= target:
            return 1
        if stats[3] >= stall:
            return 2
        stats[0] += 1
        it = stats[0]
        cost = stats[1]
        best_delta = 1 << 60
        count = 0
        mr = -1
        ma = -1
        mb = -1
        for r in range(rounds):
            for a in range(n):
                ga = labels[r, a]
                conflicted = False
                for k in range(gsize[ga]):
                    y = members[r, ga, k]
                    if y != a and (hard[a, y] != 0 or meet[a, y] >= 2):
                        conflicted = True
                        break
                if not conflicted:
                    continue
                for b in range(n):
                    gb = labels[r, b]
                    if gb == ga:
                        continue
                    d = 0
                    for k in range(gsize[ga]):
                        y = members[r, ga, k]
                        if y == a:
                            continue
                        if hard[a, y] != 0:
                            d -= hw
                        elif meet[a, y] >= 2:
                            d -= 1
                        if hard[b, y] != 0:
                            d += hw
                        elif meet[b, y] >= 1:
                            d += 1
                    for k in range(gsize[gb]):
                        y = members[r, gb, k]
                        if y == b:
                            continue
                        if hard[b, y] != 0:
                            d -= hw
                        elif meet[b, y] >= 2:
                            d -= 1
                        if hard[a, y] != 0:
                            d += hw
                        elif meet[a, y] >= 1:
                            d += 1
                    if (tabu[r, a, gb] > it or tabu[r, b, ga] > it) and cost + d >= stats[2]:
                        continue
                    if d < best_delta:
                        best_delta = d
                        count = 1
                        mr = r
                        ma = a
                        mb = b
                    elif d == best_delta:
                        count += 1
                        x = rng[0]
                        x ^= (x << 13) & MASK32
                        x ^= x >> 17
                        x ^= (x << 5) & MASK32
                        rng[0] = x
                        if x % count == 0:
                            mr = r
                            ma = a
                            mb = b
        if count == 0:
            stats[3] += 1
            continue
        ga = labels[mr, ma]
        gb = labels[mr, mb]
        swap_in_round(mr, ma, mb, labels, members, pos, gsize, meet, True)
        x = rng[0]
        x ^= (x << 13) & MASK32
        x ^= x >> 17
        x ^= (x << 5) & MASK32
        rng[0] = x
        tabu[mr, ma, ga] = it + tenure_min + x % tenure_span
        tabu[mr, mb, gb] = it + tenure_min + (x // tenure_span) % tenure_span
        stats[1] = cost + best_delta
        if stats[1] < stats[2]:
            stats[2] = stats[1]
            stats[3] = 0
            best[:, :] = labels
        else:
            stats[3] += 1
    return 0


@jit
def improve(labels, members, pos, gsize, meet, hard, div, rng, stats, params):
    """Descent on diversity that never worsens the primary cost.

    Each step picks a random (round, person), or (relabelling, person), and applies the best
    move for that person: a swap within the round, or exchanging two people's places in every
    round, which leaves the repeats unchanged. A move is applied when it lowers the primary cost
    or keeps it and raises diversity. stats = [steps, steps since the last applied move,
    primary cost change]; params = [steps for this call, hard weight, allow relabelling (0/1),
    patience, relabelling only (0/1)]. Returns 1 once `patience` steps in a row applied
    nothing, else 0.
    """
    rounds, n = labels.shape
    budget, hw, relabel, patience, only = params[0], params[1], params[2], params[3], params[4]
    for _ in range(budget):
        if stats[1] >= patience:
            return 1
        stats[0] += 1
        x = rng[0]
        x ^= (x << 13) & MASK32
        x ^= x >> 17
        x ^= (x << 5) & MASK32
        rng[0] = x
        r = rounds if only != 0 else x % (rounds + relabel)
        a = (x // (rounds + relabel)) % n
        best_p = 1
        best_g = -1e300
        mb = -1
        for b in range(n):
            if b == a:
                continue
            p = 0
            g = 0.0
            if r < rounds:
                ga = labels[r, a]
                gb = labels[r, b]
                if ga == gb:
                    continue
                for k in range(gsize[ga]):
                    y = members[r, ga, k]
                    if y == a:
                        continue
                    g += div[b, y] - div[a, y]
                    if hard[a, y] != 0:
                        p -= hw
                    elif meet[a, y] >= 2:
                        p -= 1
                    if hard[b, y] != 0:
                        p += hw
                    elif meet[b, y] >= 1:
                        p += 1
                for k in range(gsize[gb]):
                    y = members[r, gb, k]
                    if y == b:
                        continue
                    g += div[a, y] - div[b, y]
                    if hard[b, y] != 0:
                        p -= hw
                    elif meet[b, y] >= 2:
                        p -= 1
                    if hard[a, y] != 0:
                        p += hw
                    elif meet[a, y] >= 1:
                        p += 1
            else:
                for y in range(n):
                    if y != a and y != b and hard[a, y] != hard[b, y]:
                        # a's and b's meetings with y trade places, and with them which of
                        # the two counts as a hard meeting and which as a possible repeat.
                        meet_a = meet[a, y]
                        meet_b = meet[b, y]
                        repeat_change = max(meet_b - 1, 0) - max(meet_a - 1, 0)
                        p += (hard[a, y] - hard[b, y]) * (hw * (meet_b - meet_a) - repeat_change)
                for s in range(rounds):
                    ga = labels[s, a]
                    gb = labels[s, b]
                    if ga == gb:
                        continue
                    for k in range(gsize[ga]):
                        y = members[s, ga, k]
                        if y != a:
                            g += div[b, y] - div[a, y]
                    for k in range(gsize[gb]):
                        y = members[s, gb, k]
                        if y != b:
                            g += div[a, y] - div[b, y]
            if p > 0:
                continue
            if p < best_p or (p == best_p and g > best_g):
                best_p = p
                best_g = g
                mb = b
        if mb < 0 or (best_p == 0 and best_g <= 1e-9):
            stats[1] += 1
            continue
        stats[1] = 0
        stats[2] += best_p
        b = mb
        lo = r if r < rounds else 0
        hi = r + 1 if r < rounds else rounds
        for s in range(lo, hi):
            # Across every round (r == rounds) the meetings are permuted below instead.
            swap_in_round(s, a, b, labels, members, pos, gsize, meet, r < rounds)
        if r == rounds:
            # Exchanging two people everywhere permutes rows and columns a, b of meet.
            for y in range(n):
                t = meet[a, y]
                meet[a, y] = meet[b, y]
                meet[b, y] = t
            for y in range(n):
                t = meet[y, a]
                meet[y, a] = meet[y, b]
                meet[y, b] = t
    return 0
