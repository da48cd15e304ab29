"""The programme report: the same figures as the impact selectors, the floor in every output
(page, CSV, API, PDF text), the sponsor's rules, charts with text alternatives, the command."""

import csv
import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from palg.access import Actor
from palg.cli import app
from palg.impact import exports, selectors
from palg.impact.floor import MSG_FEWER_PEOPLE, MSG_FEWER_SETS, Audience
from palg.impact.report import (
    CSV_HEADER,
    MSG_NO_WAVES,
    PROGRAMME,
    build_report,
    programme_report,
)
from tests.impact.builders import TODAY, add_worked_example, build_pilot

runner = CliRunner()
PEOPLE_MEASURES = ("Attendance", "Experiments", "Report-back", "Median", "Learning", "L:")


@pytest.fixture
def pilot(db):
    """Six members in three sets (the worked example of tests/impact/test_figures.py)."""
    pilot = build_pilot()
    add_worked_example(pilot)
    return pilot


@pytest.fixture
def small(db):
    """Three members in three sets: every figure about people rests on fewer than 5."""
    pilot = build_pilot(per_set=1, name="Small pilot")
    add_worked_example_small(pilot)
    return pilot


def add_worked_example_small(pilot):
    from palg.programmes.models import Attendance, Meeting
    from tests.impact.builders import card, noon

    for group in pilot.sets.values():
        meeting = Meeting.objects.create(group=group, starts_at=noon("2026-01-15"), status="held")
        for membership in group.memberships.all():
            Attendance.objects.create(meeting=meeting, person=membership.person, status="present")
    card(pilot, "m1", "2026-01-10", "done", [("2026-01-17", "Asking first works")])
    card(pilot, "m2", "2026-01-10", "dropped")


def actor(pilot, person):
    return Actor.from_user(pilot.user(person))


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_reports_figures_are_the_impact_selectors_figures(pilot):
    lead = actor(pilot, pilot.lead)
    report = programme_report(actor=lead, programme_id=pilot.programme.pk, today=TODAY)
    impact = selectors.programme_impact(actor=lead, programme_id=pilot.programme.pk, today=TODAY)
    f = impact.figures
    values = {r.measure: r.value for r in report.level1 + report.level3}
    assert values == {
        "Attendance rate (%)": f.attendance_rate.value,
        "Experiments committed": f.committed.value,
        "Experiments reported back": f.reported_back.value,
        "Report-back rate (%)": f.report_back_rate.value,
        "Experiments completed": f.completed.value,
        "Experiments dropped": f.dropped.value,
        "Median days to report-back": f.median_days_to_report.value,
        "Learning cycles": f.cycles.value,
        "Learning cycles per member-month": f.cycles_per_member_month.value,
    }
    # The worked example by hand: 6 cards, 4 reported back; 4 of 6 present.
    assert values["Experiments committed"] == 6 and values["Attendance rate (%)"] == 67
    monthly = [r for r in report.lc if r.breakdown.startswith("month")]
    assert [r.value for r in monthly if r.measure.startswith("L")] == [
        m.learning.value for m in impact.series
    ]
    assert [r.value for r in monthly if r.measure.startswith("C")] == [
        m.change_weight for m in impact.series
    ]


def test_every_row_is_pooled_and_no_shown_figure_rests_on_fewer_than_5(pilot):
    report = build_report(pilot.programme, Audience.OVERSEER, TODAY)
    for row in report.rows:
        assert row.breakdown == PROGRAMME or row.breakdown.startswith(("month", "wave"))
        if row.shown and row.n is not None:
            assert row.n >= 5
        if not row.shown:
            assert row.n is None and row.note


