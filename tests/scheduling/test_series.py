"""The series as dates and times: cadence, slot, time zones, DST and blackouts (no database)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from palg.scheduling.series import (
    Busy,
    Closure,
    SeriesError,
    first_on_or_after,
    overlapping,
    plan,
    slot_start,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def series(**overrides):
    options = {
        "start": date(2031, 1, 6),  # a Monday
        "weekday": 1,  # Tuesday
        "at": time(9, 0),
        "cadence_weeks": 4,
        "count": 6,
        "minutes": 180,
        "zone": LONDON,
        "closures": (),
    }
    return plan(**{**options, **overrides})


def test_it_reads_a_slot_as_a_weekday_and_the_parts_usual_start():
    assert slot_start("tue-am") == (1, time(9, 0))
    assert slot_start("thu-pm") == (3, time(14, 0))
    assert slot_start("sun-eve") == (6, time(18, 0))


def test_it_refuses_an_unknown_slot():
    with pytest.raises(SeriesError):
        slot_start("tue-night")


def test_it_starts_on_the_first_slot_day_on_or_after_the_start_date():
    assert first_on_or_after(date(2031, 1, 6), 1) == date(2031, 1, 7)
    assert first_on_or_after(date(2031, 1, 7), 1) == date(2031, 1, 7)
    assert first_on_or_after(date(2031, 1, 8), 1) == date(2031, 1, 14)


def test_it_plans_the_programmes_number_of_meetings_at_its_cadence_on_the_slot():
    planned = series(count=6, cadence_weeks=4)
    assert [p.number for p in planned] == [1, 2, 3, 4, 5, 6]
    assert [p.day for p in planned] == [date(2031, 1, 7) + timedelta(weeks=4 * k) for k in range(6)]
    assert all(p.starts_at.weekday() == 1 and p.starts_at.time() == time(9, 0) for p in planned)
    assert all(p.ends_at - p.starts_at == timedelta(minutes=180) for p in planned)
    assert not any(p.moved for p in planned)


def test_it_keeps_nine_oclock_in_london_while_utc_moves_across_both_clock_changes():
    # Weekly from Tuesday 17 March 2026: the clocks go forward on Sunday 29 March and back on
    # Sunday 25 October.
    planned = series(start=date(2026, 3, 17), cadence_weeks=1, count=34)
    local = {p.day: p.starts_at for p in planned}
    assert {s.time() for s in local.values()} == {time(9, 0)}
    utc = {day: s.astimezone(UTC).time() for day, s in local.items()}
    assert utc[date(2026, 3, 24)] == time(9, 0)  # GMT
    assert utc[date(2026, 3, 31)] == time(8, 0)  # BST
    assert utc[date(2026, 10, 20)] == time(8, 0)  # BST
    assert utc[date(2026, 10, 27)] == time(9, 0)  # GMT again


def test_it_keeps_the_local_time_in_new_york_across_its_own_clock_changes():
    # New York changes on Sunday 8 March and Sunday 1 November 2026.
    planned = series(
        start=date(2026, 3, 1), weekday=3, at=time(14, 0), cadence_weeks=1, count=40,
        zone=NEW_YORK,
    )  # fmt: skip
    assert {p.starts_at.time() for p in planned} == {time(14, 0)}
    utc = {p.day: p.starts_at.astimezone(UTC).time() for p in planned}
    assert utc[date(2026, 3, 5)] == time(19, 0)  # EST, UTC-5
    assert utc[date(2026, 3, 12)] == time(18, 0)  # EDT, UTC-4
    assert utc[date(2026, 10, 29)] == time(18, 0)
    assert utc[date(2026, 11, 5)] == time(19, 0)


def test_a_meeting_that_spans_the_clock_change_lasts_its_real_length():
    planned = series(start=date(2026, 3, 29), weekday=6, at=time(0, 30), count=1, minutes=180)
    meeting = planned[0]
    assert meeting.ends_at.astimezone(UTC) - meeting.starts_at.astimezone(UTC) == timedelta(
        minutes=180
    )
    assert meeting.ends_at.time() == time(4, 30)  # 00:30 GMT + 3 h = 04:30 BST


def test_a_time_the_clocks_skip_becomes_the_same_instant_after_the_change():
    planned = series(start=date(2026, 3, 29), weekday=6, at=time(1, 30), count=1)
    assert planned[0].starts_at.time() == time(2, 30)
    assert planned[0].starts_at.utcoffset() == timedelta(hours=1)


def test_it_moves_a_meeting_out_of_a_blackout_to_the_next_slot_day_and_says_why():
    christmas = Closure("Christmas closure", date(2031, 12, 22), date(2032, 1, 2))
    planned = series(start=date(2031, 12, 1), cadence_weeks=4, count=3, closures=[christmas])
    assert [p.day for p in planned] == [date(2031, 12, 2), date(2032, 1, 6), date(2032, 1, 27)]
    moved = planned[1]
    assert moved.nominal == date(2031, 12, 30)
    assert moved.moved and moved.skipped == (christmas,)
    assert moved.starts_at.weekday() == 1  # still the set's slot
    assert not planned[2].moved


def test_it_skips_back_to_back_blackouts():
    first = Closure("Closure", date(2031, 1, 13), date(2031, 1, 15))
    second = Closure("Stocktake", date(2031, 1, 20), date(2031, 1, 22))
    planned = series(start=date(2031, 1, 13), count=1, closures=[first, second])
    assert planned[0].day == date(2031, 1, 28)
    assert planned[0].skipped == (first, second)


def test_a_later_meeting_moves_after_one_that_a_blackout_pushed_onto_it():
    closure = Closure("Office move", date(2031, 1, 7), date(2031, 1, 20))
    planned = series(start=date(2031, 1, 7), cadence_weeks=1, count=3, closures=[closure])
    assert [p.day for p in planned] == [date(2031, 1, 21), date(2031, 1, 28), date(2031, 2, 4)]
    assert planned[1].after_previous and planned[1].moved


def test_it_refuses_a_series_that_blackouts_push_more_than_a_year():
    forever = Closure("Sabbatical", date(2031, 1, 1), date(2033, 1, 1))
    with pytest.raises(SeriesError, match="more than a year"):
        series(closures=[forever])


def test_it_finds_overlaps_but_not_meetings_that_only_touch():
    planned = series(count=1)  # Tue 7 Jan 2031, 09:00-12:00 London (UTC)
    start = datetime(2031, 1, 7, 9, tzinfo=LONDON)
    overlap = Busy(start + timedelta(hours=2), start + timedelta(hours=4), "overlap")
    after = Busy(start + timedelta(hours=3), start + timedelta(hours=5), "after")
    before = Busy(start - timedelta(hours=2), start, "before")
    found = overlapping(planned, [overlap, after, before])
    assert [other.about for _, other in found] == ["overlap"]
