"""Statistics of change, pooled across sets (never per set): paired change with labelled effect
sizes, a seeded bootstrap CI and the Wilcoxon signed-rank test; a linear mixed model over all
waves, so that people who missed a wave still count; response rates per wave; completers against
drop-outs at baseline; and the power table's detectable effect for a number of pairs.

Below the minimum n (MIN_PAIRS, default 12 pairs) only descriptives are returned, with the reason
and the detectable d_z for the n at hand; inference is refused.

Definitions (measurement guide §2.2-2.5):
- difference = after - before, so a fall in burnout is negative;
- d_z = mean difference / SD of the differences (pingouin `cohen_dz`);
- d_av = mean difference / sqrt((SD_before² + SD_after²) / 2) (pingouin `cohen`, paired);
- hedges_g = d_av x (1 - 3 / (4 (n + n) - 9)) (pingouin `hedges`, paired);
- ci95_d_z: BCa bootstrap over the pairs, RESAMPLES resamples, scipy.stats.bootstrap with
  numpy.random.default_rng(seed); the seed is returned with the result;
- Wilcoxon signed-rank on the differences rounded to DIFF_DECIMALS places (so float round-off
  does not break ties), zero_method "pratt" (zeros are ranked, then dropped: the more
  conservative choice when many differences are zero), two-sided;
- detectable d_z: the smallest d_z a two-sided paired t-test at alpha .05 detects with power .8
  (statsmodels TTestPower; reproduces the guide's §2.4 table).

Disclosure control is not applied here: a caller that shows these numbers passes the cells
through palg_evaluation.disclosure first.
"""

import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np

MIN_PAIRS = 12
RESAMPLES = 2000
DEFAULT_SEED = 20261207
ZERO_METHOD = "pratt"
DIFF_DECIMALS = 6
ALPHA = 0.05
POWER = 0.8

MSG_LENGTHS = "before has {before} values and after has {after}: they must pair up."
MSG_TOO_FEW = (
    "{n} pairs is below the minimum of {min_n}: descriptives only. With {n} pairs only a change "
    "of d_z {detectable} or more could be detected (paired t-test, alpha .05, power .8)."
)
MSG_NO_SPREAD = "Every difference is the same, so d_z and the tests are undefined."
MSG_NO_CI = (
    "The bootstrap CI of d_z cannot be computed: so many differences are the same that some "
    "resamples have no spread."
)
MSG_MIN_N = "The minimum n must be at least 3, not {min_n}."


def detectable_d_z(n: int, *, alpha: float = ALPHA, power: float = POWER) -> float | None:
    """The smallest d_z a two-sided paired t-test detects with n pairs (None below 2 pairs)."""
    if n < 2:
        return None
    from statsmodels.stats.power import TTestPower

    effect = TTestPower().solve_power(nobs=n, alpha=alpha, power=power)
    return float(np.asarray(effect).item())


def power_table(ns: Iterable[int] = (6, 12, 24, 48, 100)) -> dict[int, float | None]:
    """Detectable d_z per number of pairs (measurement guide §2.4)."""
    return {n: detectable_d_z(n) for n in ns}


@dataclass(frozen=True)
class PairedChange:
    """Paired change on one scale. Effect sizes, CI and p are None below the minimum n (see
    `reason`) or when every difference is the same."""

    n: int
    mean_before: float | None
    mean_after: float | None
    sd_before: float | None
    sd_after: float | None
    mean_diff: float | None
    sd_diff: float | None
    d_z: float | None
    d_av: float | None
    hedges_g: float | None
    ci95_d_z: tuple[float, float] | None
    wilcoxon_p: float | None
    detectable_d_z: float | None
    inference: bool
    reason: str | None
    min_n: int
    seed: int
    resamples: int
    ci_method: str = "BCa bootstrap over pairs"
    wilcoxon_zero_method: str = ZERO_METHOD

    def as_dict(self) -> dict:
        data = asdict(self)
        data["ci95_d_z"] = list(self.ci95_d_z) if self.ci95_d_z else None
        return data


def _mean(x: np.ndarray) -> float | None:
    return float(x.mean()) if x.size else None


def _sd(x: np.ndarray) -> float | None:
    return float(x.std(ddof=1)) if x.size > 1 else None


def _dz(d: np.ndarray, axis: int = -1) -> np.ndarray:
    """d_z along an axis, written as anyone would check it (mean / std with ddof 1): on small
    discrete data a reformulation (e.g. from sums) rounds differently, which moves BCa's
    tie-sensitive bias correction, so the CI would no longer match scipy by hand."""
    return d.mean(axis=axis) / d.std(ddof=1, axis=axis)


def bootstrap_ci_d_z(
    diff: np.ndarray, *, seed: int, resamples: int = RESAMPLES
) -> tuple[float, float] | None:
    """BCa bootstrap 95% CI of d_z, resampling the pairs (their differences); None when it
    cannot be computed (some resamples have no spread, so their d_z is undefined)."""
    import warnings

    from scipy.stats import bootstrap

    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore")  # scipy's DegenerateDataWarning: handled below
        result = bootstrap(
            (diff,),
            _dz,
            n_resamples=resamples,
            method="BCa",
            confidence_level=0.95,
            rng=np.random.default_rng(seed),
        )
    low, high = result.confidence_interval
    if not (math.isfinite(low) and math.isfinite(high)):
        return None
    return float(low), float(high)


