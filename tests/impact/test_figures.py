"""Level 1 and level 3 figures and the L >= C series, from hand-built data (tests/impact/
builders.py), worked out by hand:

- attendance: 4 present of 6 recorded (the cancelled meetings' rows left out) = 67%;
- 6 experiments from 6 people in 3 sets; 4 reported back (67%), 3 completed, 1 dropped;
- days to first report-back: 7, 35, 10, 10 from 4 people: withheld; with m6 reporting back
  15 days after committing, 7, 35, 10, 10, 15 from 5 people -> median 10;
- learning cycles (report-backs with a learning): 4, one each in January and February, two in
  March; 6 members x 3 whole months = 18 member-months -> 4 / 18 = 0.22;
- change events counted: organisation-wide large (3) in January, the programme's medium (2)
  and small (1) in March; another programme's and another organisation's are not -> C by month
  3, 0, 3 and 6 / 3 months = 2.0 per month.
"""

from datetime import date

import pytest

from palg.access import Actor
from palg.impact import selectors
from palg.impact.floor import Audience
from palg.impact.pools import month_fractions
from tests.impact.builders import TODAY, add_worked_example, build_pilot


@pytest.fixture
def pilot(db):
    pilot = build_pilot()
    add_worked_example(pilot)
    return pilot


def lead_impact(pilot):
    actor = Actor.from_user(pilot.user(pilot.lead))
    return selectors.programme_impact(actor=actor, programme_id=pilot.programme.pk, today=TODAY)


def test_it_computes_the_level_1_and_level_3_figures_by_hand(pilot):
    f = lead_impact(pilot).figures
    assert f.attendance_rate.value == 67
    assert f.committed.value == 6
    assert f.reported_back.value == 4
    assert f.report_back_rate.value == 67
    assert f.completed.value == 3
    assert f.dropped.value == 1
    # Only 4 people have reported back: their median stays hidden even from the lead.
    assert f.median_days_to_report.withheld == "not shown: fewer than 5 people"
    assert f.cycles.value == 4
    assert f.cycles_per_member_month.value == 0.22
    assert f.changes_per_month.value == 2.0


def test_it_shows_the_median_days_to_report_back_once_five_people_reported(pilot):
    from palg.live.models import CardEntry, ExperimentCard
    from tests.impact.builders import noon

    card = ExperimentCard.objects.get(owner=pilot.members["m6"])
    entry = CardEntry.objects.create(card=card, kind="report", did="Tried it",
                                     status_before="planned", status_after="planned")  # fmt: skip
    CardEntry.objects.filter(pk=entry.pk).update(created_at=noon("2026-03-20"))
    f = lead_impact(pilot).figures
    assert f.median_days_to_report.value == 10
    assert f.reported_back.value == 5
    assert f.report_back_rate.value == 83
    assert f.cycles.value == 4  # no learning written: not a learning cycle


def test_it_gives_the_l_ge_c_series_month_by_month(pilot):
    impact = lead_impact(pilot)
    rows = [(r.month, r.learning.value, r.change_weight, r.change_count) for r in impact.series]
    assert rows == [
        (date(2026, 1, 1), 0.17, 3, 1),
        (date(2026, 2, 1), 0.17, 0, 0),
        (date(2026, 3, 1), 0.33, 3, 2),
    ]
    assert impact.explanation.startswith("A heuristic, not a validated metric: ")


def test_it_counts_part_months_for_members_who_joined_late(pilot):
    from palg.programmes.models import Membership

    late = pilot.members["m6"]
    Membership.objects.filter(person=late).update(joined_at="2026-03-17T12:00:00+00:00")
    impact = lead_impact(pilot)
    # m6 is in for 15 of March's 31 days: 5 x 3 + 15/31 member-months.
    assert impact.figures.cycles_per_member_month.value == round(4 / (15 + 15 / 31), 2)
    # January and February now rest on 5 people: still shown.
    assert impact.series[0].learning.value == 0.2


def test_it_splits_a_span_into_month_shares():
    assert month_fractions(date(2026, 1, 17), date(2026, 2, 28)) == {
        date(2026, 1, 1): 15 / 31,
        date(2026, 2, 1): 1.0,
    }


def test_it_gives_the_lead_dashboard_the_same_rates(pilot):
    (row,) = selectors.headlines(programmes=[pilot.programme], audience=Audience.OVERSEER,
                                 today=TODAY)  # fmt: skip
    assert row.figures.attendance_rate.value == 67
    assert row.figures.report_back_rate.value == 67


def test_a_sponsor_sees_the_pooled_figures_of_three_sets(pilot):
    actor = Actor.from_user(pilot.user(pilot.sponsor))
    impact = selectors.programme_impact(actor=actor, programme_id=pilot.programme.pk, today=TODAY)
    assert impact.audience is Audience.SPONSOR
    assert impact.figures.reported_back.value == 4
    assert impact.figures.cycles_per_member_month.value == 0.22
