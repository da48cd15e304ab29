"""Problems with the file as a whole: size, encoding, emptiness, header and row shape."""

from palg.people.importing import (
    MSG_BLANK_COLUMN,
    MSG_DUPLICATE_COLUMN,
    MSG_EMPTY_FILE,
    MSG_FIELD_COUNT,
    MSG_MISSING_COLUMN,
    MSG_NO_ROWS,
    MSG_NOT_UTF8,
    MSG_TOO_LARGE,
    MSG_UNREADABLE_CSV,
    REQUIRED_COLUMNS,
    ImportProblem,
)
from tests.people.helpers import BASE, import_problems, make_csv, person

HEADER = ",".join(REQUIRED_COLUMNS)


def test_it_rejects_a_file_over_the_size_limit(cast, settings):
    data = make_csv(*BASE)
    settings.IMPORT_MAX_BYTES = len(data) - 1
    problems = import_problems(cast.org, data)
    assert problems == [ImportProblem(None, None, MSG_TOO_LARGE.format(limit=len(data) - 1))]


def test_it_accepts_a_file_exactly_at_the_size_limit(cast, settings):
    from palg.people.importing import people_import_for_organisation

    data = make_csv(*BASE)
    settings.IMPORT_MAX_BYTES = len(data)
    report = people_import_for_organisation(organisation=cast.org, data=data)
    assert (report.created, report.updated) == (1, 1)


def test_it_rejects_a_latin1_file_naming_the_byte_offset_and_row(cast):
    data = make_csv(*BASE, person("N2", "Zoë Nouvel", "zoe@acme.example"))
    latin1 = data.decode().encode("latin-1")
    offset = latin1.index("ë".encode("latin-1"))
    problems = import_problems(cast.org, latin1)
    assert problems == [ImportProblem(4, None, MSG_NOT_UTF8.format(offset=offset, row=4))]


def test_it_rejects_a_utf16_file(cast):
    data = make_csv(*BASE).decode().encode("utf-16")
    problems = import_problems(cast.org, data)
    assert problems == [ImportProblem(1, None, MSG_NOT_UTF8.format(offset=0, row=1))]


def test_it_counts_the_byte_offset_from_the_start_of_a_file_with_a_bom(cast):
    data = b"\xef\xbb\xbf" + HEADER.encode() + b"\nN2,Ren\xe9,rene@acme.example,,,,,,\n"
    offset = data.index(b"\xe9")
    problems = import_problems(cast.org, data)
    assert problems == [ImportProblem(2, None, MSG_NOT_UTF8.format(offset=offset, row=2))]


def test_it_rejects_an_empty_file(cast):
    assert import_problems(cast.org, b"") == [ImportProblem(None, None, MSG_EMPTY_FILE)]


def test_it_rejects_a_file_of_blank_lines_and_a_bom(cast):
    data = b"\xef\xbb\xbf\n  \r\n"
    assert import_problems(cast.org, data) == [ImportProblem(None, None, MSG_EMPTY_FILE)]


def test_it_rejects_a_file_with_only_a_header(cast):
    data = (HEADER + "\n,,,,,,,,\n\n").encode()
    assert import_problems(cast.org, data) == [ImportProblem(None, None, MSG_NO_ROWS)]


def test_it_reports_every_missing_required_column(cast):
    columns = [c for c in REQUIRED_COLUMNS if c not in ("team", "seniority")]
    problems = import_problems(cast.org, make_csv(*BASE, columns=columns))
    assert problems == [
        ImportProblem(1, "team", MSG_MISSING_COLUMN.format(column="team")),
        ImportProblem(1, "seniority", MSG_MISSING_COLUMN.format(column="seniority")),
    ]


def test_it_rejects_a_column_named_twice_ignoring_case_and_spaces(cast):
    data = (HEADER + ", Team \n" + "N2,Nell,nell@acme.example,,Ops,,,,,Ops\n").encode()
    problems = import_problems(cast.org, data)
    assert problems == [ImportProblem(1, "team", MSG_DUPLICATE_COLUMN.format(column="team"))]


def test_it_rejects_a_column_without_a_name(cast):
    data = (HEADER + ",\n" + "N2,Nell,nell@acme.example,,,,,,,x\n").encode()
    problems = import_problems(cast.org, data)
    assert problems == [ImportProblem(1, None, MSG_BLANK_COLUMN.format(position=10))]


def test_it_rejects_rows_with_too_few_or_too_many_fields(cast):
    rows = (
        make_csv(*BASE).decode()
        + "N2,Nell,nell@acme.example\nN3,Ned,ned@acme.example,,,,,,,extra\n"
    )
    problems = import_problems(cast.org, rows.encode())
    assert problems == [
        ImportProblem(4, None, MSG_FIELD_COUNT.format(found=3, expected=9, separators="commas")),
        ImportProblem(5, None, MSG_FIELD_COUNT.format(found=10, expected=9, separators="commas")),
    ]


def test_it_still_knows_the_id_on_a_row_with_the_wrong_field_count(cast):
    # N3 reports to N2, whose row is malformed: only the malformed row is reported.
    rows = make_csv(*BASE, person("N3", "Ned", "ned@acme.example", manager_id="N2")).decode()
    rows += "N2,Nell,nell@acme.example\n"
    problems = import_problems(cast.org, rows.encode())
    assert problems == [
        ImportProblem(5, None, MSG_FIELD_COUNT.format(found=3, expected=9, separators="commas"))
    ]


def test_it_rejects_a_field_too_large_to_read_as_csv(cast):
    huge = "x" * 200_000
    data = make_csv(*BASE, person("N2", "Nell", "nell@acme.example", team=huge))
    problems = import_problems(cast.org, data)
    error = "field larger than field limit (131072)"
    assert problems == [ImportProblem(4, None, MSG_UNREADABLE_CSV.format(error=error))]
