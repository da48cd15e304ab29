"""The example file shipped in examples/people.csv and offered for download."""

from pathlib import Path

from palg.people.importing import people_import_for_organisation
from palg.people.models import Person
from palg.people.views import EXAMPLE_CSV

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "people.csv"


def test_the_download_is_the_same_file_as_the_example_in_the_repository():
    assert EXAMPLE_CSV.read_bytes() == EXAMPLE.read_bytes()


def test_the_example_imports_cleanly_with_a_hierarchy_and_extra_columns(cast):
    report = people_import_for_organisation(organisation=cast.org, data=EXAMPLE.read_bytes())
    assert (report.rows, report.created) == (20, 20)
    chief = Person.objects.get(external_id="H1001")
    assert chief.manager is None
    assert chief.reports.count() == 4
    grace = Person.objects.get(external_id="H1020")
    assert [grace.manager.external_id, grace.manager.manager.external_id] == ["H1012", "H1004"]
    assert grace.attributes == {"languages": "English, Korean", "cost_centre": "CC420"}
    assert grace.availability == ["mon-pm", "wed-pm"]