def wilcoxon_p(diff: np.ndarray) -> float:
    from scipy.stats import wilcoxon

    return float(wilcoxon(np.round(diff, DIFF_DECIMALS), zero_method=ZERO_METHOD).pvalue)


def _pairs(before: Sequence[float], after: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    b = np.asarray(before, dtype=float)
    a = np.asarray(after, dtype=float)
    if b.shape != a.shape or b.ndim != 1:
        raise ValueError(MSG_LENGTHS.format(before=b.size, after=a.size))
    keep = ~(np.isnan(b) | np.isnan(a))  # a pair with either side missing is no pair
    return b[keep], a[keep]


def paired_change(
    before: Sequence[float],
    after: Sequence[float],
    *,
    seed: int = DEFAULT_SEED,
    resamples: int = RESAMPLES,
    min_n: int = MIN_PAIRS,
) -> PairedChange:
    """Paired change from before to after (NaN on either side drops the pair)."""
    if min_n < 3:
        raise ValueError(MSG_MIN_N.format(min_n=min_n))
    b, a = _pairs(before, after)
    diff = a - b
    n = int(diff.size)
    detectable = detectable_d_z(n)
    base = dict(
        n=n,
        mean_before=_mean(b),
        mean_after=_mean(a),
        sd_before=_sd(b),
        sd_after=_sd(a),
        mean_diff=_mean(diff),
        sd_diff=_sd(diff),
        detectable_d_z=detectable,
        min_n=min_n,
        seed=seed,
        resamples=resamples,
    )
    none = dict(d_z=None, d_av=None, hedges_g=None, ci95_d_z=None, wilcoxon_p=None)
    if n < min_n:
        shown = "-" if detectable is None else f"{detectable:.2f}"
        reason = MSG_TOO_FEW.format(n=n, min_n=min_n, detectable=shown)
        return PairedChange(**base, **none, inference=False, reason=reason)
    if np.ptp(np.round(diff, DIFF_DECIMALS)) == 0:
        return PairedChange(**base, **none, inference=False, reason=MSG_NO_SPREAD)
    d_av = float(diff.mean() / math.sqrt((b.var(ddof=1) + a.var(ddof=1)) / 2))
    ci = bootstrap_ci_d_z(diff, seed=seed, resamples=resamples)
    return PairedChange(
        **base,
        d_z=float(_dz(diff)),
        d_av=d_av,
        hedges_g=d_av * (1 - 3 / (4 * (n + n) - 9)),
        ci95_d_z=ci,
        wilcoxon_p=wilcoxon_p(diff),
        inference=True,
        reason=None if ci else MSG_NO_CI,
    )


# Response rates and drop-outs -------------------------------------------------------------


@dataclass(frozen=True)
class WaveResponse:
    wave: str
    invited: int
    responded: int
    rate: float | None


def response_rates(
    invited: Mapping[str, Collection[Hashable]], responded: Mapping[str, Collection[Hashable]]
) -> list[WaveResponse]:
    """Per wave, in the order of `invited`: how many were invited, how many of them answered."""
    rows = []
    for wave, people in invited.items():
        invited_set = set(people)
        answered = len(invited_set & set(responded.get(wave, ())))
        rate = answered / len(invited_set) if invited_set else None
        rows.append(WaveResponse(str(wave), len(invited_set), answered, rate))
    return rows


@dataclass(frozen=True)
class Group:
    n: int
    mean: float | None
    sd: float | None


@dataclass(frozen=True)
class DropoutComparison:
    """Baseline scores of those who answered the later wave (completers) against those who did
    not (drop-outs). Drop-out is rarely random: burned-out people stop answering."""

    completers: Group
    dropouts: Group
    mean_diff: float | None  # drop-outs minus completers
    hedges_g: float | None  # unpaired, drop-outs minus completers
    welch_p: float | None
    inference: bool
    reason: str | None


MSG_DROPOUT_FEW = "Fewer than {min_n} completers or drop-outs ({c} and {d}): descriptives only."


def _group(x: np.ndarray) -> Group:
    return Group(int(x.size), _mean(x), _sd(x))


def completers_vs_dropouts(
    baseline: Mapping[Hashable, float], completed: Collection[Hashable], *, min_n: int = MIN_PAIRS
) -> DropoutComparison:
    """Compare baseline scores of completers (in `completed`) with drop-outs (not in it)."""
    done = set(completed)
    c = np.array([s for p, s in baseline.items() if p in done], dtype=float)
    d = np.array([s for p, s in baseline.items() if p not in done], dtype=float)
    completers, dropouts = _group(c), _group(d)
    diff = None if not (c.size and d.size) else float(d.mean() - c.mean())
    if min(c.size, d.size) < min_n:
        reason = MSG_DROPOUT_FEW.format(min_n=min_n, c=c.size, d=d.size)
        return DropoutComparison(completers, dropouts, diff, None, None, False, reason)
    from scipy.stats import ttest_ind

    pooled = math.sqrt(
        ((c.size - 1) * c.var(ddof=1) + (d.size - 1) * d.var(ddof=1)) / (c.size + d.size - 2)
    )
    g = None
    if pooled > 0:
        g = diff / pooled * (1 - 3 / (4 * (c.size + d.size) - 9))
    p = float(ttest_ind(d, c, equal_var=False).pvalue) if pooled > 0 else None
    return DropoutComparison(completers, dropouts, diff, g, p, True, None)
