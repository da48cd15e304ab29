"""Reading PARTICIPANTS, CONFLICTS and HISTORY files for `palg group`, and writing GROUPS.csv."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from palg.grouping import csvio
from palg.grouping.csvio import InputError
from palg.people import csvfile

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "people.csv"


@pytest.fixture
def write(tmp_path):
    def write(text: str | bytes, name: str = "people.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        return path

    return write


def problems(call, *args):
    with pytest.raises(InputError) as error:
        call(*args)
    return error.value.problems


def test_it_reads_the_people_import_example():
    people = csvio.read_participants(EXAMPLE)
    assert len(people.ids) == 20
    assert people.ids[1] == "H1002"
    assert people.manager_ids[1] == "H1001"
    assert people.availability[1] == ["tue-pm", "thu-pm"]
    assert people.columns["languages"][0] == "English, Igbo"
    assert people.rows[:2] == [2, 3]


def test_it_matches_columns_ignoring_case_and_spaces_and_skips_a_byte_order_mark(write):
    path = write(b"\xef\xbb\xbf Id ,NAME, Availability \n p1 , Ann ,Thu-PM; mon-am\n\n")
    people = csvio.read_participants(path)
    assert people.ids == ["p1"]
    assert people.names == ["Ann"]
    assert people.availability == [["mon-am", "thu-pm"]]
    assert people.manager_ids == [""]


def test_it_reports_every_problem_with_its_row_and_column(write):
    path = write("id,name,availability\np1,Ann,mon-am\n,Bob,\np1,Cat,someday\np4,Dan\n")
    assert problems(csvio.read_participants, path) == [
        "people.csv, row 3, column id: " + csvio.MSG_REQUIRED_VALUE,
        "people.csv, row 4, column id: " + csvio.MSG_DUPLICATE_ID.format(value="p1", first_row=2),
        "people.csv, row 4, column availability: "
        + csvio.MSG_BAD_SLOT.format(
            token="someday", days="mon, tue, wed, thu, fri, sat, sun", parts="am, pm, eve"
        ),
        "people.csv, row 5: "
        + csvio.MSG_FIELD_COUNT.format(found=2, expected=3, separators="commas"),
    ]


def test_it_stops_at_a_header_without_the_required_columns(write):
    path = write("ID,full name,,ID\np1,Ann,x,p1\n")
    assert problems(csvio.read_participants, path) == [
        "people.csv, row 1: " + csvio.MSG_BLANK_COLUMN.format(position=3),
        "people.csv, row 1, column id: " + csvio.MSG_DUPLICATE_COLUMN.format(column="id"),
        "people.csv, row 1, column name: " + csvio.MSG_MISSING_COLUMN.format(column="name"),
    ]


def test_it_refuses_a_file_that_is_not_utf8(write):
    path = write("id,name\np1,Zo\xeb\n".encode("cp1252"))
    assert problems(csvio.read_participants, path) == [
        "people.csv, row 2: " + csvio.MSG_NOT_UTF8.format(offset=13, row=2)
    ]


def test_it_refuses_an_empty_file_and_a_file_with_only_a_header(write):
    assert problems(csvio.read_participants, write(" \n\n")) == [
        "people.csv: " + csvio.MSG_EMPTY_FILE
    ]
    assert problems(csvio.read_participants, write("id,name\n")) == [
        "people.csv: " + csvio.MSG_NO_ROWS
    ]


def test_it_reads_a_numeric_column_and_names_each_bad_number(write):
    people = csvio.read_participants(write("id,name,tenure_years\na,A,3\nb,B,\nc,C,2.5\n"))
    assert csvio.numbers(people, "tenure_years", "--diversify") == [3.0, None, 2.5]
    people = csvio.read_participants(write("id,name,tenure_years\na,A,ten\nb,B,nan\n"))
    assert problems(csvio.numbers, people, "tenure_years", "--diversify") == [
        "people.csv, row 2, column tenure_years: " + csvio.MSG_BAD_NUMBER.format(value="ten"),
        "people.csv, row 3, column tenure_years: " + csvio.MSG_BAD_NUMBER.format(value="nan"),
    ]


def test_it_names_the_option_that_asks_for_a_missing_column(write):
    people = csvio.read_participants(write("id,name\na,A\n"))
    assert problems(csvio.column_of, people, "Team", "--separate") == [
        "people.csv: " + csvio.MSG_NO_COLUMN.format(column="team", option="--separate")
    ]


def test_it_reads_slots_from_any_column(write):
    people = csvio.read_participants(write("id,name,free\na,A,tue-pm;mon-am\nb,B,noon\n"))
    assert problems(csvio.slot_lists, people, "free", "--availability")[0].startswith(
        "people.csv, row 3, column free: “noon” is not an availability slot."
    )


def test_it_reads_conflict_pairs_ignoring_other_columns(write):
    path = write("A_ID,b_id,reason\nx,y,reorganisation\ny,z,\n", "conflicts.csv")
    assert csvio.read_pairs(path) == [("x", "y"), ("y", "z")]


def test_it_rejects_a_conflict_with_oneself_or_a_missing_id(write):
    path = write("a_id,b_id\nx,x\n,y\n", "conflicts.csv")
    assert problems(csvio.read_pairs, path) == [
        "conflicts.csv, row 2, column b_id: " + csvio.MSG_SAME_PERSON.format(value="x"),
        "conflicts.csv, row 3, column a_id: " + csvio.MSG_REQUIRED_VALUE,
    ]


def test_it_reads_history_rows_with_whole_round_numbers(write):
    path = write("participant_id,round,group\nx,1,A\ny,1,A\nx,2,3\n", "history.csv")
    assert csvio.read_history(path) == [("x", 1, "A"), ("y", 1, "A"), ("x", 2, "3")]
    path = write("participant_id,round,group\nx,one,A\ny,1,\n", "history.csv")
    assert problems(csvio.read_history, path) == [
        "history.csv, row 2, column round: " + csvio.MSG_BAD_ROUND.format(value="one"),
        "history.csv, row 3, column group: " + csvio.MSG_REQUIRED_VALUE,
    ]


def test_it_writes_groups_numbered_from_one_with_their_slot(tmp_path):
    path = tmp_path / "groups.csv"
    csvio.write_groups(path, ["a", "b", "c", "d"], [1, 0, 1, 0], [0, -1], ["tue-pm"])
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["participant_id", "group", "slot"],
        ["b", "1", "tue-pm"],
        ["d", "1", "tue-pm"],
        ["a", "2", ""],
        ["c", "2", ""],
    ]


def test_it_reads_an_earlier_groups_file_as_history(write):
    path = write("participant_id,group,slot\nx,1,tue-pm\ny,1,tue-pm\nz,2,\n", "groups.csv")
    assert csvio.read_history(path) == [("x", 0, "1"), ("y", 0, "1"), ("z", 0, "2")]


def test_reading_files_for_palg_group_imports_no_django():
    # palg.people.csvfile is shared with the people import, which needs Django; the shared part
    # must not, or `palg group` would need a database.
    script = (
        "import sys, palg.people.csvfile, palg.grouping.csvio, palg.grouping.forming\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'django')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""


def test_it_reads_files_as_the_people_import_does(write):
    # One parser for both: the same rows, columns and field-count problems, worded per caller.
    data = b"\xef\xbb\xbfId,Name,,email\np1,Ann,x,a@x\n\np2,Bob\n"
    table = csvfile.read(data, ("id", "name"))
    assert table.columns == ["id", "name", "", "email"]
    assert [row.number for row in table.rows] == [2]
    assert table.loose_values("id") == {"p2"}
    assert table.problems == [
        csvfile.Problem(1, None, csvfile.MSG_BLANK_COLUMN.format(position=3)),
        csvfile.Problem(
            4, None, csvfile.MSG_FIELD_COUNT.format(found=2, expected=4, separators="commas")
        ),
    ]
    assert problems(csvio.read_participants, write(data)) == [
        "people.csv, row 1: " + csvfile.MSG_BLANK_COLUMN.format(position=3),
        "people.csv, row 4: "
        + csvfile.MSG_FIELD_COUNT.format(found=2, expected=4, separators="commas"),
    ]


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]


def test_it_quotes_ids_a_spreadsheet_would_run_as_formulas_in_groups_csv(tmp_path):
    path = tmp_path / "groups.csv"
    ids = [*FORMULAS, "plain"]
    csvio.write_groups(path, ids, [0] * len(ids), [], [])
    with path.open(newline="") as handle:
        written = [row[0] for row in list(csv.reader(handle))[1:]]
    assert written == [*("'" + value for value in FORMULAS), "plain"]


def test_an_earlier_groups_file_with_quoted_formula_ids_reads_back_as_the_ids(tmp_path):
    path = tmp_path / "groups.csv"
    csvio.write_groups(path, FORMULAS, [0] * len(FORMULAS), [], [])
    assert [person for person, _, _ in csvio.read_history(path)] == FORMULAS


def test_every_csv_writer_in_palg_goes_through_the_spreadsheet_safe_helper():
    source = Path(__file__).resolve().parents[2] / "src"
    helper = source / "palg" / "people" / "csvfile.py"
    writers = [
        path.relative_to(source).as_posix()
        for path in source.rglob("*.py")
        if path != helper and ("csv.writer" in path.read_text() or "DictWriter" in path.read_text())
    ]
    assert writers == []


def test_it_reads_spellings_of_a_category_differing_only_in_case_as_the_first(write):
    path = write("id,name,seniority,email\na,A,Senior Manager,A@x\nb,B,senior manager,a@x\n")
    people = csvio.read_participants(path)
    assert people.columns["seniority"] == ["Senior Manager", "Senior Manager"]
    assert people.columns["email"] == ["A@x", "a@x"]


def test_it_reads_a_semicolon_separated_participants_file(write):
    people = csvio.read_participants(write("id;name;team\na;Ann;Ops\nb;Bo;Sales\n"))
    assert people.columns["team"] == ["Ops", "Sales"]
