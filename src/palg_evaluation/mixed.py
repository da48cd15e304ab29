"""A linear mixed model over all waves: score ~ C(wave) + (1 | respondent), fitted by REML, so
that everyone who answered at least one wave counts (under a missing-at-random assumption)
instead of only those who answered both ends of a paired comparison.

Two engines give the same model:
- "fast" (default): the random-intercept model has a closed form per respondent (each
  respondent's covariance is sigma² (I + gamma J)), so the REML likelihood profiles down to one
  parameter, gamma = tau² / sigma², found with a bounded scalar search; every step is a few numpy
  reductions over group sums. 2,000 people x 4 waves fit in milliseconds.
- "statsmodels": statsmodels.formula.api.mixedlm("score ~ C(wave)", groups=respondent), fitted by
  REML; the reference the fast engine is tested against (about 1.5 s for 2,000 people x 4 waves).

Wave effects are differences from the first wave (baseline), with Wald 95% CIs and p-values from
the normal distribution, as statsmodels reports them.
"""

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from palg_evaluation.stats import MIN_PAIRS

MSG_TOO_FEW = (
    "{n} respondents answered two or more waves, below the minimum of {min_n}: descriptives only."
)
MSG_ONE_WAVE = "Only one wave has answers: there is no change to model."
MSG_ENGINE = "Unknown engine {engine!r}: use 'fast' or 'statsmodels'."
MSG_LENGTHS = "respondents, waves and scores must have the same length."
MSG_UNKNOWN_WAVE = "Wave {wave!r} is not in the wave order {order}."


@dataclass(frozen=True)
class WaveSummary:
    wave: str
    n: int
    mean: float | None


@dataclass(frozen=True)
class WaveEffect:
    """A wave's estimated mean difference from baseline."""

    wave: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p: float


@dataclass(frozen=True)
class MixedModel:
    n_observations: int
    n_respondents: int
    waves: tuple[WaveSummary, ...]
    baseline_mean: float | None
    effects: tuple[WaveEffect, ...]  # empty when inference is refused
    respondent_var: float | None
    residual_var: float | None
    inference: bool
    reason: str | None
    engine: str
    formula: str = "score ~ C(wave) + (1 | respondent), REML"


def _design(waves: np.ndarray, order: Sequence[str]) -> np.ndarray:
    x = np.zeros((waves.size, len(order)))
    x[:, 0] = 1.0
    for j, wave in enumerate(order[1:], start=1):
        x[:, j] = waves == wave
    return x


def _fit_fast(y: np.ndarray, x: np.ndarray, groups: np.ndarray):
    """REML estimates of the random-intercept model: beta, cov(beta), tau², sigma²."""
    from scipy.optimize import minimize_scalar

    n_obs, p = x.shape
    n_groups = int(groups.max()) + 1
    sizes = np.bincount(groups, minlength=n_groups).astype(float)
    sx = np.zeros((n_groups, p))
    np.add.at(sx, groups, x)
    sy = np.bincount(groups, weights=y, minlength=n_groups)
    xtx, xty = x.T @ x, x.T @ y

    def solve(gamma: float):
        c = gamma / (1 + sizes * gamma)
        a = xtx - (sx * c[:, None]).T @ sx
        b = xty - (sx * c[:, None]).T @ sy
        beta = np.linalg.solve(a, b)
        r = y - x @ beta
        sr = np.bincount(groups, weights=r, minlength=n_groups)
        q = r @ r - (c * sr * sr).sum()
        return a, beta, q

    def objective(log_gamma: float) -> float:
        gamma = math.exp(log_gamma)
        a, _, q = solve(gamma)
        logdet = np.linalg.slogdet(a)[1]
        return (n_obs - p) * math.log(q / (n_obs - p)) + np.log1p(sizes * gamma).sum() + logdet

    found = minimize_scalar(
        objective, bounds=(-20.0, 12.0), method="bounded", options={"xatol": 1e-10}
    )
    gamma = math.exp(found.x)
    a, beta, q = solve(gamma)
    sigma2 = q / (n_obs - p)
    return beta, sigma2 * np.linalg.inv(a), gamma * sigma2, sigma2


