from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from palg.programmes.models import Meeting
from tests.web.pages import text


def edit_url(meeting) -> str:
    return reverse("meeting-edit", args=[meeting.pk])


def form_data(**overrides) -> dict:
    return {
        "date": "2031-03-04",
        "time": "09:30",
        "duration_minutes": "120",
        "location": "Leeds office",
        "status": "scheduled",
        **overrides,
    }


def test_it_shows_the_meeting_in_the_form(cast, client_as):
    body = text(client_as("lead").get(edit_url(cast.alpha_meeting)))
    assert 'value="180"' in body
    assert '<option value="scheduled" selected>' in body


def test_it_moves_a_meeting(cast, client_as):
    response = client_as("facilitator").post(edit_url(cast.alpha_meeting), form_data())
    assert response.status_code == 302
    cast.alpha_meeting.refresh_from_db()
    assert cast.alpha_meeting.starts_at == datetime(
        2031, 3, 4, 9, 30, tzinfo=ZoneInfo("Europe/London")
    )
    assert cast.alpha_meeting.location == "Leeds office"


def test_it_cancels_a_meeting(cast, client_as):
    client_as("lead").post(edit_url(cast.alpha_meeting), form_data(status="cancelled"))
    cast.alpha_meeting.refresh_from_db()
    assert cast.alpha_meeting.status == Meeting.Status.CANCELLED


def test_it_rejects_a_bad_time_and_changes_nothing(cast, client_as):
    before = cast.alpha_meeting.starts_at
    response = client_as("lead").post(edit_url(cast.alpha_meeting), form_data(time="25:99"))
    assert 'id="id_time_error"' in text(response)
    cast.alpha_meeting.refresh_from_db()
    assert cast.alpha_meeting.starts_at == before


def test_it_answers_403_to_members_and_sponsors(cast, client_as):
    for role in ("member", "sponsor"):
        response = client_as(role).post(edit_url(cast.alpha_meeting), form_data())
        assert response.status_code == 403
    cast.alpha_meeting.refresh_from_db()
    assert cast.alpha_meeting.location == ""
