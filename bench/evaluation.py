"""Time palg_evaluation on a large programme: 2,000 participants x 4 waves answering the CBI
(personal and work), psychological safety and UCLA-3 items, each answer missing with
probability 0.2 (so some scales fall under the half-items rule and some people miss waves).

    .venv/bin/python bench/evaluation.py [--people N] [--waves W] [--missing P] [--rounds R]

It measures, after the imports:
1. scoring every respondent x wave with palg_evaluation.score;
2. paired change (d_z, d_av, g, BCa bootstrap CI with 2,000 resamples, Wilcoxon) for every scale,
   baseline against each later wave;
3. the mixed model over all waves for every scale (the fast REML engine).
Prints each step's best time over the rounds, the total, and the process's peak memory (max RSS).
The target is the whole computation under 3 s.
"""

import argparse
import os
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

started = time.perf_counter()
import numpy as np  # noqa: E402

from palg_evaluation import INSTRUMENTS, score  # noqa: E402
from palg_evaluation.mixed import mixed_model  # noqa: E402
from palg_evaluation.stats import paired_change  # noqa: E402

# Load scipy's and statsmodels' modules now, so that the timings below are the computation.
paired_change(np.arange(12.0), np.arange(12.0) ** 1.1)
IMPORT_SECONDS = time.perf_counter() - started
SCALES = ("cbi_personal", "cbi_work", "psych_safety", "ucla3")
TARGET_SECONDS = 3.0


def answers(people: int, waves: int, missing: float, seed: int = 1):
    """[(respondent, wave, {item: value})], one row per respondent and wave answered."""
    rng = np.random.default_rng(seed)
    items = [item for key in ("cbi", "psych_safety", "ucla3") for item in INSTRUMENTS[key].items]
    level = rng.normal(0, 1, people)  # a person's tendency, so that waves correlate
    rows = []
    for wave in range(waves):
        drift = -0.1 * wave
        for person in range(people):
            given = {}
            for item in items:
                if rng.random() < missing:
                    continue
                values = item.values
                z = level[person] + drift + rng.normal(0, 0.8)
                position = int(np.clip(round((z + 2) / 4 * (len(values) - 1)), 0, len(values) - 1))
                given[item.id] = values[position]
            rows.append((f"p{person}", f"w{wave}", given))
    return rows


def step_score(rows):
    return [(who, wave, score(given)) for who, wave, given in rows]


def step_paired(scored, waves: int):
    by_wave = {}
    for who, wave, scores in scored:
        by_wave.setdefault(wave, {})[who] = scores
    results = []
    for scale in SCALES:
        baseline = {w: s[scale] for w, s in by_wave["w0"].items() if scale in s}
        for wave in range(1, waves):
            later = {w: s[scale] for w, s in by_wave[f"w{wave}"].items() if scale in s}
            both = [w for w in baseline if w in later]
            before = [baseline[w] for w in both]
            after = [later[w] for w in both]
            results.append(paired_change(before, after, seed=wave))
    return results


def step_mixed(scored, waves: int):
    order = [f"w{i}" for i in range(waves)]
    results = []
    for scale in SCALES:
        rows = [(who, wave, s[scale]) for who, wave, s in scored if scale in s]
        who, wave, values = zip(*rows, strict=True)
        results.append(mixed_model(who, wave, values, wave_order=order))
    return results


def best_of(rounds: int, function, *args):
    best, result = float("inf"), None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def cohort_arguments(description: str) -> argparse.Namespace:
    """The cohort both evaluation benchmarks build (bench/report.py imports this)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--waves", type=int, default=4)
    parser.add_argument("--missing", type=float, default=0.2)
    parser.add_argument("--rounds", type=int, default=3)
    return parser.parse_args()


def main() -> None:
    args = cohort_arguments(__doc__.split("\n\n")[0])

    rows = answers(args.people, args.waves, args.missing)
    t_score, scored = best_of(args.rounds, step_score, rows)
    t_paired, paired = best_of(args.rounds, step_paired, scored, args.waves)
    t_mixed, mixed = best_of(args.rounds, step_mixed, scored, args.waves)
    total = t_score + t_paired + t_mixed
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"Machine: {os.cpu_count()} cores, {platform.system()} {platform.release()} "
        f"{platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}"
    )
    print(
        f"Data: {args.people} people x {args.waves} waves, {args.missing:.0%} of answers "
        f"missing; {len(rows)} respondent-waves, {sum(len(r[2]) for r in rows)} answers"
    )
    print(f"Imports (numpy, scipy.stats, statsmodels power): {IMPORT_SECONDS:.2f} s")
    print(f"1. Scoring {len(scored)} respondent-waves:             {t_score:.3f} s")
    print(
        f"2. Paired change, {len(paired)} comparisons (BCa, 2,000):  {t_paired:.3f} s "
        f"(pairs per comparison: {min(p.n for p in paired)}-{max(p.n for p in paired)})"
    )
    print(
        f"3. Mixed model, {len(mixed)} scales:                    {t_mixed:.3f} s "
        f"(observations per scale: {min(m.n_observations for m in mixed)}-"
        f"{max(m.n_observations for m in mixed)})"
    )
    print(
        f"Total: {total:.3f} s (target < {TARGET_SECONDS:.0f} s); peak memory (max RSS): "
        f"{peak_mb:.0f} MB"
    )
    sys.exit(0 if total < TARGET_SECONDS else 1)


if __name__ == "__main__":
    main()
