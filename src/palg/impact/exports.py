"""The programme report as an HTML page, a PDF (WeasyPrint) and a CSV of every shown aggregate,
and as JSON for the API: renderings of one palg.impact.report.Report, nothing decided here."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string

from palg.impact.charts import Chart, charts
from palg.impact.report import CSV_HEADER, Report, Row
from palg.people import csvfile

PDF_CSS = Path(__file__).with_name("report_pdf.css")
LEVEL1_INTRO = "Attendance: present out of recorded attendances, cancelled meetings left out."
LEVEL3_INTRO = (
    "What only palg sees: experiments committed in sets, reported back, completed or dropped, "
    "and learning cycles (report-backs with what was learned)."
)
LEVEL4_INTRO = (
    "Validated scales answered in the survey waves, pooled across sets: the mean per wave, "
    "paired change from baseline, a mixed model over all waves and the baseline scores of those "
    "who stayed against those who dropped out."
)


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row]
    chart: Chart | None = None
    intro: str = ""
    empty: str = ""


def sections(report: Report) -> list[Section]:
    drawn = charts(report)
    level4 = [row for scale in report.scales for row in (*scale.waves, *scale.rows)]
    return [
        Section("level1", "Level 1: attendance", report.level1, intro=LEVEL1_INTRO),
        Section(
            "level3", "Level 3: behaviour", report.level3, drawn.get("chart-level3"), LEVEL3_INTRO
        ),  # fmt: skip
        Section("lc", "L ≥ C", report.lc, drawn.get("chart-lc"), report.lc_explanation),
        Section(
            "responses", "Response rates per wave", report.responses, empty=report.level4_empty
        ),  # fmt: skip
        Section(
            "level4",
            "Level 4: outcomes",
            level4,
            drawn.get("chart-level4"),
            LEVEL4_INTRO,
            report.level4_empty,
        ),  # fmt: skip
    ]


def _context(report: Report) -> dict:
    return {"report": report, "sections": sections(report)}


def html_page(report: Report, request=None) -> str:
    """The report page in palg's layout (for the command line: no request, no menu)."""
    return render_to_string("impact/report.html", _context(report), request=request)


def pdf_html(report: Report) -> str:
    return render_to_string("impact/report_pdf.html", _context(report))


def pdf_bytes(report: Report) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=pdf_html(report)).write_pdf(stylesheets=[CSS(filename=str(PDF_CSS))])


def csv_text(report: Report) -> str:
    """One row per figure: level, measure, breakdown, value, n, note (withheld: empty value)."""
    out = io.StringIO()
    writer = csvfile.writer(out, lineterminator="\n")  # spreadsheet-safe, as every palg CSV
    writer.writerow(CSV_HEADER)
    for row in report.rows:
        writer.writerow(["" if v is None else v for v in (row.as_dict()[k] for k in CSV_HEADER)])
    return out.getvalue()


def json_data(report: Report) -> dict:
    return {
        "programme_id": report.programme.pk,
        "audience": report.audience.value,
        "date": report.today.isoformat(),
        "min_cell": report.min_cell,
        "level1": [r.as_dict() for r in report.level1],
        "level3": [r.as_dict() for r in report.level3],
        "lc": [r.as_dict() for r in report.lc],
        "lc_explanation": report.lc_explanation,
        "response_rates": [r.as_dict() for r in report.responses],
        "level4": [r.as_dict() for s in report.scales for r in (*s.waves, *s.rows)],
        "level4_empty": report.level4_empty,
        "methods": report.methods,
    }
