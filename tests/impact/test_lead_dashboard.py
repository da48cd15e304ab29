"""The lead's home is a dashboard: meetings this week, sets without a facilitator or a
schedule, meetings inside a blackout, and attendance and report-back rates per programme."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from palg.impact import selectors
from palg.programmes.models import Meeting, Membership, Programme
from palg.scheduling.models import Blackout
from tests.conftest import make_person
from tests.impact.builders import add_worked_example, build_pilot

# A Wednesday: the week runs from Monday 8 June 2026 to Sunday 14 June.
NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 6, day, hour, tzinfo=UTC)


@pytest.fixture
def pilot(db):
    pilot = build_pilot()
    fran = make_person(pilot.org, "F1", "Fran")
    Membership.objects.create(group=pilot.sets["A"], person=fran, role="facilitator")
    a, b = pilot.sets["A"], pilot.sets["B"]
    pilot.week = [
        Meeting.objects.create(group=a, starts_at=at(8), status="held"),
        Meeting.objects.create(group=b, starts_at=at(14, 20)),
    ]
    Meeting.objects.create(group=a, starts_at=at(11), status="cancelled")
    Meeting.objects.create(group=a, starts_at=at(15))  # next week
    Meeting.objects.create(group=b, starts_at=at(7))  # last week
    pilot.in_blackout = Meeting.objects.create(group=a, starts_at=at(25))
    Blackout.objects.create(organisation=pilot.org, label="Summer closure",
                            starts_on=date(2026, 6, 24), ends_on=date(2026, 6, 26))  # fmt: skip
    return pilot


def test_it_lists_this_weeks_meetings_only(pilot):
    board = selectors.lead_dashboard(programmes=[pilot.programme], now=NOW)
    assert board.meetings_this_week == pilot.week


def test_it_lists_sets_without_a_facilitator(pilot):
    board = selectors.lead_dashboard(programmes=[pilot.programme], now=NOW)
    assert [g.name for g in board.sets_without_facilitator] == ["B", "C"]


def test_it_lists_sets_with_no_meeting_scheduled_from_now(pilot):
    board = selectors.lead_dashboard(programmes=[pilot.programme], now=NOW)
    # A meets on the 15th and 25th, B on the 14th; C has nothing.
    assert [g.name for g in board.sets_without_schedule] == ["C"]
    later = NOW + timedelta(days=5)  # the 15th, 9:00: B's meeting is past
    board = selectors.lead_dashboard(programmes=[pilot.programme], now=later)
    assert [g.name for g in board.sets_without_schedule] == ["B", "C"]


def test_it_lists_meetings_inside_a_blackout(pilot):
    board = selectors.lead_dashboard(programmes=[pilot.programme], now=NOW)
    assert [(c.meeting, c.closure.label) for c in board.meetings_in_blackouts] == [
        (pilot.in_blackout, "Summer closure")
    ]


def test_it_leaves_closed_programmes_out_of_the_panels(pilot):
    Programme.objects.filter(pk=pilot.programme.pk).update(status="closed")
    pilot.programme.refresh_from_db()
    board = selectors.lead_dashboard(programmes=[pilot.programme], now=NOW)
    assert board.meetings_this_week == []
    assert board.sets_without_facilitator == []
    assert len(board.rates) == 1


def test_the_home_page_shows_the_panels(client, db):
    pilot = build_pilot()
    add_worked_example(pilot)
    soon = Meeting.objects.create(group=pilot.sets["B"], starts_at=timezone.now())
    client.force_login(pilot.user(pilot.lead))
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.context["dashboard"].meetings_this_week == [soon]
    for heading in ("Meetings this week", "Sets needing attention", "Meetings inside a blackout",
                    "Attendance and report-back", "Open survey waves"):  # fmt: skip
        assert heading in html
    rates = response.context["dashboard"].rates[0].figures
    assert (rates.attendance_rate.value, rates.report_back_rate.value) == (67, 67)
    assert f'data-programme="{pilot.programme.pk}"' in html


def test_it_lists_open_survey_waves_with_the_same_counts_as_the_waves_page(pilot, client):
    from palg.surveys.models import Respondent, Response, Wave
    from palg.surveys.selectors import wave_response_counts

    programme = pilot.programme
    Wave.objects.create(programme=programme, kind="baseline", instruments=["ucla3"],
                        opens_on=date(2026, 5, 1), closes_on=date(2026, 5, 14))  # fmt: skip
    mid = Wave.objects.create(programme=programme, kind="mid", instruments=["ucla3"],
                              opens_on=date(2026, 6, 3), closes_on=date(2026, 6, 16))  # fmt: skip
    for number, finished in (("m1", True), ("m2", True), ("m3", False)):
        respondent = Respondent.objects.create(programme=programme, person=pilot.members[number])
        Response.objects.create(wave=mid, respondent=respondent,
                                finished_at=NOW if finished else None)  # fmt: skip
    board = selectors.lead_dashboard(programmes=[pilot.programme], now=NOW)
    # Only the open wave; its counts are the waves page's own (the slow twin).
    (count,) = board.open_waves
    (expected,) = [c for c in wave_response_counts(programme=programme, now=NOW) if c.wave == mid]
    assert (count.wave, count.invited, count.started, count.finished) == (
        expected.wave, expected.invited, expected.started, expected.finished,
    ) == (mid, 6, 3, 2)  # fmt: skip
    later = datetime(2026, 6, 17, 9, 0, tzinfo=UTC)  # closed
    assert selectors.lead_dashboard(programmes=[pilot.programme], now=later).open_waves == []
