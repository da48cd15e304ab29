"""Level 4 in the report: per scale, the mean per wave, paired change baseline -> end (-> mid
when there is no end yet), the mixed model and completers against drop-outs, each computed by
palg_evaluation and each passing the floor and differencing control."""

import numpy as np
import pytest

from palg.impact import exports
from palg.impact.floor import MSG_FEWER_PEOPLE, MSG_FEWER_SETS, MSG_NO_DATA, Audience
from palg.impact.report import MSG_SUPPRESSED, Level4Inputs, build_report
from palg_evaluation import completers_vs_dropouts, mixed_model, paired_change
from tests.impact.builders import TODAY, build_pilot


def scores(waves: dict[str, range], scale="psych_safety", seed=7):
    """Scores for the people in each wave's range; a person's later waves are a little higher."""
    rng = np.random.default_rng(seed)
    base = {p: float(rng.integers(20, 60)) / 10 for p in range(100)}
    lift = {"baseline": 0.0, "mid": 0.2, "end": 0.4, "follow_up": 0.5}
    rows = []
    for wave, people in waves.items():
        for p in people:
            value = round(min(7.0, base[p] + lift[wave] + float(rng.normal(0, 0.3))), 2)
            rows.append((f"r{p}", wave, scale, value))
    return rows


@pytest.fixture
def programme(db):
    return build_pilot(per_set=2).programme  # three sets


def by_measure(result):
    return {(r.measure.split(": ", 1)[1], r.breakdown): r for r in (*result.waves, *result.rows)}


def test_paired_change_and_mixed_model_are_palg_evaluations(programme):
    # 5 miss mid, 5 drop out before the end: every difference between populations is >= 5.
    rows = scores({"baseline": range(0, 30), "mid": range(0, 25), "end": range(5, 30)})
    inputs = Level4Inputs(rows, {"baseline": 30, "mid": 30, "end": 30})
    report = build_report(programme, Audience.OVERSEER, TODAY, inputs=inputs)
    (result,) = report.scales
    found = by_measure(result)
    before = {r: s for r, w, _, s in rows if w == "baseline"}
    after = {r: s for r, w, _, s in rows if w == "end"}
    common = sorted(set(before) & set(after))
    change = paired_change([before[p] for p in common], [after[p] for p in common])
    span = "baseline → end of programme"
    assert found[("mean difference (later - baseline)", span)].value == round(change.mean_diff, 2)
    assert found[("mean difference (later - baseline)", span)].n == 25
    d_z = found[("d_z (mean difference / SD of differences)", span)]
    assert d_z.value == round(change.d_z, 2) and f"seed {change.seed}" in d_z.note
    assert found[("Hedges' g", span)].value == round(change.hedges_g, 2)
    model = mixed_model([r for r, *_ in rows], [w for _, w, *_ in rows], [s for *_, s in rows],
                        wave_order=["baseline", "mid", "end"])  # fmt: skip
    effect = found[("mixed model, difference from baseline", "wave End of programme")]
    assert effect.value == round(model.effects[-1].estimate, 2) and effect.n == 30
    drop = completers_vs_dropouts(before, set(after))
    completers = found[("baseline mean of completers", span)]
    assert completers.value == round(drop.completers.mean, 2)
    dropouts = found[("baseline mean of drop-outs", span)]
    assert dropouts.value == round(drop.dropouts.mean, 2) and dropouts.n == 5
    rates = {r.breakdown: r.value for r in report.responses}
    assert rates == {"wave Baseline": 100, "wave Mid-programme": 83, "wave End of programme": 83}


def test_4_drop_outs_withhold_the_completers_baseline_and_the_end_mean_not_the_change(programme):
    # 4 drop-outs: the completers' baseline mean beside everyone's would give theirs away, and
    # so would the end mean (everyone at the end is paired) minus the mean difference.
    rows = scores({"baseline": range(0, 30), "end": range(4, 30)})
    report = build_report(programme, Audience.OVERSEER, TODAY, inputs=Level4Inputs(rows, {}))
    found = by_measure(report.scales[0])
    span = "baseline → end of programme"
    assert found[("baseline mean of drop-outs", span)].note == MSG_FEWER_PEOPLE.format(k=5)
    assert found[("baseline mean of completers", span)].note == MSG_SUPPRESSED
    assert found[("mean", "wave End of programme")].note == MSG_SUPPRESSED
    assert found[("mean", "wave Baseline")].shown
    assert found[("mean difference (later - baseline)", span)].shown


def test_3_people_new_at_the_end_withhold_the_end_mean(programme):
    # End = baseline's 20 and 3 newcomers: end mean minus the paired change gives theirs away.
    rows = scores({"baseline": range(0, 20), "end": range(0, 23)})
    report = build_report(programme, Audience.OVERSEER, TODAY, inputs=Level4Inputs(rows, {}))
    found = by_measure(report.scales[0])
    assert found[("mean", "wave End of programme")].note == MSG_SUPPRESSED
    assert found[("mean difference (later - baseline)", "baseline → end of programme")].shown


