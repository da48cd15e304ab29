"""Single meetings are typed and shown in their programme's time zone, so a facilitator adjusts
a proposed series in the same local times it was proposed in."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from palg.programmes.models import Meeting, Programme


@pytest.fixture
def in_new_york(cast):
    Programme.objects.filter(pk=cast.programme.pk).update(time_zone="America/New_York")
    Meeting.objects.filter(pk=cast.alpha_meeting.pk).update(
        starts_at=datetime(2031, 1, 7, 14, 0, tzinfo=UTC)
    )
    return cast


def test_a_meeting_scheduled_by_hand_is_in_the_programmes_zone(client_as, in_new_york):
    url = reverse("meeting-create", args=[in_new_york.alpha.pk])
    data = {"date": "2031-02-04", "time": "09:00", "duration_minutes": 180, "location": ""}
    assert client_as("facilitator").post(url, data).status_code == 302
    meeting = in_new_york.alpha.meetings.order_by("-starts_at").first()
    assert meeting.starts_at == datetime(2031, 2, 4, 14, 0, tzinfo=UTC)


def test_the_edit_form_shows_and_takes_local_times(client_as, in_new_york):
    client = client_as("facilitator")
    url = reverse("meeting-edit", args=[in_new_york.alpha_meeting.pk])
    form = client.get(url).context["form"]
    assert form.initial["time"].strftime("%H:%M") == "09:00"
    assert "America/New_York" in form.fields["time"].help_text
    data = {"date": "2031-01-07", "time": "10:00", "duration_minutes": 180, "location": "",
            "status": "scheduled"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    in_new_york.alpha_meeting.refresh_from_db()
    assert in_new_york.alpha_meeting.starts_at == datetime(2031, 1, 7, 15, 0, tzinfo=UTC)
    assert in_new_york.alpha_meeting.sequence == 1


def test_set_and_meeting_pages_show_local_times(client_as, in_new_york):
    client = client_as("member")
    group_page = client.get(reverse("group-detail", args=[in_new_york.alpha.pk]))
    assert "Tue 7 Jan 2031, 09:00 EST" in group_page.content.decode()
    meeting_page = client.get(reverse("meeting-detail", args=[in_new_york.alpha_meeting.pk]))
    assert "09:00 EST" in meeting_page.content.decode()
