"""Paired change, power, response rates and drop-outs, checked against scipy and pingouin."""

import numpy as np
import pingouin as pg
import pytest
from scipy import stats

from palg_evaluation.stats import (
    DEFAULT_SEED,
    completers_vs_dropouts,
    detectable_d_z,
    paired_change,
    power_table,
    response_rates,
)

# Fixed data: 16 people's CBI work scores before and after (multiples of 100/7 and 25).
BEFORE = [
    60.7,
    53.6,
    71.4,
    46.4,
    57.1,
    64.3,
    42.9,
    75.0,
    50.0,
    67.9,
    39.3,
    57.1,
    60.7,
    53.6,
    46.4,
    71.4,
]
AFTER = [
    50.0,
    53.6,
    60.7,
    42.9,
    50.0,
    57.1,
    46.4,
    64.3,
    42.9,
    60.7,
    39.3,
    46.4,
    57.1,
    53.6,
    35.7,
    67.9,
]


def test_effect_sizes_match_pingouin():
    result = paired_change(BEFORE, AFTER)
    a, b = np.array(AFTER), np.array(BEFORE)
    assert result.n == 16
    assert result.mean_diff == pytest.approx((a - b).mean())
    assert result.d_z == pytest.approx(pg.compute_effsize(a, b, paired=True, eftype="cohen_dz"))
    assert result.d_av == pytest.approx(pg.compute_effsize(a, b, paired=True, eftype="cohen"))
    assert result.hedges_g == pytest.approx(pg.compute_effsize(a, b, paired=True, eftype="hedges"))
    assert result.d_z < 0  # after - before: burnout fell


def test_d_z_is_the_paired_t_over_root_n():
    result = paired_change(BEFORE, AFTER)
    t = stats.ttest_rel(AFTER, BEFORE).statistic
    assert result.d_z == pytest.approx(t / np.sqrt(16))


def test_the_bootstrap_ci_is_scipys_bca_with_the_same_seed_and_close_to_pingouins():
    result = paired_change(BEFORE, AFTER, seed=42)
    diff = np.array(AFTER) - np.array(BEFORE)
    expected = stats.bootstrap(
        (diff,),
        lambda d, axis=-1: d.mean(axis=axis) / d.std(ddof=1, axis=axis),
        n_resamples=2000,
        method="BCa",
        rng=np.random.default_rng(42),
    ).confidence_interval
    assert result.ci95_d_z == (expected.low, expected.high)
    assert result.seed == 42 and result.resamples == 2000

    # pingouin draws its resamples from numpy's legacy RandomState for the same seed, so its
    # interval is another draw of the same bootstrap: close, not equal.
    def dz(x, y, axis=-1):
        return (x - y).mean(axis=axis) / (x - y).std(ddof=1, axis=axis)

    theirs = pg.compute_bootci(AFTER, BEFORE, func=dz, paired=True, n_boot=2000, seed=42)
    assert result.ci95_d_z == pytest.approx(tuple(theirs), abs=0.1)
    assert result.ci95_d_z[0] < result.d_z < result.ci95_d_z[1]


def test_the_same_seed_gives_the_same_interval_and_another_seed_another():
    first = paired_change(BEFORE, AFTER, seed=7).ci95_d_z
    assert paired_change(BEFORE, AFTER, seed=7).ci95_d_z == first
    assert paired_change(BEFORE, AFTER, seed=8).ci95_d_z != first
    assert paired_change(BEFORE, AFTER).seed == DEFAULT_SEED


def test_wilcoxon_uses_pratt_on_rounded_differences_like_scipy():
    result = paired_change(BEFORE, AFTER)
    diff = np.round(np.array(AFTER) - np.array(BEFORE), 6)
    assert result.wilcoxon_p == stats.wilcoxon(diff, zero_method="pratt").pvalue
    assert result.wilcoxon_zero_method == "pratt"


