"""The methods note that reports and exports carry: instruments (with adaptations), the missing
rule, the statistics and the minimum n, in plain sentences."""

from palg_evaluation.disclosure import SCORE_FLOOR, TEXT_FLOOR
from palg_evaluation.instruments import INSTRUMENTS, MISSING_RULE
from palg_evaluation.stats import DIFF_DECIMALS, MIN_PAIRS, RESAMPLES, ZERO_METHOD

STATISTICS = (
    "Change is pooled across sets, never computed per set. Paired change per scale compares each "
    "person's later score with their baseline (difference = later - baseline) and reports the "
    "mean difference; d_z (mean difference / SD of the differences), d_av (mean difference / "
    "root mean of the two variances) and Hedges' g (d_av with the small-sample correction), each "
    f"labelled; a BCa bootstrap 95% CI of d_z from {RESAMPLES:,} resamples with the seed shown; "
    f"and the Wilcoxon signed-rank test (zero_method {ZERO_METHOD!r}, differences rounded to "
    f"{DIFF_DECIMALS} decimals). A linear mixed model (score ~ wave + a random intercept per "
    "person, REML) uses every wave a person answered, so people who missed a wave still count "
    "(assuming answers are missing at random). Response rates are given per wave, and the "
    "baseline scores of those who dropped out are compared with those who stayed."
)
LEFT_OUT = (
    "COPSOQ III social support is not included: its official item texts, which may not be "
    "altered, were not available to ship verbatim. No proprietary instrument (such as the MBI) "
    "is used."
)
MINIMUM_N = (
    f"With fewer than {MIN_PAIRS} pairs only descriptives are shown, with the smallest d_z that "
    "a paired t-test could detect at that n (alpha .05, power .8)."
)
DISCLOSURE = (
    f"No aggregate of fewer than {SCORE_FLOOR} respondents is shown (free text: {TEXT_FLOOR}), "
    "and cells that could be subtracted from each other to reveal fewer are suppressed too."
)


def methods_note() -> list[str]:
    """Paragraphs for a report's methods section."""
    lines = []
    for inst in INSTRUMENTS.values():
        flags = []
        if inst.adapted:
            flags.append("adapted wording")
        if not inst.validated and "not a validated scale" not in inst.name:
            flags.append("not a validated scale")
        shown = f" ({', '.join(flags)})" if flags else ""
        lines.append(f"{inst.name}{shown}. {inst.citation} Licence: {inst.licence}")
    return [*lines, LEFT_OUT, MISSING_RULE, STATISTICS, MINIMUM_N, DISCLOSURE]
