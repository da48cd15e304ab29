"""A property test: random cohorts answering random waves go through the report, and in the
CSV, the API's JSON, the page and the PDF's document no shown level 4 figure rests on fewer than
5 people, directly or by subtracting one shown population from another. (The PDF is drawn from
the document checked here; tests/report/test_report.py reads a drawn PDF's text on fixed data.)"""

import csv
import io
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palg.impact import exports
from palg.impact.floor import Audience
from palg.impact.report import WAVE_NAMES, WAVE_ORDER, Level4Inputs, build_report
from tests.impact.builders import TODAY, build_pilot


@pytest.fixture
def programme(db):
    """Built once for all examples: the report only reads it."""
    return build_pilot(per_set=2, name="Property").programme


cohorts = st.lists(
    st.tuples(
        st.sets(st.sampled_from(WAVE_ORDER), min_size=1),  # the waves a person answered
        st.floats(1, 7, allow_nan=False),  # their level
    ),
    min_size=0,
    max_size=40,
)


def inputs_of(cohort) -> tuple[Level4Inputs, dict[str, set[str]]]:
    rows, people = [], {w: set() for w in WAVE_ORDER}
    for number, (waves, level) in enumerate(cohort):
        for w in waves:
            rows.append((f"r{number}", w, "psych_safety", round(level, 2)))
            people[w].add(f"r{number}")
    return Level4Inputs(rows, dict.fromkeys(WAVE_ORDER, len(cohort))), people


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cohort=cohorts)
def test_no_shown_level_4_figure_rests_on_fewer_than_5_directly_or_by_differencing(
    programme, cohort
):
    inputs, people = inputs_of(cohort)
    report = build_report(programme, Audience.OVERSEER, TODAY, inputs=inputs)
    rows = list(csv.DictReader(io.StringIO(exports.csv_text(report))))
    api = exports.json_data(report)
    level4 = [r for r in rows if r["level"].startswith("Level 4")]
    assert len(level4) == len(api["level4"])
    for row, data in zip(level4, api["level4"], strict=True):
        assert (row["value"] == "") == (data["value"] is None)
        if row["value"]:
            assert int(row["n"]) >= 5
    for row in [r for r in rows if r["level"] == "Response rates"]:
        assert row["value"] == "" or int(row["n"]) >= 5

    # Sums of the same variable never differ by 1-4 people: the baseline scores (everyone's,
    # the completers', the drop-outs'), and, through the paired difference, the later wave's.
    def shown_row(measure, breakdown):
        return any(r["measure"].endswith(measure) and r["breakdown"] == breakdown and r["value"]
                   for r in level4)  # fmt: skip

    later = next((w for w in ("end", "mid") if people[w]), None)
    if people["baseline"] and later:
        span = f"baseline → {WAVE_NAMES[later].lower()}"
        common = people["baseline"] & people[later]
        baseline_sums = [
            pop
            for pop, shown in (
                (people["baseline"], shown_row(": mean", "wave Baseline")),
                (common, shown_row("baseline mean of completers", span)),
                (people["baseline"] - common, shown_row("baseline mean of drop-outs", span)),
            )
            if shown
        ]
        for a in baseline_sums:
            for b in baseline_sums:
                assert len(a - b) == 0 or len(a - b) >= 5
        if shown_row("mean difference (later - baseline)", span) and shown_row(
            ": mean", f"wave {WAVE_NAMES[later]}"
        ):
            newcomers, dropouts = people[later] - common, people["baseline"] - common
            assert len(newcomers) == 0 or len(newcomers) >= 5
            if not newcomers:
                assert len(dropouts) == 0 or len(dropouts) >= 5
    # The report holds the guard's promise too: every withheld figure says why.
    assert all(r["note"] for r in level4 if not r["value"])
    # The page and the PDF's document show exactly what the CSV shows, and withhold the rest.
    for document in (exports.html_page(report), exports.pdf_html(report)):
        table = table_rows(document)
        for row in level4:
            value = table[(row["measure"], row["breakdown"])]
            assert value == (row["value"] or "withheld"), (row, value)
    if not cohort:
        assert report.level4_empty


sponsor_cohorts = st.lists(
    st.tuples(
        st.sets(st.sampled_from(("baseline", "end")), min_size=1),
        st.floats(1, 7, allow_nan=False),
        st.integers(0, 3),  # the set they answered in
    ),
    max_size=40,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cohort=sponsor_cohorts)
def test_no_level_4_figure_a_sponsor_sees_rests_on_fewer_than_3_sets_or_a_difference_of_them(
    programme, cohort
):
    rows, people, set_of = [], {"baseline": set(), "end": set()}, {}
    for number, (waves, level, group) in enumerate(cohort):
        for w in waves:
            rows.append((f"r{number}", w, "psych_safety", round(level, 2)))
            people[w].add(f"r{number}")
            set_of[(f"r{number}", w)] = group
    inputs = Level4Inputs(rows, {"baseline": len(cohort), "end": len(cohort)}, set_of)
    report = build_report(programme, Audience.SPONSOR, TODAY, inputs=inputs)

    def spans(population, wave):
        return len({set_of[(p, wave)] for p in population})

    common = people["baseline"] & people["end"]
    span = "baseline → end of programme"
    populations = {
        ("mean", "wave Baseline"): (people["baseline"], "baseline"),
        ("mean", "wave End of programme"): (people["end"], "end"),
        ("baseline mean of completers", span): (common, "baseline"),
        ("baseline mean of drop-outs", span): (people["baseline"] - common, "baseline"),
        ("mean difference (later - baseline)", span): (common, "baseline"),
    }
    shown = {}
    for result in report.scales:
        for row in (*result.waves, *result.rows):
            key = (row.measure.split(": ", 1)[1], row.breakdown)
            if row.shown and key in populations:
                population, wave = populations[key]
                assert spans(population, wave) >= 3, (key, population)
                shown[key] = populations[key]
    for row in report.responses:
        wave = "baseline" if row.breakdown == "wave Baseline" else "end"
        assert not row.shown or spans(people[wave], wave) >= 3
    # No two shown baseline sums (the paired difference is another variable) differ by people
    # from fewer than 3 sets.
    baseline = [
        p for key, (p, w) in shown.items() if w == "baseline" and "difference" not in key[0]
    ]
    for a in baseline:
        for b in baseline:
            assert not (a - b) or spans(a - b, "baseline") >= 3


class _Rows(HTMLParser):
    """The figure tables' rows: (measure, breakdown) -> the value cell's text."""

    def __init__(self):
        super().__init__()
        self.rows, self.cells, self.text = {}, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.cells = []
        elif tag in ("th", "td") and self.cells is not None:
            self.text = []

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.text is not None:
            self.cells.append(" ".join("".join(self.text).split()))
            self.text = None
        elif tag == "tr" and self.cells:
            if len(self.cells) == 5:
                self.rows[(self.cells[0], self.cells[1])] = self.cells[2]
            self.cells = None


def table_rows(document: str) -> dict[tuple[str, str], str]:
    parser = _Rows()
    parser.feed(document)
    return parser.rows
