"""Per-set figures and the pulse go to the set only: a sponsor (or lead) never sees them, on
any page or in the API; a set's members and facilitator see their own pulse trend."""

import pytest
from django.urls import reverse

from palg.live.models import LiveSession, PulseAnswer
from palg.programmes.models import Membership
from tests.conftest import make_person
from tests.impact.builders import add_worked_example, build_pilot


@pytest.fixture
def pilot(db):
    pilot = build_pilot()
    add_worked_example(pilot)
    return pilot


@pytest.fixture
def pulse(pilot):
    """Set A's meeting ended with three answers (the pulse shows means from three)."""
    group = pilot.sets["A"]
    third = make_person(pilot.org, "A3", "Third of A")
    Membership.objects.create(group=group, person=third, joined_at="2025-12-01T12:00:00+00:00")
    session = LiveSession.objects.create(meeting=pilot.meetings["A"], status="ended")
    people = [pilot.members["m1"], pilot.members["m2"], third]
    for person, trust in zip(people, (5, 4, 3), strict=True):
        PulseAnswer.objects.create(session=session, person=person, trust=trust, airtime=4,
                                   questions=2, contract=5)  # fmt: skip
    return session


def test_a_set_sees_its_own_pulse_trend(client, pilot, pulse):
    client.force_login(pilot.user(pilot.members["m1"]))
    response = client.get(reverse("set-impact", args=[pilot.sets["A"].pk]))
    assert response.status_code == 200
    (row,) = response.context["impact"].pulse
    assert row.means == {"trust": 4.0, "airtime": 4.0, "questions": 2.0, "contract": 5.0}
    assert "not a validated scale" in response.content.decode()
    # Its own figures, whatever its size: 2 cards made, 2 reported back.
    assert response.context["impact"].figures.committed.value == 2


def test_another_set_does_not_see_it(client, pilot, pulse):
    client.force_login(pilot.user(pilot.members["m3"]))
    assert client.get(reverse("set-impact", args=[pilot.sets["A"].pk])).status_code == 404


@pytest.mark.parametrize("role", ["sponsor", "lead"])
def test_a_sponsor_or_lead_never_sees_a_sets_figures_nor_its_pulse(client, pilot, pulse, role):
    client.force_login(pilot.user(getattr(pilot, role)))
    group = pilot.sets["A"]
    assert client.get(reverse("set-impact", args=[group.pk])).status_code == 403
    assert client.get(reverse("pulse-trend", args=[group.pk])).status_code == 403


def test_the_sponsors_pages_and_api_hold_no_per_set_figure(client, pilot, pulse):
    client.force_login(pilot.user(pilot.sponsor))
    home = client.get(reverse("home")).content.decode()
    page = client.get(reverse("programme-impact", args=[pilot.programme.pk])).content.decode()
    body = client.get(f"/api/programmes/{pilot.programme.pk}/impact").json()
    for html in (home, page):
        assert "Our pulse" not in html and "pulse-trend" not in html
        for group in pilot.sets.values():
            assert reverse("set-impact", args=[group.pk]) not in html
    assert set(body) == {"programme_id", "audience", "figures", "lc_series", "lc_explanation"}
    assert body["audience"] == "sponsor"
    assert body["figures"]["experiments_committed"] == {"value": 6.0, "withheld": None}
    assert body["figures"]["median_days_to_report_back"] == {
        "value": None, "withheld": "not shown: fewer than 5 people"
    }  # fmt: skip


def test_the_sponsors_home_shows_headline_figures_or_why_not(client, pilot):
    small = build_pilot(org=pilot.org, sets=("X", "Y"), per_set=3, name="Small one")
    from palg.programmes.models import ProgrammeRole

    ProgrammeRole.objects.create(programme=small.programme, person=pilot.sponsor, role="sponsor")
    client.force_login(pilot.user(pilot.sponsor))
    response = client.get(reverse("home"))
    rows = {row["programme"].pk: row["figures"] for row in response.context["sponsored"]}
    assert rows[pilot.programme.pk].reported_back.value == 4
    assert rows[small.programme.pk].cycles_per_member_month.withheld == (
        "not shown: fewer than 3 sets"
    )
    assert "not shown: fewer than 3 sets" in response.content.decode()