def _fit_statsmodels(y, waves, groups, order):
    import pandas as pd
    import statsmodels.formula.api as smf

    codes = pd.Categorical(waves, categories=list(order))
    frame = pd.DataFrame({"score": y, "wave": codes.codes, "g": groups})
    fit = smf.mixedlm("score ~ C(wave)", frame, groups=frame["g"]).fit(reml=True)
    k = len(order)
    beta = np.asarray(fit.fe_params)[:k]
    cov = np.asarray(fit.cov_params())[:k, :k]
    return beta, cov, float(fit.cov_re.iloc[0, 0]), float(fit.scale)


def mixed_model(
    respondents: Sequence[Hashable],
    waves: Sequence[str],
    scores: Sequence[float],
    *,
    wave_order: Sequence[str] | None = None,
    min_n: int = MIN_PAIRS,
    engine: str = "fast",
) -> MixedModel:
    """Fit score ~ C(wave) + (1 | respondent) to long data, one row per answered wave.

    `wave_order` (default: first appearance) puts the baseline first. Inference is refused when
    fewer than `min_n` respondents answered two or more waves."""
    from scipy.stats import norm

    if engine not in ("fast", "statsmodels"):
        raise ValueError(MSG_ENGINE.format(engine=engine))
    if not (len(respondents) == len(waves) == len(scores)):
        raise ValueError(MSG_LENGTHS)
    w = np.asarray([str(v) for v in waves], dtype=object)
    y = np.asarray(scores, dtype=float)
    order = [str(v) for v in wave_order] if wave_order else list(dict.fromkeys(w.tolist()))
    unknown = set(w.tolist()) - set(order)
    if unknown:
        raise ValueError(MSG_UNKNOWN_WAVE.format(wave=sorted(unknown)[0], order=order))
    keep = ~np.isnan(y)
    w, y = w[keep], y[keep]
    _, groups = np.unique(
        np.asarray(respondents, dtype=object)[keep].astype(str), return_inverse=True
    )
    summaries = tuple(
        WaveSummary(
            wave, int((w == wave).sum()), float(y[w == wave].mean()) if (w == wave).any() else None
        )
        for wave in order
    )
    present = [s.wave for s in summaries if s.n]
    sizes = np.bincount(groups) if groups.size else np.array([], dtype=int)
    repeated = int((sizes >= 2).sum())
    base = dict(
        n_observations=int(y.size),
        n_respondents=int(sizes.size),
        waves=summaries,
        engine=engine,
    )
    refused = dict(
        baseline_mean=summaries[0].mean if summaries else None,
        effects=(),
        respondent_var=None,
        residual_var=None,
        inference=False,
    )
    if len(present) < 2:
        return MixedModel(**base, **refused, reason=MSG_ONE_WAVE)
    if repeated < min_n:
        return MixedModel(**base, **refused, reason=MSG_TOO_FEW.format(n=repeated, min_n=min_n))
    if engine == "fast":
        beta, cov, tau2, sigma2 = _fit_fast(y, _design(w, present), groups)
    else:
        beta, cov, tau2, sigma2 = _fit_statsmodels(y, w, groups, present)
    se = np.sqrt(np.diag(cov))
    z = norm.ppf(0.975)
    effects = tuple(
        WaveEffect(
            wave,
            float(beta[j]),
            float(se[j]),
            float(beta[j] - z * se[j]),
            float(beta[j] + z * se[j]),
            float(2 * norm.sf(abs(beta[j] / se[j]))),
        )
        for j, wave in enumerate(present[1:], start=1)
    )
    return MixedModel(
        **base,
        baseline_mean=float(beta[0]),
        effects=effects,
        respondent_var=float(tau2),
        residual_var=float(sigma2),
        inference=True,
        reason=None,
    )
