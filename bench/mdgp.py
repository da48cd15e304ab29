"""Run palg_grouping on the MDGPLIB benchmark instances at the literature time limits and report
the gap to the best-known values (per instance, and mean / worst per family and size).

    .venv/bin/python bench/mdgp.py [--dir PATH] [--scale F] [--only PATTERN] [--seed N]
                                   [--seeds K] [--workers W] [--strategy S] [--markdown]

Time limits (seconds, wall clock): n <= 60: 1, n = 120: 3, n = 240: 20, n = 480: 120, all
multiplied by --scale. The instances are looked up in ../shared/bench/mdgp beside the
repository (as in CI) unless --dir is given. Every instance with a proven optimum (n <= 12) must
reach it; the script exits with 1 otherwise. With --seeds K every instance runs K times (seeds
N to N+K-1): the means are over all runs and "worst" is the worst single run, because one seed
per instance cannot tell two engines apart (the spread between seeds is up to half a point).
"""

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from palg_grouping import form_groups, violations  # noqa: E402
from palg_grouping.mdgplib import read_instance  # noqa: E402

LIMITS = {120: 3.0, 240: 20.0, 480: 120.0, 960: 600.0}
DEFAULT_DIRS = [ROOT.parent / "shared" / "bench" / "mdgp", Path("/work/shared/bench/mdgp")]


def time_limit(n: int) -> float:
    """Literature limit for n elements (1 s for the small instances that have none)."""
    return LIMITS.get(n, 1.0)


def best_known(folder: Path) -> dict[str, tuple[float, str]]:
    rows = (folder / "best_known.tsv").read_text().splitlines()[1:]
    return {r.split("\t")[0]: (float(r.split("\t")[1]), r.split("\t")[2]) for r in rows}


def instances(folder: Path, only: str | None) -> list[Path]:
    files = sorted(folder.glob("*/*.txt"), key=lambda p: (int(p.stem.split("_")[1][1:]), p.stem))
    return [p for p in files if only is None or only in p.stem]


def run_one(path: Path, args, known, seed: int) -> dict:
    problem = read_instance(path)
    limit = time_limit(problem.n) * args.scale
    result = form_groups(problem, seed=seed, time_limit=limit, workers=args.workers,
                         strategy=args.strategy)  # fmt: skip
    value, kind = known.get(path.stem, (float("nan"), "none"))
    gap = 100.0 * (value - result.objective) / value
    broken = sum(violations(problem, result.labels).values())
    return {
        "name": path.stem,
        "seed": seed,
        "family": path.stem.split("_")[0],
        "n": problem.n,
        "kind": kind,
        "limit": limit,
        "objective": result.objective,
        "known": value,
        "gap": gap,
        "iterations": result.iterations,
        "broken": broken,
    }


def summary(rows: list[dict]) -> list[tuple[str, int, int, float, float]]:
    """(family, n, instances, mean gap %, worst gap %) for the instances with a best-known
    value; the mean is over every run (all seeds), the worst is the worst single run."""
    groups, names = defaultdict(list), defaultdict(set)
    for row in rows:
        if row["kind"] in ("best-known", "optimum", "lower-bound"):
            groups[row["family"], row["n"]].append(row["gap"])
            names[row["family"], row["n"]].add(row["name"])
    return [
        (family, n, len(names[family, n]), statistics.mean(gaps), max(gaps))
        for (family, n), gaps in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]


def print_report(rows: list[dict], markdown: bool) -> None:
    if markdown:
        print("| Family | n | Instances | Mean gap % | Worst gap % |")
        print("|---|---|---|---|---|")
        for family, n, count, mean, worst in summary(rows):
            print(f"| {family} | {n} | {count} | {mean:.3f} | {worst:.3f} |")
    else:
        for family, n, count, mean, worst in summary(rows):
            print(f"{family:8} n={n:<4} {count:2} instances  mean {mean:7.3f}%  worst {worst:.3f}%")
    big = [r for r in rows if r["n"] >= 120 and r["kind"] == "best-known"]
    if big:
        gaps = [r["gap"] for r in big]
        count = len({r["name"] for r in big})
        print(f"\nn = 120-480: {count} instances, {len(gaps)} runs, mean gap "
              f"{statistics.mean(gaps):.3f}%, worst {max(gaps):.3f}%")  # fmt: skip
        by_seed = defaultdict(list)
        for r in big:
            by_seed[r["seed"]].append(r["gap"])
        if len(by_seed) > 1:
            means = ", ".join(f"{seed}: {statistics.mean(g):.3f}%" for seed, g in by_seed.items())
            print(f"mean gap per seed: {means}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every time limit")
    parser.add_argument("--only", default=None, help="run instances whose name contains this")
    parser.add_argument("--seed", type=int, default=0, help="the first seed")
    parser.add_argument("--seeds", type=int, default=1, help="runs per instance (seeds)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--strategy", choices=("auto", "memetic", "tabu"), default="auto")
    parser.add_argument("--markdown", action="store_true", help="print the summary as a table")
    args = parser.parse_args()
    folder = args.dir or next((d for d in DEFAULT_DIRS if d.is_dir()), None)
    if folder is None:
        sys.exit("No MDGPLIB folder found; pass --dir.")
    known = best_known(folder)
    form_groups(read_instance(instances(folder, "n010")[0]), max_iterations=10)  # load kernel
    rows, failures = [], []
    for path in instances(folder, args.only):
        for seed in range(args.seed, args.seed + max(1, args.seeds)):
            started = time.perf_counter()
            row = run_one(path, args, known, seed)
            rows.append(row)
            seconds = time.perf_counter() - started
            print(f"{row['name']:22} n={row['n']:<4} seed {seed:<3} {row['objective']:14.3f}  "
                  f"known {row['known']:14.3f} ({row['kind']})  gap {row['gap']:7.3f}%  "
                  f"{row['iterations']:>9} it  {seconds:6.1f} s", flush=True)  # fmt: skip
            if row["broken"] or (row["kind"] == "optimum" and row["gap"] > 1e-9):
                failures.append(f"{row['name']} (seed {seed})")
    print()
    print_report(rows, args.markdown)
    if failures:
        print("\nFAILED (optimum missed or a rule broken): " + ", ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