def test_a_wave_derivable_from_another_is_suppressed_and_a_small_wave_withheld(programme):
    # Mid = baseline less 3 people: mid's mean less the mean difference gives the pairs'
    # baseline mean, which beside everyone's would reveal those 3 people's.
    rows = scores({"baseline": range(0, 20), "mid": range(0, 17), "follow_up": range(0, 4)})
    report = build_report(programme, Audience.OVERSEER, TODAY, inputs=Level4Inputs(rows, {}))
    (result,) = report.scales
    waves = {r.breakdown: r for r in result.waves}
    assert waves["wave Baseline"].shown
    assert not waves["wave Mid-programme"].shown
    assert waves["wave Mid-programme"].note == MSG_SUPPRESSED
    assert waves["wave Follow-up"].note == MSG_FEWER_PEOPLE.format(k=5)
    for row in report.rows:
        assert not row.shown or row.n is None or row.n >= 5


def test_below_12_pairs_only_descriptives_with_the_reason(programme):
    rows = scores({"baseline": range(0, 9), "mid": range(0, 9)})
    report = build_report(programme, Audience.OVERSEER, TODAY, inputs=Level4Inputs(rows, {}))
    found = by_measure(report.scales[0])
    row = found[("pairs (descriptives only)", "baseline → mid-programme")]
    assert row.value == 9 and "12" in row.note and "d_z" in row.note
    assert not any("Hedges" in k[0] for k in found)


def in_sets(rows, count: int) -> dict[tuple[str, str], int]:
    """Each respondent answers every wave in set number (their number mod `count`)."""
    return {(r, w): int(r[1:]) % count for r, w, *_ in rows}


def test_a_sponsor_sees_level_4_only_from_respondents_of_3_sets_whatever_the_programme_has(
    programme,  # three sets
):
    rows = scores({"baseline": range(0, 20), "end": range(0, 20)})
    invited = {"baseline": 20, "end": 20}

    def shown(sets):
        report = build_report(
            programme, Audience.SPONSOR, TODAY, inputs=Level4Inputs(rows, invited, sets)
        )
        level4 = [r for s in report.scales for r in (*s.waves, *s.rows)]
        return report, level4

    # Everyone who answered is in two of the programme's three sets: nothing is shown.
    report, level4 = shown(in_sets(rows, 2))
    assert level4 and not any(r.shown for r in level4)
    # (the drop-outs' row has nobody: there are none)
    assert {r.note for r in level4} == {MSG_FEWER_SETS, MSG_NO_DATA}
    assert {r.note for r in report.responses} == {MSG_FEWER_SETS}
    # Sets not known count for none.
    _, level4 = shown({})
    assert not any(r.shown for r in level4)
    # Spread over three sets, the same answers are shown.
    report, level4 = shown(in_sets(rows, 3))
    assert all(r.shown for r in level4 if r.note not in (MSG_SUPPRESSED, MSG_NO_DATA))
    assert any(r.shown for r in level4)
    assert all(r.shown for r in report.responses)
    # The lead sees them either way: the 3-set rule is the sponsors'.
    lead = build_report(programme, Audience.OVERSEER, TODAY, inputs=Level4Inputs(rows, invited))
    assert all(r.shown for s in lead.scales for r in s.waves)


def test_a_sponsor_sees_no_drop_outs_mean_from_fewer_than_3_sets(programme):
    # 30 at baseline in three sets; the 6 who drop out were all in set 0.
    rows = scores({"baseline": range(0, 30), "end": range(6, 30)})
    sets = {(r, w): (0 if int(r[1:]) < 6 else int(r[1:]) % 3) for r, w, *_ in rows}
    report = build_report(programme, Audience.SPONSOR, TODAY, inputs=Level4Inputs(rows, {}, sets))
    found = by_measure(report.scales[0])
    span = "baseline → end of programme"
    assert found[("baseline mean of drop-outs", span)].note == MSG_FEWER_SETS
    # ... nor by subtracting the completers' baseline from everyone's, or the change from the
    # end's mean (everyone at the end is paired).
    assert found[("baseline mean of completers", span)].note == MSG_SUPPRESSED
    assert found[("mean", "wave End of programme")].note == MSG_SUPPRESSED
    assert found[("mean", "wave Baseline")].shown
    assert found[("mean difference (later - baseline)", span)].shown


def test_level_4_has_its_chart_and_csv_rows(programme):
    rows = scores({"baseline": range(0, 20), "end": range(0, 20)})
    rows += scores({"baseline": range(0, 20), "end": range(0, 20)}, scale="ucla3")
    report = build_report(programme, Audience.OVERSEER, TODAY, inputs=Level4Inputs(rows, {}))
    html = exports.pdf_html(report)
    assert 'id="chart-level4"' in html and "Mean score per wave" in html
    csv = exports.csv_text(report)
    assert "Level 4: outcomes,Psychological safety: mean,wave Baseline," in csv
    assert "Level 4: outcomes,Loneliness: mean,wave End of programme," in csv
