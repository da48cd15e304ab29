"""Files as spreadsheets really write them: semicolons or tabs between columns, line breaks
inside values, and one category spelled in several ways."""

from palg.people.csvfile import (
    MSG_MIXED_SEPARATORS,
    MSG_ONE_COLUMN,
    MSG_RESPELLED,
    Respelling,
)
from palg.people.importing import (
    MSG_DUPLICATE_EMAIL,
    MSG_EMAIL_TAKEN,
    MSG_FIELD_COUNT,
    MSG_NOT_UTF8,
    REQUIRED_COLUMNS,
    ImportProblem,
    people_import_for_organisation,
)
from palg.people.models import Person
from tests.people.helpers import BASE, import_problems, make_csv, person

NEW_ROW = [BASE[0][column] for column in REQUIRED_COLUMNS]


def separated_by(separator: str, *rows: dict[str, str]) -> bytes:
    """The rows under the required header, joined by `separator` (no value contains it)."""
    lines = [separator.join(REQUIRED_COLUMNS)]
    lines += [separator.join(row[column] for column in REQUIRED_COLUMNS) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def run(cast, data: bytes):
    return people_import_for_organisation(organisation=cast.org, data=data)


def test_it_reads_a_semicolon_separated_file_as_european_excel_saves_csv_utf8(cast):
    data = b"\xef\xbb\xbf" + separated_by(";", *BASE)
    report = run(cast, data)
    assert (report.created, report.updated) == (1, 1)
    nadia = Person.objects.get(organisation=cast.org, external_id="N1")
    assert (nadia.email, nadia.location) == ("nadia.new@acme.example", "Leeds")


def test_it_reads_a_tab_separated_file(cast):
    report = run(cast, separated_by("\t", *BASE))
    assert (report.created, report.updated) == (1, 1)


def test_it_keeps_semicolons_inside_quoted_values_of_a_semicolon_separated_file(cast):
    header = ";".join([*REQUIRED_COLUMNS, "availability"])
    row = ";".join(NEW_ROW) + ';"mon-am;thu-pm"'
    run(cast, f"{header}\n{row}\n".encode())
    nadia = Person.objects.get(organisation=cast.org, external_id="N1")
    assert nadia.availability == ["mon-am", "thu-pm"]


def test_it_names_semicolons_when_a_row_of_a_semicolon_file_has_the_wrong_field_count(cast):
    data = separated_by(";", *BASE) + b"N2;Nell\r\n"
    problems = import_problems(cast.org, data)
    message = MSG_FIELD_COUNT.format(found=2, expected=9, separators="semicolons")
    assert problems == [ImportProblem(4, None, message)]


def test_it_says_the_header_is_one_column_when_no_known_separator_splits_it(cast):
    data = separated_by("|", *BASE)
    problems = import_problems(cast.org, data)
    header = "|".join(REQUIRED_COLUMNS)
    shown = header[:60] + "…"
    assert problems == [ImportProblem(1, None, MSG_ONE_COLUMN.format(header=shown))]


def test_it_refuses_a_header_with_as_many_commas_as_semicolons(cast):
    data = b"id,name;email\nN1,Nadia;n@acme.example\n"
    problems = import_problems(cast.org, data)
    message = MSG_MIXED_SEPARATORS.format(first="commas", second="semicolons")
    assert problems == [ImportProblem(None, None, message)]


def test_the_not_utf8_error_counts_rows_not_lines_after_a_value_with_line_breaks(cast):
    text = make_csv(
        person("N1", "Nadia New", "nadia.new@acme.example", team="Line one\nline two\nthree"),
        person("N2", "Zoë Nouvel", "zoe@acme.example"),
    ).decode()
    latin1 = text.encode("latin-1")
    offset = latin1.index("ë".encode("latin-1"))
    problems = import_problems(cast.org, latin1)
    assert problems == [ImportProblem(3, None, MSG_NOT_UTF8.format(offset=offset, row=3))]


def test_the_not_utf8_error_names_the_row_when_the_byte_is_inside_a_quoted_value(cast):
    text = make_csv(person("N1", "Nadia New", "nadia.new@acme.example", team="Ops,\nZoë")).decode()
    latin1 = text.encode("latin-1")
    offset = latin1.index("ë".encode("latin-1"))
    problems = import_problems(cast.org, latin1)
    assert problems == [ImportProblem(2, None, MSG_NOT_UTF8.format(offset=offset, row=2))]


def test_it_reads_spellings_of_a_category_that_differ_in_case_as_the_first_one(cast):
    rows = [
        person("N1", "Nadia", "nadia@acme.example", seniority="Senior Manager", languages="EN"),
        person("N2", "Nell", "nell@acme.example", seniority="Senior manager", languages="en"),
        person("N3", "Ned", "ned@acme.example", seniority="senior  MANAGER", languages="En"),
        person("N4", "Noa", "noa@acme.example", seniority="Senior manager"),
    ]
    report = run(cast, make_csv(*rows))
    people = Person.objects.filter(organisation=cast.org, external_id__startswith="N")
    assert set(people.values_list("seniority", flat=True)) == {"Senior Manager"}
    assert {p.attributes.get("languages") for p in people} == {"EN", None}
    assert report.respellings == [
        Respelling("seniority", "Senior manager", "Senior Manager", (3, 5)),
        Respelling("seniority", "senior  MANAGER", "Senior Manager", (4,)),
        Respelling("languages", "en", "EN", (3,)),
        Respelling("languages", "En", "EN", (4,)),
    ]
    assert report.respellings[0].describe() == MSG_RESPELLED.format(
        column="seniority", variant="Senior manager", kept="Senior Manager", rows="3 and 5", s="s"
    )


def test_a_partial_file_keeps_the_spelling_of_the_people_it_leaves_alone(cast):
    run(cast, make_csv(person("N1", "Nadia", "nadia@acme.example", seniority="Senior Manager")))
    report = run(
        cast, make_csv(person("N2", "Nell", "nell@acme.example", seniority="SENIOR manager"))
    )
    assert Person.objects.get(external_id="N2").seniority == "Senior Manager"
    assert report.respellings == [Respelling("seniority", "SENIOR manager", "Senior Manager", (2,))]


def test_a_file_of_everyone_can_correct_the_spelling_of_a_category(cast):
    run(cast, make_csv(person("N1", "Nadia", "nadia@acme.example", seniority="senior manager")))
    run(cast, make_csv(person("N1", "Nadia", "nadia@acme.example", seniority="Senior Manager")))
    assert Person.objects.get(external_id="N1").seniority == "Senior Manager"


def test_it_reports_an_email_on_two_rows_once_naming_both(cast):
    holder = Person.objects.get(organisation=cast.org, email__iexact="bob@acme.example")
    again = person(holder.external_id, holder.name, "bob@acme.example")
    data = make_csv(*BASE, again, person("N2", "Nell", "BOB@acme.example"))
    problems = import_problems(cast.org, data)
    message = MSG_DUPLICATE_EMAIL.format(value="bob@acme.example", rows="4 and 5")
    assert problems == [ImportProblem(5, "email", message)]


def test_an_email_of_someone_outside_the_file_on_two_rows_is_taken_once_and_repeated_once(cast):
    rows = [person("N2", "Nell", "BOB@acme.example"), person("N3", "Ned", "bob@acme.example")]
    problems = import_problems(cast.org, make_csv(*BASE, *rows))
    holder = Person.objects.get(organisation=cast.org, email__iexact="bob@acme.example")
    taken = MSG_EMAIL_TAKEN.format(
        value="BOB@acme.example", name=holder.name, external_id=holder.external_id
    )
    repeated = MSG_DUPLICATE_EMAIL.format(value="BOB@acme.example", rows="4 and 5")
    assert problems == [ImportProblem(4, "email", taken), ImportProblem(5, "email", repeated)]
