"""`palg rounds`: from a people file to participant_id,round,group with no pair meeting twice
where possible, a per-round summary, and the repeats it could not avoid."""

import csv
from collections import defaultdict
from itertools import combinations

from typer.testing import CliRunner

from palg.cli import app
from palg.commands import rounds as command
from palg.grouping.csvio import MSG_NO_COLUMN

runner = CliRunner()

FUNCTIONS = ["Finance", "Operations", "Technology", "HR"]
LOCATIONS = ["Leeds", "London", "York", "Remote"]


def people_file(tmp_path, count):
    lines = ["id,name,email,function,location"]
    lines += [
        f"P{i:02d},Person {i},p{i}@example.com,{FUNCTIONS[i % 4]},{LOCATIONS[i // 8 % 4]}"
        for i in range(count)
    ]
    path = tmp_path / "people.csv"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def run(*args):
    return runner.invoke(app, ["rounds", *map(str, args)])


def read_rounds(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_it_writes_9_rounds_for_32_people_in_which_no_pair_meets_twice(tmp_path):
    out = tmp_path / "rounds.csv"
    result = run(people_file(tmp_path, 32), "--rounds", 9, "--min-size", 4, "--max-size", 4,
                 "--seconds", 2, "--diversify", "function,location", "--out", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = read_rounds(out)
    assert list(rows[0]) == ["participant_id", "round", "group"]
    assert len(rows) == 32 * 9
    groups = defaultdict(list)
    for row in rows:
        groups[row["round"], row["group"]].append(row["participant_id"])
    assert sorted(len(people) for people in groups.values()) == [4] * 72
    pairs = [pair for people in groups.values() for pair in combinations(sorted(people), 2)]
    assert len(pairs) == len(set(pairs))
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Round 1: 8 groups (8 of 4); diversity ")
    assert lines[8].startswith("Round 9: 8 groups (8 of 4); diversity ")
    assert command.MSG_NO_REPEATS in lines
    assert lines[-1] == command.MSG_WROTE.format(path=out)


def test_it_lists_the_repeats_it_could_not_avoid_with_their_rounds(tmp_path):
    result = run(people_file(tmp_path, 8), "--rounds", 3, "--min-size", 4, "--max-size", 4,
                 "--seconds", 1)  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # 3 rounds of 2 groups of 4 are 36 meetings among 28 pairs: at least 8 repeats.
    assert command.MSG_REPEATS.format(count=8) in lines
    repeats = [line for line in lines if line.startswith("- ")]
    assert repeats
    assert all(" and " in line and " meet in rounds " in line for line in repeats)
    assert command.MSG_NO_REPEATS not in lines


def test_it_prints_mixed_sizes_when_people_do_not_divide_evenly(tmp_path):
    result = run(people_file(tmp_path, 23), "--rounds", 2, "--min-size", 4, "--max-size", 5,
                 "--seconds", 1)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Round 1: 5 groups (3 of 5, 2 of 4); diversity 0.0")


def test_it_refuses_a_column_the_file_does_not_have(tmp_path):
    result = run(people_file(tmp_path, 8), "--rounds", 2, "--min-size", 4, "--max-size", 4,
                 "--diversify", "team")  # fmt: skip
    assert result.exit_code == 1
    message = MSG_NO_COLUMN.format(column="team", option="--diversify")
    assert result.stderr.strip().endswith(message)


def test_it_refuses_a_size_range_upside_down(tmp_path):
    result = run(people_file(tmp_path, 8), "--rounds", 2, "--min-size", 5, "--max-size", 4)
    assert result.exit_code == 1
    assert result.stderr.strip() == command.MSG_SIZES.format(low=5, high=4)


def test_it_says_why_when_the_people_cannot_fill_groups_of_that_size(tmp_path):
    result = run(people_file(tmp_path, 7), "--rounds", 2, "--min-size", 5, "--max-size", 5)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        command.MSG_INFEASIBLE,
        "- 7 people cannot be split into groups of these sizes (between 5 and 5 in all).",
    ]


def test_it_quotes_ids_a_spreadsheet_would_run_as_formulas_in_rounds_csv(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text('id,name\n"=HYPERLINK(""http://evil.example"")",A\n@x,B\nc,C\nd,D\n')
    out = tmp_path / "rounds.csv"
    result = run(path, "--rounds", 1, "--min-size", 2, "--max-size", 2, "--seconds", 1,
                 "--out", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    ids = {row["participant_id"] for row in read_rounds(out)}
    assert ids == {'\'=HYPERLINK("http://evil.example")', "'@x", "c", "d"}
