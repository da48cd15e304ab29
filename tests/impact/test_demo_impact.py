"""The demo's running programme has enough experiments reported back, across enough sets and
people, for its level 3 figures and L >= C to show, even to its sponsor; its organisation has
change events logged; the draft programme shows the empty states."""

import pytest
from django.urls import reverse

from palg.access import Actor
from palg.accounts.models import User
from palg.demo import demo_accounts, demo_load
from palg.impact import selectors
from palg.impact.models import ChangeEvent
from palg.programmes.models import Programme

pytestmark = pytest.mark.django_db


def account(label: str) -> User:
    return User.objects.get(email=dict(demo_accounts())[label])


@pytest.fixture
def running():
    assert demo_load() is True
    return Programme.objects.get(status=Programme.Status.ACTIVE)


def test_the_sponsor_sees_the_demos_level_3_figures_and_l_ge_c(running):
    sponsor = Actor.from_user(account("Sponsor"))
    impact = selectors.programme_impact(actor=sponsor, programme_id=running.pk)
    f = impact.figures
    for figure in (f.attendance_rate, f.committed, f.reported_back, f.median_days_to_report,
                   f.cycles_per_member_month, f.changes_per_month):  # fmt: skip
        assert figure.shown, figure
    assert f.reported_back.value >= 5
    assert any(row.learning.shown for row in impact.series)
    assert sum(row.change_count for row in impact.series) == 3


def test_the_demo_organisation_has_change_events(running):
    sizes = sorted(ChangeEvent.objects.values_list("size", flat=True))
    assert sizes == ["large", "medium", "small"]


def test_the_demo_lead_and_sponsor_homes_show_the_figures(client, running):
    client.force_login(account("Programme lead"))
    board = client.get(reverse("home")).context["dashboard"]
    rates = {row.programme.pk: row.figures for row in board.rates}
    assert rates[running.pk].report_back_rate.shown
    client.force_login(account("Sponsor"))
    (row,) = [r for r in client.get(reverse("home")).context["sponsored"]]
    assert row["figures"].cycles_per_member_month.shown