def test_below_twelve_pairs_only_descriptives_and_the_detectable_effect_are_given():
    result = paired_change(BEFORE[:6], AFTER[:6])
    assert result.n == 6 and not result.inference
    assert result.mean_diff == pytest.approx(np.mean(np.subtract(AFTER[:6], BEFORE[:6])))
    assert result.d_z is result.hedges_g is result.ci95_d_z is result.wilcoxon_p is None
    assert round(result.detectable_d_z, 2) == 1.43
    assert result.reason.startswith("6 pairs is below the minimum of 12: descriptives only.")
    assert "d_z 1.43 or more" in result.reason


def test_a_pair_with_a_missing_side_is_dropped():
    result = paired_change([*BEFORE, np.nan, 50.0], [*AFTER, 40.0, np.nan])
    assert result.n == 16
    assert result.d_z == paired_change(BEFORE, AFTER).d_z


def test_no_spread_in_the_differences_leaves_the_effect_undefined():
    result = paired_change([50.0] * 12, [60.0] * 12)
    assert result.mean_diff == 10.0 and result.d_z is None and not result.inference


def test_a_bootstrap_with_resamples_without_spread_gives_no_ci_and_says_why():
    # Eleven zero differences and one of 25: many resamples are all zeros (d_z undefined).
    result = paired_change([50.0] * 12, [50.0] * 11 + [75.0])
    assert result.inference and result.d_z == pytest.approx(
        25 / 12 / np.std([0] * 11 + [25], ddof=1)
    )
    assert result.ci95_d_z is None
    assert result.reason.startswith("The bootstrap CI of d_z cannot be computed")


def test_before_and_after_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="before has 3 values and after has 2"):
        paired_change([1, 2, 3], [1, 2])


def test_the_power_table_reproduces_the_guide_and_pingouin():
    table = {n: round(d, 2) for n, d in power_table().items()}
    assert table == {6: 1.43, 12: 0.89, 24: 0.60, 48: 0.41, 100: 0.28}
    for n in (6, 12, 24):
        assert detectable_d_z(n) == pytest.approx(
            pg.power_ttest(n=n, power=0.8, contrast="paired"), abs=1e-4
        )
    assert detectable_d_z(1) is None


def test_response_rates_count_the_invited_who_answered_per_wave():
    rows = response_rates(
        {"baseline": ["a", "b", "c", "d"], "mid": ["a", "b", "c", "d"], "end": []},
        {"baseline": ["a", "b", "c", "d"], "mid": ["a", "c", "z"]},
    )
    assert [(r.wave, r.invited, r.responded, r.rate) for r in rows] == [
        ("baseline", 4, 4, 1.0),
        ("mid", 4, 2, 0.5),  # z was not invited
        ("end", 0, 0, None),
    ]


def test_drop_outs_are_compared_with_completers_at_baseline():
    rng = np.random.default_rng(3)
    baseline = {f"p{i}": float(s) for i, s in enumerate(rng.normal(50, 10, 40))}
    completed = [f"p{i}" for i in range(25)]
    result = completers_vs_dropouts(baseline, completed)
    c = np.array([baseline[p] for p in completed])
    d = np.array([baseline[f"p{i}"] for i in range(25, 40)])
    assert (result.completers.n, result.dropouts.n) == (25, 15)
    assert result.mean_diff == pytest.approx(d.mean() - c.mean())
    assert result.hedges_g == pytest.approx(pg.compute_effsize(d, c, eftype="hedges"))
    assert result.welch_p == pytest.approx(stats.ttest_ind(d, c, equal_var=False).pvalue)


def test_few_drop_outs_give_descriptives_only():
    baseline = {f"p{i}": float(i) for i in range(20)}
    result = completers_vs_dropouts(baseline, [f"p{i}" for i in range(15)])
    assert result.dropouts.n == 5 and result.dropouts.mean == 17.0
    assert not result.inference and result.hedges_g is None and result.welch_p is None
