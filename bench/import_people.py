"""Time the people import on 10,000 rows with SQLite: a fresh import, a re-import of the same
file (nothing changes) and a re-import where one row in ten changes.

Run with `.venv/bin/python bench/import_people.py [--rows N]`. It sets Django up itself on a
throwaway data folder, so it never touches a real database.
"""

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

FUNCTIONS = {
    "Finance": ["Planning", "Treasury", "Tax", "Audit"],
    "Operations": ["Supply Chain", "Customer Service", "Facilities", "Logistics"],
    "Technology": ["Platform", "Data", "Security", "Service Desk"],
    "HR": ["Learning", "Reward", "Recruitment", "Employee Relations"],
    "Sales": ["Enterprise", "Retail", "Partnerships", "Marketing"],
}
LOCATIONS = ["London", "Leeds", "Manchester", "Bristol", "Edinburgh", "Birmingham", "Remote"]
LEVELS = ["Executive", "Director", "Senior Manager", "Manager", "Team Lead", "Specialist"]
SLOTS = ["mon-am", "mon-pm", "tue-am", "tue-pm", "wed-am", "wed-pm", "thu-am", "thu-pm", "fri-am"]
LANGUAGES = ["English", "French", "German", "Polish", "Urdu", "Spanish", "Mandarin", "Welsh"]
HEADER = [
    "id",
    "name",
    "email",
    "manager_id",
    "team",
    "function",
    "department",
    "location",
    "seniority",
    "gender",
    "tenure_years",
    "availability",
    "languages",
]


def people_rows(count: int, seed: int = 7) -> list[list[str]]:
    """A realistic tree: one chief executive, then each person reports to someone one level up
    (about six reports per manager)."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        function = rng.choice(list(FUNCTIONS))
        level = min(len(LEVELS) - 1, _depth(index))
        manager = "" if index == 0 else f"P{(index - 1) // 6:05d}"
        rows.append(
            [
                f"P{index:05d}",
                f"Person {index:05d}",
                f"person.{index:05d}@example.com",
                manager,
                rng.choice(FUNCTIONS[function]),
                function,
                function,
                rng.choice(LOCATIONS),
                LEVELS[level],
                rng.choice(["female", "male", "non-binary", ""]),
                str(round(rng.uniform(0, 25), 1)),
                ";".join(sorted(rng.sample(SLOTS, 2))),
                ", ".join(rng.sample(LANGUAGES, rng.randint(1, 3))),
            ]
        )
    return rows


def _depth(index: int) -> int:
    depth = 0
    while index > 0:
        index = (index - 1) // 6
        depth += 1
    return depth


def to_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def setup_django(data_dir: str) -> None:
    os.environ["PALG_DATA_DIR"] = data_dir
    os.environ["DB"] = "sqlite"
    os.environ.pop("DB_NAME", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "palg.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--no-input", "--verbosity", "0")


def timed(label: str, organisation, data: bytes) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from palg.people.importing import people_import_for_organisation

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        report = people_import_for_organisation(organisation=organisation, data=data)
        seconds = time.perf_counter() - started
    print(
        f"{label:<32} {seconds:6.2f} s  {len(queries):>4} queries   created {report.created:>6}  "
        f"updated {report.updated:>6}  unchanged {report.unchanged:>6}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="palg-bench-") as data_dir:
        setup_django(data_dir)
        from palg.people.models import Organisation

        organisation = Organisation.objects.create(name="Bench", slug="bench")
        rows = people_rows(args.rows)
        data = to_csv(rows)
        python = sys.version.split()[0]
        print(f"{args.rows:,} rows, {len(data) / 1e6:.1f} MB CSV, SQLite, Python {python}")
        timed("fresh import", organisation, data)
        timed("re-import, unchanged", organisation, data)
        for row in rows[::10]:
            row[4] = f"{row[4]} (renamed)"
        timed("re-import, 1 row in 10 changed", organisation, to_csv(rows))
        print(f"data folder: {Path(data_dir)} (removed on exit)")


if __name__ == "__main__":
    main()
