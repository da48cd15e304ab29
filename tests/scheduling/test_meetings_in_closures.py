"""A meeting already on the calendar that falls in a blackout is flagged on the set's page and
on its own page, as the schedule proposal would have skipped it."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from palg.programmes.models import Meeting, Programme
from palg.scheduling.models import Blackout
from palg.scheduling.selectors import meetings_in_closures


@pytest.fixture
def closed(cast):
    """Alpha's meeting on 28 Dec 2033, inside an organisation-wide closure from 24 Dec."""
    Programme.objects.filter(pk=cast.programme.pk).update(time_zone="Europe/London")
    Meeting.objects.filter(pk=cast.alpha_meeting.pk).update(
        starts_at=datetime(2033, 12, 28, 9, 30, tzinfo=UTC)
    )
    Blackout.objects.create(
        organisation=cast.org, label="Christmas closure",
        starts_on=date(2033, 12, 24), ends_on=date(2034, 1, 1),
    )  # fmt: skip
    return cast


def test_the_selector_finds_a_scheduled_meeting_inside_a_blackout(closed):
    found = meetings_in_closures(group=closed.alpha)
    assert [(c.meeting.pk, c.closure.label) for c in found] == [
        (closed.alpha_meeting.pk, "Christmas closure")
    ]
    assert meetings_in_closures(group=closed.beta) == []


def test_it_judges_the_day_in_the_programmes_time_zone(closed):
    Programme.objects.filter(pk=closed.programme.pk).update(time_zone="America/New_York")
    Meeting.objects.filter(pk=closed.alpha_meeting.pk).update(
        starts_at=datetime(2033, 12, 24, 3, 0, tzinfo=UTC)  # 23 Dec, 22:00 in New York
    )
    closed.alpha.refresh_from_db()
    assert meetings_in_closures(group=closed.alpha) == []


def test_held_and_cancelled_meetings_are_not_flagged(closed):
    for status in (Meeting.Status.HELD, Meeting.Status.CANCELLED):
        Meeting.objects.filter(pk=closed.alpha_meeting.pk).update(status=status)
        assert meetings_in_closures(group=closed.alpha) == []


@pytest.mark.parametrize("role", ["facilitator", "member", "lead"])
def test_the_set_page_warns_of_a_meeting_in_a_closure(client_as, closed, role):
    html = client_as(role).get(reverse("group-detail", args=[closed.alpha.pk])).content.decode()
    assert 'id="closed-meetings"' in html
    assert "A meeting falls in a closure" in html
    assert "during “Christmas closure” (24 Dec 2033 to 1 Jan 2034)" in html


def test_the_meeting_page_warns_that_it_falls_in_a_closure(client_as, closed):
    url = reverse("meeting-detail", args=[closed.alpha_meeting.pk])
    html = client_as("facilitator").get(url).content.decode()
    assert 'id="closed-meetings"' in html
    assert "Move or cancel it" in html


def test_a_meeting_outside_every_closure_has_no_warning(client_as, closed):
    url = reverse("meeting-detail", args=[closed.beta_meeting.pk])
    html = client_as("other_member").get(url).content.decode()
    assert 'id="closed-meetings"' not in html
