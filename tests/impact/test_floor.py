"""No figure outside a set rests on fewer than 5 people (PALG_MIN_CELL raises it, never
lowers it); sponsors also need 3 sets; a withheld figure says why instead of a number."""

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from palg.access import Actor
from palg.impact import selectors
from palg.impact.floor import Audience, min_cell, release
from tests.impact.builders import TODAY, add_worked_example, build_pilot


def impact_as(pilot, person):
    actor = Actor.from_user(pilot.user(person))
    return selectors.programme_impact(actor=actor, programme_id=pilot.programme.pk, today=TODAY)


def test_it_withholds_figures_resting_on_fewer_than_5_people(db):
    pilot = build_pilot(sets=("A", "B"), per_set=2)  # 4 people
    f = impact_as(pilot, pilot.lead).figures
    for figure in (f.attendance_rate, f.cycles_per_member_month, f.cycles):
        assert figure.value is None
    assert f.cycles_per_member_month.withheld == "not shown: fewer than 5 people"


def test_it_withholds_every_month_of_the_series_below_the_floor(db):
    pilot = build_pilot(sets=("A", "B"), per_set=2)
    series = impact_as(pilot, pilot.lead).series
    assert len(series) == 3
    assert all(row.learning.withheld == "not shown: fewer than 5 people" for row in series)


def test_a_sponsor_needs_three_sets_behind_a_figure(db):
    pilot = build_pilot(sets=("A", "B"), per_set=3)  # 6 people, 2 sets
    assert impact_as(pilot, pilot.lead).figures.cycles_per_member_month.value == 0
    sponsor = impact_as(pilot, pilot.sponsor).figures.cycles_per_member_month
    assert sponsor.value is None
    assert sponsor.withheld == "not shown: fewer than 3 sets"


def test_a_raised_minimum_withholds_more(db, settings):
    pilot = build_pilot()
    add_worked_example(pilot)
    settings.MIN_CELL = 7
    f = impact_as(pilot, pilot.lead).figures
    assert f.committed.withheld == "not shown: fewer than 7 people"


def test_it_refuses_a_minimum_below_5(db, settings):
    settings.MIN_CELL = 3
    with pytest.raises(ImproperlyConfigured, match="never lower it"):
        min_cell()
    with pytest.raises(ImproperlyConfigured):
        release(1, people=10, sets=5, audience=Audience.OVERSEER)
    assert "palg.impact.E001" in {message.id for message in run_checks()}


def test_a_set_sees_its_own_figures_whatever_its_size():
    assert release(3, people=2, sets=1, audience=Audience.SET).value == 3


def test_it_says_nothing_is_recorded_when_nobody_contributed():
    assert release(None, people=0, sets=0, audience=Audience.SPONSOR).withheld == (
        "nothing recorded yet"
    )
