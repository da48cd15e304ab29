"""Time `palg group` on 10,000 people with every rule: teams kept apart, no manager with their
direct report, about 1,000 declared conflicts, no one meeting a group-mate from an earlier
round, and a shared meeting slot per group, in groups of 5-7.

Run with `.venv/bin/python bench/group_10k.py [--people N] [--seconds S] [--seed K]
[--even-sizes] [--balance COLUMNS] [--balance-weight W]`. It writes the CSV files to a throwaway
folder, runs the real `palg group` command in a child process (wall time and peak memory of that
process), then checks GROUPS.csv itself, rule by rule. `--seconds` is passed on: it is the budget
of the whole command, so the default of 55 s leaves about 5 s for starting Python and the
system's own slack under the 60 s target.
"""

import argparse
import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

FUNCTIONS = ["Finance", "Operations", "Technology", "HR", "Sales", "Legal", "Marketing"]
DEPARTMENTS = 4  # per function
LOCATIONS = ["London", "Leeds", "Manchester", "Bristol", "Edinburgh", "Birmingham", "Remote"]
LEVELS = ["Executive", "Director", "Senior Manager", "Manager", "Team Lead", "Specialist"]
SLOTS = [f"{day}-{part}" for day in ("mon", "tue", "wed", "thu", "fri") for part in ("am", "pm")]
REPORTS = 8  # direct reports per manager: a team is a manager's reports
HEADER = [
    "id", "name", "email", "manager_id", "team", "function", "department", "location",
    "seniority", "gender", "tenure_years", "availability",
]  # fmt: skip
DIVERSIFY = "function,department,location,seniority,gender,tenure_years"


def people(count: int, rng: random.Random) -> list[list[str]]:
    """A tree with eight reports per manager; a team (a manager's reports) shares a function and
    department and mostly a site; each person is free in four to six of ten weekly slots."""
    rows = []
    teams: dict[int, tuple[str, str, str]] = {}
    for index in range(count):
        manager = (index - 1) // REPORTS if index else -1
        if manager not in teams:
            function = rng.choice(FUNCTIONS)
            department = f"{function} {rng.randrange(DEPARTMENTS) + 1}"
            teams[manager] = (function, department, rng.choice(LOCATIONS))
        function, department, site = teams[manager]
        rows.append(
            [
                f"E{index:05d}",
                f"Person {index:05d}",
                f"e{index:05d}@example.com",
                "" if manager < 0 else f"E{manager:05d}",
                "Board" if manager < 0 else f"Team {manager:05d}",
                function,
                department,
                site if rng.random() < 0.7 else rng.choice(LOCATIONS),
                LEVELS[min(_depth(index), len(LEVELS) - 1)],
                rng.choice(["female", "male", "female", "male", "non-binary", ""]),
                str(round(rng.uniform(0, 30), 1)),
                ";".join(sorted(rng.sample(SLOTS, rng.randint(4, 6)))),
            ]
        )
    return rows


def _depth(index: int) -> int:
    depth = 0
    while index > 0:
        index = (index - 1) // REPORTS
        depth += 1
    return depth


def conflicts(count: int, people_count: int, rng: random.Random) -> list[tuple[str, str]]:
    pairs = set()
    while len(pairs) < count:
        a, b = rng.sample(range(people_count), 2)
        pairs.add((min(a, b), max(a, b)))
    return [(f"E{a:05d}", f"E{b:05d}") for a, b in sorted(pairs)]


def history(people_count: int, rng: random.Random) -> list[tuple[str, int, str]]:
    """An earlier round: everyone in random groups of six."""
    order = list(range(people_count))
    rng.shuffle(order)
    return [(f"E{person:05d}", 1, f"R1-{i // 6 + 1}") for i, person in enumerate(order)]


def write(path: Path, header, rows) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def check(folder: Path, rows, conflict_pairs, earlier, low: int, high: int) -> dict[str, int]:
    """Count every broken rule in GROUPS.csv, independently of palg's own report."""
    with (folder / "groups.csv").open(newline="") as handle:
        groups = list(csv.DictReader(handle))
    group_of = {row["participant_id"]: row["group"] for row in groups}
    slot_of = {row["group"]: row["slot"] for row in groups}
    members = defaultdict(list)
    for row in groups:
        members[row["group"]].append(row["participant_id"])
    person = {row[0]: row for row in rows}
    broken = {
        "missing or repeated people": abs(len(groups) - len(rows)) + len(rows) - len(group_of),
        "group sizes": sum(not low <= len(ids) <= high for ids in members.values()),
        "manager with direct report": sum(
            1 for row in rows if row[3] and group_of[row[0]] == group_of[row[3]]
        ),
        "two from the same team": sum(
            len(ids) - len({person[i][4] for i in ids}) for ids in members.values()
        ),
        "declared conflicts together": sum(group_of[a] == group_of[b] for a, b in conflict_pairs),
        "slot not free for a member": sum(
            slot_of[group_of[row[0]]] not in row[11].split(";") for row in rows
        ),
    }
    earlier_groups = defaultdict(list)
    for person_id, _, group in earlier:
        earlier_groups[group].append(group_of[person_id])
    broken["earlier group-mates together"] = sum(
        len(now) - len(set(now)) for now in earlier_groups.values()
    )
    return broken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--conflicts", type=int, default=1_000)
    parser.add_argument("--seconds", type=float, default=55.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--even-sizes", action="store_true", help="pass --even-sizes")
    parser.add_argument("--balance", default="", help="pass --balance COLUMNS")
    parser.add_argument("--balance-weight", type=float, default=None, help="pass it on")
    args = parser.parse_args()
    rng = random.Random(7)
    rows = people(args.people, rng)
    conflict_pairs = conflicts(args.conflicts, args.people, rng)
    earlier = history(args.people, rng)
    palg = Path(sys.executable).with_name("palg")
    with tempfile.TemporaryDirectory(prefix="palg-group-bench-") as tmp:
        folder = Path(tmp)
        write(folder / "people.csv", HEADER, rows)
        write(folder / "conflicts.csv", ["a_id", "b_id"], conflict_pairs)
        write(folder / "history.csv", ["participant_id", "round", "group"], earlier)
        command = [
            str(palg), "group", "people.csv", "--out", "groups.csv",
            "--min-size", "5", "--max-size", "7", "--diversify", DIVERSIFY,
            "--separate", "team", "--no-manager-pairs", "--conflicts", "conflicts.csv",
            "--history", "history.csv", "--availability", "availability",
            "--seconds", str(args.seconds), "--seed", str(args.seed),
        ] + (["--even-sizes"] if args.even_sizes else [])  # fmt: skip
        if args.balance:
            command += ["--balance", args.balance]
        if args.balance_weight is not None:
            command += ["--balance-weight", str(args.balance_weight)]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if done.returncode != 0:
            sys.exit(f"palg group failed ({done.returncode}):\n{done.stderr}")
        broken = check(folder, rows, conflict_pairs, earlier, 5, 7)
    summary = done.stdout.splitlines()
    print(
        f"{args.people:,} people, {len(conflict_pairs):,} conflicts, "
        f"--seconds {args.seconds:g} (budget of the whole command)"
    )
    print(f"palg group: {wall:.1f} s wall, peak memory {peak_mb:,.0f} MB")
    print("\n".join(line for line in summary if not line.startswith("  Group ")))
    print("independent check of GROUPS.csv:")
    for rule, count in broken.items():
        print(f"  {rule}: {count}")
    if any(broken.values()):
        sys.exit("some rule is broken")


if __name__ == "__main__":
    main()
