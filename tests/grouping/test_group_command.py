"""`palg group`: from a people file to GROUPS.csv that keeps every rule, with a readable summary,
and plain reasons when no grouping is possible."""

import csv
import os
import subprocess
import sys
from collections import Counter, defaultdict
from itertools import combinations

import numpy as np
import pytest
from typer.testing import CliRunner

from palg.cli import app
from palg.commands import group as command
from palg.grouping import csvio, forming
from palg_grouping import report

runner = CliRunner()

FUNCTIONS = ["Finance", "Operations", "Technology", "HR", "Sales"]
LOCATIONS = ["Leeds", "London", "York", "Remote"]
SLOTS = ["mon-am", "tue-pm", "wed-am", "thu-pm"]
HEADER = "id,name,email,manager_id,team,function,department,location,seniority,gender,"
HEADER += "tenure_years,availability"


def people_rows(count=43):
    """A chief executive, six directors and six reports each; a team is a manager's reports.
    Everyone is free in three of four slots."""
    rows = []
    for i in range(count):
        manager = "" if i == 0 else "P00" if i <= 6 else f"P{(i - 7) // 6 + 1:02d}"
        slots = ";".join(s for k, s in enumerate(SLOTS) if k != i % 4)
        level = "Executive" if i == 0 else "Director" if i <= 6 else "Manager"
        rows.append(
            f"P{i:02d},Person {i},p{i}@example.com,{manager},T-{manager or 'top'},"
            f"{FUNCTIONS[i % 5]},Dept {i % 3},{LOCATIONS[i % 4]},{level},"
            f"{'f' if i % 2 else 'm'},{i % 11},{slots}"
        )
    return rows


@pytest.fixture
def files(tmp_path):
    def write(name, lines):
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n")
        return str(path)

    return write


def run(*args):
    return runner.invoke(app, ["group", *map(str, args)])


