"""palg_evaluation: the instruments palg ships (as data), their scoring, the statistics of change
across waves and the disclosure control that decides which aggregates may be shown.

numpy, scipy, pandas and statsmodels only (pingouin is the cross-check in the tests); no Django,
no palg. The app feeds it plain values and renders what it returns. Importing it loads numpy
alone; scipy and statsmodels load when a statistic is first computed.
"""

from palg_evaluation.disclosure import (
    SCORE_FLOOR,
    TEXT_FLOOR,
    Cell,
    cell,
    floor_for,
    shown,
    suppress,
)
from palg_evaluation.instruments import (
    INSTRUMENT_OF_SCALE,
    INSTRUMENTS,
    ITEMS,
    MISSING_RULE,
    SCALE_ORDER,
    SCALES,
    Instrument,
    Item,
    Option,
    Scale,
    instrument,
)
from palg_evaluation.methods import methods_note
from palg_evaluation.mixed import MixedModel, WaveEffect, WaveSummary, mixed_model
from palg_evaluation.scoring import check_answer, score
from palg_evaluation.stats import (
    MIN_PAIRS,
    RESAMPLES,
    DropoutComparison,
    PairedChange,
    WaveResponse,
    completers_vs_dropouts,
    detectable_d_z,
    paired_change,
    power_table,
    response_rates,
)

__all__ = [
    "INSTRUMENTS",
    "INSTRUMENT_OF_SCALE",
    "ITEMS",
    "MIN_PAIRS",
    "MISSING_RULE",
    "RESAMPLES",
    "SCALES",
    "SCALE_ORDER",
    "SCORE_FLOOR",
    "TEXT_FLOOR",
    "Cell",
    "DropoutComparison",
    "Instrument",
    "Item",
    "MixedModel",
    "Option",
    "PairedChange",
    "Scale",
    "WaveEffect",
    "WaveResponse",
    "WaveSummary",
    "cell",
    "check_answer",
    "completers_vs_dropouts",
    "detectable_d_z",
    "floor_for",
    "instrument",
    "methods_note",
    "mixed_model",
    "paired_change",
    "power_table",
    "response_rates",
    "score",
    "shown",
    "suppress",
]
