"""A property test: random cohorts answering random waves go through the report, and in the
CSV and the API's JSON no shown level 4 figure rests on fewer than 5 people, directly or by
subtracting one shown population from another."""

import csv
import io

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
    if not cohort:
        assert report.level4_empty
