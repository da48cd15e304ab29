"""Every web form that takes a date keeps it inside the window palg accepts (palg.dates), with
a message on the field and nothing changed: a meeting, a programme's start, a blackout and the
first date of a set's series."""

import pytest
from django.urls import reverse

from palg import dates
from palg.programmes.models import Meeting, Programme
from palg.scheduling.models import Blackout
from tests.web.pages import text

MESSAGE = dates.window_message()
MEETING = {"time": "10:00", "duration_minutes": "180", "location": "Room 4"}


@pytest.mark.parametrize("day", ["9999-12-31", "9999-01-01", "3000-01-01", "1999-12-31"])
def test_it_refuses_a_new_meeting_outside_the_window(cast, client_as, day):
    url = reverse("meeting-create", args=[cast.alpha.pk])
    response = client_as("lead").post(url, {**MEETING, "date": day})
    assert response.status_code == 200
    assert MESSAGE in text(response)
    assert cast.alpha.meetings.count() == 1


def test_it_accepts_the_last_day_of_the_window(cast, client_as):
    url = reverse("meeting-create", args=[cast.alpha.pk])
    response = client_as("lead").post(url, {**MEETING, "date": "2999-12-31"})
    assert response.status_code == 302
    assert cast.alpha.meetings.count() == 2


def test_it_refuses_to_move_a_meeting_to_the_year_9999(cast, client_as):
    url = reverse("meeting-edit", args=[cast.alpha_meeting.pk])
    data = {**MEETING, "date": "9999-12-31", "time": "23:00", "status": "scheduled"}
    response = client_as("lead").post(url, data)
    assert MESSAGE in text(response)
    assert Meeting.objects.get(pk=cast.alpha_meeting.pk).starts_at == cast.alpha_meeting.starts_at


def test_it_refuses_a_programme_start_outside_the_window(cast, client_as, programme_data):
    response = client_as("lead").post(
        reverse("programme-create"), {**programme_data, "start_date": "9999-12-31"}
    )
    assert MESSAGE in text(response)
    assert Programme.objects.count() == 1
    response = client_as("lead").post(
        reverse("programme-edit", args=[cast.programme.pk]),
        {**programme_data, "start_date": "9999-12-31"},
    )
    assert MESSAGE in text(response)
    assert Programme.objects.get(pk=cast.programme.pk).start_date is None


def test_it_refuses_a_blackout_outside_the_window(cast, client_as):
    url = reverse("blackout-create", args=[cast.programme.pk])
    data = {"label": "Far away", "starts_on": "9999-12-30", "ends_on": "9999-12-31"}
    response = client_as("lead").post(url, data)
    assert MESSAGE in text(response)
    assert not Blackout.objects.exists()


@pytest.mark.parametrize("start", ["9999-01-01", "9999-12-01", "0001-01-01"])
def test_the_schedule_page_explains_a_first_date_outside_the_window(cast, client_as, start):
    url = reverse("set-schedule", args=[cast.alpha.pk])
    response = client_as("lead").get(url, {"slot": "tue-am", "start": start})
    assert response.status_code == 200
    assert MESSAGE in text(response)


def test_the_schedule_page_refuses_a_series_that_would_run_past_the_window(cast, client_as):
    url = reverse("set-schedule", args=[cast.alpha.pk])
    response = client_as("lead").get(url, {"slot": "tue-am", "start": "2999-10-01"})
    body = text(response)
    assert response.status_code == 200
    assert "after the last date palg accepts (Tue 31 Dec 2999)" in body
    response = client_as("lead").post(url, {"slot": "tue-am", "start": "2999-10-01"})
    assert "after the last date palg accepts" in text(response)
    assert cast.alpha.meetings.count() == 1
