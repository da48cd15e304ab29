from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from palg.programmes.models import Meeting
from tests.web.pages import text

LONDON = ZoneInfo("Europe/London")


def create_url(group) -> str:
    return reverse("meeting-create", args=[group.pk])


def test_it_schedules_a_meeting_at_the_local_time_given(cast, client_as):
    response = client_as("lead").post(
        create_url(cast.alpha),
        {"date": "2031-01-15", "time": "10:00", "duration_minutes": "150", "location": "Room 4"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("group-detail", args=[cast.alpha.pk])
    meeting = Meeting.objects.get(location="Room 4")
    assert meeting.starts_at == datetime(2031, 1, 15, 10, 0, tzinfo=LONDON)
    assert meeting.duration_minutes == 150


def test_it_lets_the_sets_facilitator_schedule(cast, client_as):
    response = client_as("facilitator").post(
        create_url(cast.alpha), {"date": "2031-02-12", "time": "14:30", "duration_minutes": "180"}
    )
    assert response.status_code == 302
    assert cast.alpha.meetings.count() == 2


def test_it_suggests_the_programme_length_and_a_date_one_cadence_after_the_last_meeting(
    cast, client_as
):
    body = text(client_as("lead").get(create_url(cast.alpha)))
    suggested = timezone.localtime(cast.alpha_meeting.starts_at) + timedelta(weeks=4)
    assert f'value="{suggested:%Y-%m-%d}"' in body
    assert 'value="180"' in body


def test_it_rejects_a_missing_date_and_schedules_nothing(cast, client_as):
    response = client_as("lead").post(
        create_url(cast.alpha), {"date": "", "time": "10:00", "duration_minutes": "180"}
    )
    body = text(response)
    assert response.status_code == 200
    assert 'id="id_date_error"' in body
    assert cast.alpha.meetings.count() == 1


def test_it_rejects_a_meeting_of_five_minutes(cast, client_as):
    response = client_as("lead").post(
        create_url(cast.alpha), {"date": "2031-01-15", "time": "10:00", "duration_minutes": "5"}
    )
    assert "Ensure this value is greater than or equal to 15." in text(response)
    assert cast.alpha.meetings.count() == 1


def test_it_answers_403_to_members_and_404_to_another_sets_facilitator(cast, client_as):
    data = {"date": "2031-01-15", "time": "10:00", "duration_minutes": "180"}
    assert client_as("member").post(create_url(cast.alpha), data).status_code == 403
    assert client_as("sponsor").post(create_url(cast.alpha), data).status_code == 403
    assert client_as("facilitator").post(create_url(cast.beta), data).status_code == 404
    assert Meeting.objects.count() == 2
