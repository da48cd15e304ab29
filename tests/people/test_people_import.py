"""Importing valid files: creating, updating by id, and what is stored for each person."""

from decimal import Decimal

from palg.people.importing import RowChange, people_import_for_organisation
from palg.people.models import Person
from tests.people.helpers import BASE, NEW, directory, make_csv, person


def run(cast, data: bytes, **kwargs):
    return people_import_for_organisation(organisation=cast.org, data=data, **kwargs)


def test_it_creates_new_people_and_updates_existing_ones_by_id(cast):
    report = run(cast, make_csv(*BASE))
    assert (report.rows, report.created, report.updated, report.unchanged) == (2, 1, 1, 0)
    assert report.committed
    nadia = Person.objects.get(organisation=cast.org, external_id="N1")
    assert (nadia.name, nadia.email, nadia.manager, nadia.team) == (
        "Nadia New",
        "nadia.new@acme.example",
        cast.people["admin"],
        "Operations Team",
    )
    alice = Person.objects.get(pk=cast.people["member"].pk)
    assert (alice.team, alice.seniority, alice.manager) == ("Treasury", "Director", nadia)


def test_it_describes_each_row_change(cast):
    report = run(cast, make_csv(*BASE))
    assert report.changes == [
        RowChange(2, "N1", "Nadia New", "create"),
        RowChange(
            3,
            "E5",
            "Alice",
            "update",
            ("team", "function", "department", "seniority", "manager_id"),
        ),
    ]


def test_a_reimport_reports_created_updated_and_unchanged_counts(cast):
    run(cast, make_csv(*BASE))
    renamed = person("N1", "Nadia Newman", "nadia.new@acme.example")
    extra = person("N2", "Nell", "nell@acme.example", manager_id="N1")
    report = run(cast, make_csv(renamed, BASE[1], extra))
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 1, 1, 1)
    assert [change.action for change in report.changes] == ["update", "unchanged", "create"]
    assert report.changes[0].fields == ("name",)
    assert Person.objects.filter(organisation=cast.org).count() == 9 + 2


def test_reimporting_the_same_file_changes_nothing(cast):
    run(cast, make_csv(*BASE))
    before = directory(cast.org)
    report = run(cast, make_csv(*BASE))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert directory(cast.org) == before


def test_a_dry_run_validates_and_reports_but_writes_nothing(cast):
    before = directory(cast.org)
    report = run(cast, make_csv(*BASE), commit=False)
    assert (report.created, report.updated, report.committed) == (1, 1, False)
    assert directory(cast.org) == before


def test_it_keeps_extra_columns_as_attributes(cast):
    row = person("N2", "Nell", "nell@acme.example", languages="English, Welsh", Pronouns="she/her")
    run(cast, make_csv(row))
    nell = Person.objects.get(external_id="N2")
    assert nell.attributes == {"languages": "English, Welsh", "pronouns": "she/her"}


def test_an_empty_extra_cell_removes_that_attribute_and_absent_columns_keep_theirs(cast):
    run(cast, make_csv(person("N2", "Nell", "nell@acme.example", languages="Welsh", desk="4B")))
    report = run(cast, make_csv(person("N2", "Nell", "nell@acme.example", languages="")))
    assert report.changes[0].fields == ("languages",)
    assert Person.objects.get(external_id="N2").attributes == {"desk": "4B"}


def test_it_reads_column_names_ignoring_case_and_surrounding_spaces(cast):
    data = make_csv(NEW).decode().replace("manager_id", " Manager_ID ").replace("email", "EMAIL")
    run(cast, data.encode())
    assert Person.objects.get(external_id="N1").manager == cast.people["admin"]


def test_it_strips_spaces_around_values(cast):
    run(cast, make_csv(person(" N2 ", "  Nell ", " nell@acme.example ", location=" Leeds ")))
    nell = Person.objects.get(external_id="N2")
    assert (nell.name, nell.email, nell.location) == ("Nell", "nell@acme.example", "Leeds")


def test_it_accepts_a_utf8_file_with_a_byte_order_mark(cast):
    report = run(cast, make_csv(person("N2", "Zoë Nouvel", "zoe@acme.example"), bom=True))
    assert report.created == 1
    assert Person.objects.get(external_id="N2").name == "Zoë Nouvel"


def test_it_parses_availability_into_slot_codes(cast):
    row = person("N2", "Nell", "nell@acme.example", availability=" THU-pm ; mon-am;mon-am ")
    run(cast, make_csv(row))
    assert Person.objects.get(external_id="N2").availability == ["mon-am", "thu-pm"]


def test_it_stores_gender_and_tenure_rounded_to_a_tenth(cast):
    run(
        cast,
        make_csv(person("N2", "Nell", "nell@acme.example", gender="woman", tenure_years="2.25")),
    )
    nell = Person.objects.get(external_id="N2")
    assert (nell.gender, nell.tenure_years) == ("woman", Decimal("2.3"))


def test_it_leaves_optional_fields_alone_when_their_column_is_absent(cast):
    optional = {"gender": "woman", "tenure_years": "4", "availability": "tue-am"}
    run(cast, make_csv(person("N2", "Nell", "nell@acme.example", **optional)))
    report = run(cast, make_csv(person("N2", "Nell", "nell@acme.example")))
    assert report.unchanged == 1
    nell = Person.objects.get(external_id="N2")
    assert (nell.gender, nell.tenure_years, nell.availability) == ("woman", 4, ["tue-am"])


def test_empty_optional_cells_clear_the_stored_values(cast):
    run(
        cast,
        make_csv(person("N2", "Nell", "n@acme.example", tenure_years="4", availability="tue-am")),
    )
    run(cast, make_csv(person("N2", "Nell", "n@acme.example", tenure_years="", availability="")))
    nell = Person.objects.get(external_id="N2")
    assert (nell.tenure_years, nell.availability) == (None, [])


def test_it_lets_a_person_keep_their_own_email_in_another_case(cast):
    row = person("E6", "Bob", "Bob@Acme.example", function="Sales", location="Bristol")
    report = run(cast, make_csv(row))
    assert report.changes[0].fields[0] == "email"
    assert Person.objects.get(pk=cast.people["other_member"].pk).email == "Bob@Acme.example"


def test_it_only_touches_the_given_organisation(cast):
    run(cast, make_csv(person("G1", "Gina", "gina@acme.example", manager_id="")))
    zed = Person.objects.get(pk=cast.people["stranger"].pk)
    assert zed.name == "Zed"
    assert Person.objects.filter(external_id="G1").count() == 2


def test_people_missing_from_the_file_are_left_as_they_are(cast):
    before = [p for p in directory(cast.org) if p[2] != "E5"]
    run(cast, make_csv(*BASE))
    assert [p for p in directory(cast.org) if p[2] not in ("E5", "N1")] == before