def read_groups(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_it_forms_groups_that_keep_every_rule(files, tmp_path):
    people = files("people.csv", [HEADER, *people_rows()])
    conflicts = files("conflicts.csv", ["a_id,b_id", "P07,P13", "P08,P20", "P40,P41"])
    # An earlier round in which P07-P11, P12-P17, ... sat together: each group mixes two teams.
    history = files(
        "history.csv",
        ["participant_id,round,group", *(f"P{i:02d},1,{i // 6}" for i in range(7, 43))],
    )
    earlier_pairs = sum(k * (k - 1) // 2 for k in (5, 6, 6, 6, 6, 6, 1))
    out = tmp_path / "groups.csv"
    result = run(
        people, "--out", out, "--min-size", 5, "--max-size", 7,
        "--diversify", "function,department,location,seniority,gender,tenure_years",
        "--separate", "team", "--no-manager-pairs", "--conflicts", conflicts,
        "--history", history, "--availability", "availability", "--seconds", 1, "--seed", 1,
    )  # fmt: skip
    assert result.exit_code == 0, result.output

    rows = read_groups(out)
    assert sorted(row["participant_id"] for row in rows) == [f"P{i:02d}" for i in range(43)]
    group_of = {row["participant_id"]: row["group"] for row in rows}
    members = defaultdict(list)
    for row in rows:
        members[row["group"]].append(row["participant_id"])
    assert all(5 <= len(people) <= 7 for people in members.values())

    participants = csvio.read_participants(people)
    info = dict(zip(participants.ids, range(43), strict=True))
    for person, manager in zip(participants.ids, participants.manager_ids, strict=True):
        if manager:
            assert group_of[person] != group_of[manager], "a manager is with their report"
    for ids in members.values():
        teams = [participants.columns["team"][info[p]] for p in ids]
        assert len(set(teams)) == len(teams), "two people from one team share a group"
        earlier = [int(p[1:]) // 6 for p in ids if int(p[1:]) >= 7]
        assert len(set(earlier)) == len(earlier), "two people from an earlier group meet again"
        for a, b in combinations(ids, 2):
            assert {a, b} not in ({"P07", "P13"}, {"P08", "P20"}, {"P40", "P41"})
        (slot,) = {row["slot"] for row in rows if row["participant_id"] in ids}
        assert all(slot in participants.availability[info[p]] for p in ids)

    lines = result.stdout.splitlines()
    assert lines[0].startswith("43 people in ")
    rule_lines = [line for line in lines if line.endswith(" violations")]
    assert len(rule_lines) == 7
    assert all(line.endswith(": 0 violations") for line in rule_lines)
    assert "  manager and direct report apart (42 pairs): 0 violations" in lines
    assert (
        f"  no one meets an earlier group-mate again ({earlier_pairs} pairs): 0 violations" in lines
    )
    assert any("5 functions" in line and "no two from the same team" in line for line in lines)
    assert lines[-1] == command.MSG_WROTE.format(path=out)


def test_it_explains_a_team_too_big_to_keep_apart_and_exits_with_1(files, tmp_path):
    rows = people_rows(40)
    rows = [row.replace(",T-P01,", ",T-12,").replace(",T-P02,", ",T-12,") for row in rows]
    people = files("people.csv", [HEADER, *rows])
    result = run(people, "--out", tmp_path / "g.csv", "--separate", "team", "--seconds", 1)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        command.MSG_INFEASIBLE,
        "- team T-12 has 12 members but only 8 groups can be formed.",
        "- Keeping them apart needs at least 12 groups: groups of 3-4 would allow that, or relax "
        "the rule that keeps them apart.",
    ]
    assert not (tmp_path / "g.csv").exists()


def test_it_explains_a_size_range_no_number_of_groups_fits(files, tmp_path):
    people = files("people.csv", [HEADER, *people_rows(9)])
    result = run(people, "--out", tmp_path / "g.csv", "--min-size", 5, "--max-size", 7)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        command.MSG_INFEASIBLE,
        "- 9 people cannot be split into groups of 5-7.",
    ]


def test_it_names_people_when_availability_makes_groups_impossible(files, tmp_path):
    rows = people_rows(12)
    rows[3] = rows[3].rsplit(",", 1)[0] + ",fri-am"
    people = files("people.csv", [HEADER, *rows])
    result = run(
        people, "--out", tmp_path / "g.csv", "--min-size", 3, "--max-size", 4,
        "--availability", "availability",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1] == (
        "- Person 3 (P03) can meet only on Fri am, when at most 1 person is free: too few for "
        "a group of at least 3."
    )


def test_it_reports_bad_input_with_row_and_column_and_exits_with_1(files, tmp_path):
    rows = people_rows(12)
    rows[4] = rows[4].rsplit(",", 1)[0] + ",someday"
    people = files("people.csv", [HEADER, *rows])
    result = run(people, "--out", tmp_path / "g.csv", "--availability", "availability")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "people.csv, row 6, column availability: “someday” is not an availability slot."
    )


def test_it_names_an_option_whose_column_is_missing(files, tmp_path):
    people = files("people.csv", ["id,name", *(f"p{i},P {i}" for i in range(10))])
    result = run(people, "--out", tmp_path / "g.csv", "--diversify", "function")
    assert result.exit_code == 1
    assert result.stderr.strip() == "people.csv: " + csvio.MSG_NO_COLUMN.format(
        column="function", option="--diversify"
    )


def test_it_refuses_a_maximum_below_the_minimum(files, tmp_path):
    people = files("people.csv", [HEADER, *people_rows(12)])
    result = run(people, "--out", tmp_path / "g.csv", "--min-size", 5, "--max-size", 4)
    assert result.exit_code == 1
    assert result.stderr.strip() == command.MSG_SIZES.format(low=5, high=4)


