"""The mixed model over all waves: the fast engine agrees with statsmodels' mixedlm."""

import numpy as np
import pytest

from palg_evaluation.mixed import mixed_model


def long_data(n=60, waves=4, missing=0.2, seed=5):
    rng = np.random.default_rng(seed)
    person = np.repeat(np.arange(n), waves)
    wave = np.tile(np.arange(waves), n)
    score = 50 + rng.normal(0, 12, n)[person] - 3 * wave + rng.normal(0, 6, n * waves)
    keep = rng.random(n * waves) > missing
    return [f"r{p}" for p in person[keep]], [f"w{w}" for w in wave[keep]], score[keep]


def test_the_fast_engine_matches_statsmodels_mixedlm():
    people, waves, scores = long_data()
    order = ["w0", "w1", "w2", "w3"]
    fast = mixed_model(people, waves, scores, wave_order=order)
    slow = mixed_model(people, waves, scores, wave_order=order, engine="statsmodels")
    assert fast.inference and slow.inference
    assert fast.baseline_mean == pytest.approx(slow.baseline_mean, rel=1e-4)
    for f, s in zip(fast.effects, slow.effects, strict=True):
        assert f.wave == s.wave
        assert f.estimate == pytest.approx(s.estimate, abs=1e-3)
        assert f.se == pytest.approx(s.se, rel=1e-3)
    assert fast.respondent_var == pytest.approx(slow.respondent_var, rel=1e-3)
    assert fast.residual_var == pytest.approx(slow.residual_var, rel=1e-3)


def test_everyone_who_answered_a_wave_counts():
    people, waves, scores = long_data(missing=0.25)
    result = mixed_model(people, waves, scores, wave_order=["w0", "w1", "w2", "w3"])
    assert result.n_observations == len(scores)
    assert result.n_respondents == len(set(people))
    assert [w.n for w in result.waves] == [waves.count(f"w{i}") for i in range(4)]
    # The simulated change is -3 a wave: each 95% CI holds the true value.
    truth = [-3, -6, -9]
    assert all(e.ci_low < t < e.ci_high for e, t in zip(result.effects, truth, strict=True))


def test_fewer_than_twelve_people_with_two_waves_give_descriptives_only():
    people, waves, scores = long_data(n=11, missing=0.0)
    result = mixed_model(people, waves, scores)
    assert not result.inference and result.effects == ()
    assert result.reason.startswith("11 respondents answered two or more waves")
    assert result.waves[0].n == 11


def test_one_wave_has_nothing_to_model():
    result = mixed_model(["a", "b"], ["w0", "w0"], [1.0, 2.0])
    assert not result.inference and result.reason.startswith("Only one wave")


def test_a_wave_outside_the_order_is_refused():
    with pytest.raises(ValueError, match="Wave 'w9' is not in the wave order"):
        mixed_model(["a"], ["w9"], [1.0], wave_order=["w0"])