def test_below_the_floor_nothing_about_people_is_shown_in_page_csv_api_or_pdf(
    client, small, tmp_path
):
    client.force_login(small.user(small.lead))
    pk = small.programme.pk
    withheld = MSG_FEWER_PEOPLE.format(k=5)

    exported = client.get(reverse("programme-report-csv", args=[pk])).content.decode()
    rows = list(csv.DictReader(io.StringIO(exported)))
    about_people = [r for r in rows if r["measure"].startswith(PEOPLE_MEASURES)]
    assert about_people and all(r["value"] == "" and r["n"] == "" for r in about_people)
    assert all(r["note"] == withheld for r in about_people if r["breakdown"] == PROGRAMME)

    api = client.get(f"/api/programmes/{pk}/report").json()
    for row in api["level1"] + api["level3"]:
        assert row["value"] is None and row["n"] is None and row["note"] == withheld

    page = client.get(reverse("programme-report", args=[pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("withheld") >= len(about_people)
    assert "Experiments, pooled across sets" not in html  # no chart of withheld figures

    text = pdf_text(client.get(reverse("programme-report-pdf", args=[pk])).content, tmp_path)
    assert "Experiments committed" in text and "fewer than 5" in text
    committed_line = next(line for line in text.splitlines() if "Experiments committed" in line)
    assert "withheld" in committed_line and not re.search(r"\b2\b", committed_line)


def test_a_sponsor_sees_no_figure_from_fewer_than_3_sets_and_no_per_set_figure(db, tmp_path):
    pilot = build_pilot(sets=("A", "B"), per_set=3, name="Two sets")
    add_worked_example(pilot)
    lead = build_report(pilot.programme, Audience.OVERSEER, TODAY)
    sponsor = programme_report(
        actor=actor(pilot, pilot.sponsor), programme_id=pilot.programme.pk, today=TODAY
    )
    assert sponsor.is_sponsor
    assert [r.value for r in lead.level3][0] == 6  # the lead sees it: 6 people
    for seen, row in zip(lead.level1 + lead.level3, sponsor.level1 + sponsor.level3, strict=True):
        assert not row.shown
        assert row.note == (MSG_FEWER_SETS if seen.shown else seen.note)
    set_names = {g.name for g in pilot.sets.values()}
    for row in sponsor.rows:
        assert not set_names & set(row.breakdown.split())
    text = pdf_text(exports.pdf_bytes(sponsor), tmp_path)
    assert "as a sponsor you see a figure only when it pools at least 3 sets" in " ".join(
        text.split()
    )


def test_a_sponsor_of_three_sets_gets_the_pooled_figures_and_nothing_per_set(client, pilot):
    client.force_login(pilot.user(pilot.sponsor))
    data = client.get(f"/api/programmes/{pilot.programme.pk}/report").json()
    assert data["audience"] == "sponsor"
    assert {r["breakdown"] for r in data["level1"] + data["level3"]} == {PROGRAMME}
    assert data["level3"][0]["value"] == 6
    html = client.get(reverse("programme-report", args=[pilot.programme.pk])).content.decode()
    assert "Set A" not in html and ">A<" not in html


def test_a_member_gets_403_and_a_stranger_404(client, pilot):
    client.force_login(pilot.user(pilot.members["m1"]))
    assert client.get(reverse("programme-report", args=[pilot.programme.pk])).status_code == 403
    assert client.get(f"/api/programmes/{pilot.programme.pk}/report").status_code == 403
    assert client.get("/api/programmes/999999/report").status_code == 404


def test_the_programme_page_links_the_report_for_its_lead_only(client, pilot):
    client.force_login(pilot.user(pilot.lead))
    url = reverse("programme-report", args=[pilot.programme.pk])
    page = client.get(reverse("programme-detail", args=[pilot.programme.pk])).content.decode()
    assert url in page
    client.force_login(pilot.user(pilot.members["m1"]))
    page = client.get(reverse("programme-detail", args=[pilot.programme.pk])).content.decode()
    assert url not in page


def test_charts_have_a_title_a_description_and_a_table_beside_them(client, pilot):
    client.force_login(pilot.user(pilot.lead))
    response = client.get(reverse("programme-report", args=[pilot.programme.pk]))
    html = response.content.decode()
    for key in ("chart-level3", "chart-lc"):
        svg = re.search(rf'<figure class="report-chart" id="{key}">(.*?)</figure>', html, re.S)
        assert svg, key
        body = svg.group(1)
        assert f'aria-labelledby="{key}-title {key}-desc"' in body and 'role="img"' in body
        assert f'<title id="{key}-title">' in body and f'<desc id="{key}-desc">' in body
        assert "<figcaption>" in body
        assert "style=" not in body and "<style" not in body  # palg's CSP: no inline styles
        after = html[svg.end() : svg.end() + 400]
        assert '<table class="report-table">' in after


def test_without_survey_waves_level_4_says_so(pilot):
    report = build_report(pilot.programme, Audience.OVERSEER, TODAY)
    assert report.scales == [] and report.responses == []
    assert report.level4_empty == MSG_NO_WAVES
    assert MSG_NO_WAVES in exports.pdf_html(report)


def test_the_pdf_renders_and_its_pages_can_be_drawn(pilot, tmp_path):
    pdf = exports.pdf_bytes(build_report(pilot.programme, Audience.OVERSEER, TODAY))
    assert pdf.startswith(b"%PDF")
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(tmp_path / "r.pdf"),
         str(tmp_path / "page")], check=True,
    )  # fmt: skip
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    assert all(p.read_bytes().startswith(b"\x89PNG") and p.stat().st_size > 5000 for p in pages)
    text = pdf_text(pdf, tmp_path)
    assert "Level 3: behaviour" in text and "Methods" in text
    assert "Experiments, pooled across sets: committed 6" in " ".join(text.split())


def test_the_command_writes_the_three_files(pilot, tmp_path):
    html, pdf, csv_file = tmp_path / "r.html", tmp_path / "r.pdf", tmp_path / "r.csv"
    files = ["--html", str(html), "--pdf", str(pdf), "--csv", str(csv_file)]
    result = runner.invoke(app, ["report", "programme", str(pilot.programme.pk), *files])
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF")
    assert csv_file.read_text().splitlines()[0] == ",".join(CSV_HEADER)
    assert csv_file.read_text().splitlines()[0] == "level,measure,breakdown,value,n,note"
    assert "<svg" in html.read_text() and "Programme report" in html.read_text()
    assert "Wrote the PDF report" in result.output


def test_the_command_writes_only_what_it_is_asked_for(pilot, tmp_path):
    out = tmp_path / "only.csv"
    result = runner.invoke(app, ["report", "programme", str(pilot.programme.pk), "--csv", str(out)])
    assert result.exit_code == 0 and out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["only.csv"]


def test_the_command_refuses_an_unknown_programme_or_no_output(db, tmp_path):
    out = tmp_path / "r.csv"
    result = runner.invoke(app, ["report", "programme", "999999", "--csv", str(out)])
    assert result.exit_code == 1 and "No programme with id 999999." in result.output
    assert not out.exists()
    result = runner.invoke(app, ["report", "programme", "1"])
    assert result.exit_code == 1 and "at least one of --html FILE, --pdf FILE, --csv FILE" in (
        result.output
    )


def test_pdftotext_and_pdftoppm_are_installed():
    assert shutil.which("pdftotext") and shutil.which("pdftoppm")
