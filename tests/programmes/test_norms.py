from datetime import UTC, datetime, timedelta

from palg.programmes import norms


def codes(warnings):
    return [w.code for w in warnings]


def test_it_is_silent_for_a_design_within_the_norms():
    found = norms.design_warnings(
        min_group_size=4, max_group_size=8, meeting_count=6, cadence_weeks=4
    )
    assert found == []


def test_it_warns_about_sets_smaller_than_four():
    found = norms.design_warnings(
        min_group_size=3, max_group_size=6, meeting_count=6, cadence_weeks=4
    )
    assert codes(found) == ["size-low"]
    assert found[0].message == norms.MSG_SIZE_LOW.format(norm=4, value=3)


def test_it_warns_about_sets_larger_than_eight():
    found = norms.design_warnings(
        min_group_size=5, max_group_size=10, meeting_count=6, cadence_weeks=4
    )
    assert codes(found) == ["size-high"]


def test_it_warns_about_fewer_than_four_meetings():
    found = norms.design_warnings(
        min_group_size=5, max_group_size=7, meeting_count=3, cadence_weeks=4
    )
    assert codes(found) == ["few-meetings"]
    assert "you plan 3" in found[0].message


def test_it_warns_about_a_cadence_over_eight_weeks():
    found = norms.design_warnings(
        min_group_size=5, max_group_size=7, meeting_count=6, cadence_weeks=9
    )
    assert codes(found) == ["long-cadence"]


def test_it_finds_each_gap_over_eight_weeks_between_meetings():
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    starts = [start, start + timedelta(weeks=4), start + timedelta(weeks=13)]
    found = norms.schedule_gap_warnings("Alpha", reversed(starts))
    assert codes(found) == ["long-gap"]
    assert found[0].message.startswith("Alpha: 9.0 weeks between the meetings of 02 Feb 2026")


def test_it_allows_exactly_eight_weeks():
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    assert norms.schedule_gap_warnings("Alpha", [start, start + timedelta(weeks=8)]) == []
