"""Managers: known ids only, and no loops in the management chain."""

from palg.people.importing import (
    MSG_MANAGER_CYCLE,
    MSG_SELF_MANAGER,
    MSG_UNKNOWN_MANAGER,
    ImportProblem,
    people_import_for_organisation,
)
from palg.people.models import Person
from tests.people.helpers import BASE, import_problems, make_csv, person


def test_it_rejects_a_manager_id_that_is_neither_in_the_file_nor_the_organisation(cast):
    row = person("N2", "Nell", "nell@acme.example", manager_id="G1")
    problems = import_problems(cast.org, make_csv(*BASE, row))
    assert problems == [ImportProblem(4, "manager_id", MSG_UNKNOWN_MANAGER.format(value="G1"))]


def test_it_rejects_a_person_who_is_their_own_manager(cast):
    row = person("N2", "Nell", "nell@acme.example", manager_id="N2")
    problems = import_problems(cast.org, make_csv(*BASE, row))
    assert problems == [ImportProblem(4, "manager_id", MSG_SELF_MANAGER.format(value="N2"))]


def test_it_reports_a_loop_in_the_file_with_every_member(cast):
    rows = [
        person("N2", "Nell", "nell@acme.example", manager_id="N3"),
        person("N3", "Ned", "ned@acme.example", manager_id="N4"),
        person("N4", "Nia", "nia@acme.example", manager_id="N2"),
    ]
    problems = import_problems(cast.org, make_csv(*BASE, *rows))
    cycle = "N2 (row 4) → N3 (row 5) → N4 (row 6) → N2"
    assert problems == [ImportProblem(4, "manager_id", MSG_MANAGER_CYCLE.format(cycle=cycle))]


def test_it_reports_a_loop_through_someone_already_in_the_organisation(cast):
    Person.objects.filter(pk=cast.people["bea"].pk).update(manager=cast.people["ann"])
    row = person("E8", "Ann", "ann@acme.example", manager_id="E9")
    problems = import_problems(cast.org, make_csv(*BASE, row))
    cycle = "E8 (row 4) → E9 (already in the organisation) → E8"
    assert problems == [ImportProblem(4, "manager_id", MSG_MANAGER_CYCLE.format(cycle=cycle))]


def test_it_accepts_a_change_that_breaks_an_existing_chain(cast):
    # Bea reports to Ann today; making Ann report to Bea is fine once Bea reports to Ada.
    Person.objects.filter(pk=cast.people["bea"].pk).update(manager=cast.people["ann"])
    rows = [
        person("E8", "Ann", "ann@acme.example", manager_id="E9"),
        person("E9", "Bea", "bea@acme.example", manager_id="E1"),
    ]
    people_import_for_organisation(organisation=cast.org, data=make_csv(*rows))
    ann = Person.objects.get(pk=cast.people["ann"].pk)
    assert ann.manager == cast.people["bea"]


def test_it_links_managers_whatever_the_row_order(cast):
    rows = [
        person("N3", "Ned", "ned@acme.example", manager_id="N2"),
        person("N2", "Nell", "nell@acme.example", manager_id="N1"),
        *BASE,
    ]
    people_import_for_organisation(organisation=cast.org, data=make_csv(*rows))
    managers = dict(
        Person.objects.filter(external_id__in=["N1", "N2", "N3", "E5"]).values_list(
            "external_id", "manager__external_id"
        )
    )
    assert managers == {"N1": "E1", "N2": "N1", "N3": "N2", "E5": "N1"}


def test_it_clears_a_manager_when_the_cell_is_empty(cast):
    Person.objects.filter(pk=cast.people["ann"].pk).update(manager=cast.people["admin"])
    unchanged = {"team": "", "department": "", "seniority": "", "function": "Operations"}
    row = person("E8", "Ann", "ann@acme.example", manager_id="", **unchanged)
    report = people_import_for_organisation(organisation=cast.org, data=make_csv(row))
    assert report.changes[0].fields == ("manager_id",)
    assert Person.objects.get(pk=cast.people["ann"].pk).manager is None
