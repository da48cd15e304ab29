"""palg_evaluation: the instruments palg ships (as data), their scoring, the statistics of change
across waves and the disclosure control that decides which aggregates may be shown.

numpy, scipy, pandas, statsmodels and pingouin only; no Django, no palg. The app feeds it plain
values and renders what it returns.
"""

from palg_evaluation.instruments import (
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
from palg_evaluation.scoring import check_answer, score

__all__ = [
    "INSTRUMENTS",
    "ITEMS",
    "MISSING_RULE",
    "SCALES",
    "SCALE_ORDER",
    "Instrument",
    "Item",
    "Option",
    "Scale",
    "check_answer",
    "instrument",
    "score",
]
