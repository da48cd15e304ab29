"""Rising, steady or fading: statements of the last three months against the three before."""

from datetime import datetime, timedelta

import pytest

from palg.themes.selectors import FADING, RISING, STEADY, _trend

NOW = datetime(2026, 6, 30, 12)


def ago(*days: int) -> list[datetime]:
    return [NOW - timedelta(days=d) for d in days]


@pytest.mark.parametrize(
    "moments,trend",
    [
        (ago(1, 10, 20), RISING),  # all recent
        (ago(1, 10, 100, 120), STEADY),  # two and two
        (ago(1, 100, 120, 150), FADING),  # one against three
        (ago(200, 300), FADING),  # nothing for six months
        (ago(1, 2, 3, 100, 120), RISING),  # three against two
    ],
)
def test_the_trend_compares_the_last_quarter_with_the_one_before(moments, trend):
    assert _trend(moments, NOW) == trend