def test_it_notes_ids_in_other_files_that_are_not_participants(files, tmp_path):
    people = files("people.csv", [HEADER, *people_rows(12)])
    conflicts = files("conflicts.csv", ["a_id,b_id", "P01,Z99", "P02,P03"])
    out = tmp_path / "g.csv"
    result = run(
        people, "--out", out, "--min-size", 3, "--max-size", 4, "--conflicts", conflicts,
        "--seconds", 0.2,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == forming.MSG_UNKNOWN_IDS.format(
        count=1, file="conflicts.csv", ids="Z99"
    )
    assert "  declared conflicts apart (1 pairs): 0 violations" in result.stdout.splitlines()


def test_slots_read_as_a_person_would_say_them():
    assert forming.pretty_slot("tue-pm") == "Tue pm"
    assert forming.pretty_slot("sun-eve") == "Sun eve"


def test_a_second_round_from_the_first_rounds_file_meets_new_people(files, tmp_path):
    people = files("people.csv", [HEADER, *people_rows(30)])
    first, second = tmp_path / "round1.csv", tmp_path / "round2.csv"
    common = ["--min-size", 4, "--max-size", 6, "--separate", "team", "--seconds", 0.3]
    assert run(people, "--out", first, *common).exit_code == 0
    result = run(people, "--out", second, "--history", first, *common)
    assert result.exit_code == 0, result.output
    before = {row["participant_id"]: row["group"] for row in read_groups(first)}
    after = defaultdict(list)
    for row in read_groups(second):
        after[row["group"]].append(before[row["participant_id"]])
    assert all(len(set(earlier)) == len(earlier) for earlier in after.values())


def test_it_notes_people_without_availability(files, tmp_path):
    rows = people_rows(12)
    rows[5] = rows[5].rsplit(",", 1)[0] + ","
    people = files("people.csv", [HEADER, *rows])
    result = run(
        people, "--out", tmp_path / "g.csv", "--min-size", 3, "--max-size", 4,
        "--availability", "availability", "--seconds", 0.2,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == forming.MSG_SILENT_ONE.format(people="Person 5 (P05)")


def test_it_forms_more_groups_when_a_team_needs_them_and_the_sizes_allow(files, tmp_path):
    # 43 people in groups of 5-7 would be 7 groups, but team T-big has 8 members.
    rows = [row.replace(",T-P01,", ",T-big,", 1) for row in people_rows()]
    rows[14] = rows[14].replace(",T-P02,", ",T-big,")
    rows[13] = rows[13].replace(",T-P02,", ",T-big,")
    people = files("people.csv", [HEADER, *rows])
    out = tmp_path / "g.csv"
    result = run(people, "--out", out, "--separate", "team", "--seconds", 0.3)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("43 people in 8 groups: ")


def test_it_keeps_the_rules_with_nothing_to_diversify(files, tmp_path):
    people = files("people.csv", [HEADER, *people_rows(12)])
    result = run(
        people, "--out", tmp_path / "g.csv", "--diversify", "", "--min-size", 3,
        "--max-size", 4, "--no-manager-pairs", "--seconds", 0.2,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "  manager and direct report apart (11 pairs): 0 violations" in result.stdout
    assert "Diversity per attribute:" not in result.stdout
    assert "  Group 1 (4 people): no attribute to compare" in result.stdout.splitlines()


def test_it_refuses_an_output_folder_that_does_not_exist_before_searching(files, tmp_path):
    people = files("people.csv", [HEADER, *people_rows(12)])
    out = tmp_path / "missing" / "g.csv"
    result = run(people, "--out", out, "--min-size", 3, "--max-size", 4)
    assert result.exit_code == 1
    assert result.stderr.strip() == command.MSG_NO_FOLDER.format(path=out, folder=out.parent)


def test_it_runs_without_django_settings(files, tmp_path):
    # `palg group` works on files alone: a broken settings module must not matter.
    people = files("people.csv", [HEADER, *people_rows(12)])
    out = tmp_path / "g.csv"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "no.such.settings"}
    done = subprocess.run(
        [sys.executable, "-m", "palg", "group", people, "--out", str(out), "--min-size", "3",
         "--max-size", "4", "--seconds", "0.2"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(read_groups(out)) == 12


def test_the_search_behind_the_progress_bar_forms_valid_groups(files):
    people = files("people.csv", [HEADER, *people_rows(20)])
    options = forming.GroupOptions(participants=people, min_size=4, max_size=5)
    prepared = forming.prepare(options)
    result = command._solve_with_bar(prepared, seconds=0.3, seed=1)
    assert sorted(np.bincount(result.labels)) == [5, 5, 5, 5]


def test_even_sizes_keep_groups_within_one_of_each_other(files, tmp_path):
    people = files("people.csv", [HEADER, *people_rows(32)])
    out = tmp_path / "g.csv"
    result = run(people, "--out", out, "--even-sizes", "--seconds", 0.3)
    assert result.exit_code == 0, result.output
    sizes = Counter(row["group"] for row in read_groups(out))
    assert sorted(sizes.values()) == [6, 6, 6, 7, 7]
    assert result.stdout.startswith("32 people in 5 groups: 3 groups of 6, 2 groups of 7.")


def test_even_sizes_follow_the_extra_groups_a_big_team_needs(files, tmp_path):
    # Teams of six need six groups for 32 people: sizes 5 and 6, never 7.
    people = files("people.csv", [HEADER, *people_rows(32)])
    out = tmp_path / "g.csv"
    result = run(people, "--out", out, "--even-sizes", "--separate", "team", "--seconds", 0.3)
    assert result.exit_code == 0, result.output
    sizes = Counter(row["group"] for row in read_groups(out))
    assert sorted(sizes.values()) == [5, 5, 5, 5, 6, 6]


def test_it_leaves_slots_out_when_nobody_gave_any(files, tmp_path):
    rows = [row.rsplit(",", 1)[0] + "," for row in people_rows(12)]
    people = files("people.csv", [HEADER, *rows])
    result = run(
        people, "--out", tmp_path / "g.csv", "--min-size", 3, "--max-size", 4,
        "--availability", "availability", "--seconds", 0.2,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == forming.MSG_NO_SLOTS.format(column="availability")
    assert "meeting slot" not in result.stdout


def test_it_balances_a_column_across_groups_and_reports_how_evenly(files, tmp_path):
    people = files("people.csv", [HEADER, *people_rows(30)])
    out = tmp_path / "g.csv"
    result = run(
        people, "--out", out, "--min-size", 5, "--max-size", 5, "--balance", "Gender,tenure_years",
        "--seconds", 0.3,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index(report.MSG_BALANCE)
    # 15 f and 15 m in six groups of 5: 2.5 of each is fair, 2 or 3 is as close as it gets.
    assert lines[start + 1].startswith(
        "  gender: every group within 1 of its fair share of each value (worst 0.50; best "
        "possible 0.50, random groups "
    )
    assert lines[start + 2].startswith("  tenure_years: every group's mean within ")
    assert len(read_groups(out)) == 30


def test_it_names_a_balance_column_that_is_missing(files, tmp_path):
    people = files("people.csv", ["id,name", *(f"p{i},P {i}" for i in range(10))])
    result = run(people, "--out", tmp_path / "g.csv", "--diversify", "", "--balance", "gender")
    assert result.exit_code == 1
    assert result.stderr.strip() == "people.csv: " + csvio.MSG_NO_COLUMN.format(
        column="gender", option="--balance"
    )


def test_the_search_gets_what_is_left_of_the_budget_after_setting_aside_the_set_up():
    # 2 s read and built, 2.5 s gone: 1.5 x 2 s more are set aside for the engine and output.
    assert forming.search_seconds(55, spent=2.5, building=2) == pytest.approx(49.5)
    # Never less than a tenth of the budget, nor than 1 s unless the budget is shorter.
    assert forming.search_seconds(20, spent=15, building=5) == pytest.approx(2.0)
    assert forming.search_seconds(5, spent=4, building=3) == pytest.approx(1.0)
    assert forming.search_seconds(0.3, spent=0.2, building=0.2) == pytest.approx(0.3)


def test_the_search_gets_what_the_budget_leaves_once_the_files_are_read(
    files, tmp_path, monkeypatch
):
    people = files("people.csv", [HEADER, *people_rows(12)])
    budgets, asked = [], []

    def search_seconds(budget, *, spent, building):
        budgets.append((budget, spent, building))
        return 0.25

    def solve(prepared, *, seconds, **options):
        asked.append(seconds)
        return real_solve(prepared, seconds=seconds, **options)

    real_solve = forming.solve
    monkeypatch.setattr(forming, "search_seconds", search_seconds)
    monkeypatch.setattr(forming, "solve", solve)
    result = run(people, "--out", tmp_path / "g.csv", "--min-size", 3, "--max-size", 4,
                 "--seconds", 30)  # fmt: skip
    assert result.exit_code == 0, result.output
    # The clock starts with the command: reading and building come first, then the kernel.
    ((budget, spent, building),) = budgets
    assert budget == 30
    assert 0 < building <= spent
    assert asked == [0.25]
