"""Meetings and attendance: metadata for the programme's overseers and the set's people."""

from datetime import timedelta

from django.utils import timezone

from palg.access import MSG_READ_ONLY
from palg.programmes.models import Attendance, Meeting
from palg.programmes.services import MSG_MEETING_NOT_IN_SET

JSON = "application/json"


def test_it_lists_a_sets_meetings_with_attendance(cast, api_as):
    body = api_as("sponsor").get(f"/api/sets/{cast.alpha.pk}/meetings").json()
    assert [m["id"] for m in body] == [cast.alpha_meeting.pk]
    assert body[0]["attendance"] == [{"person_id": cast.people["member"].pk, "status": "present"}]
    assert body[0]["set_id"] == cast.alpha.pk


def test_it_checks_ownership_of_the_set(cast, api_as):
    assert api_as("member").get(f"/api/sets/{cast.beta.pk}/meetings").status_code == 404


def test_it_lets_the_sets_facilitator_schedule_a_meeting(cast, api_as):
    response = api_as("facilitator").post(
        f"/api/sets/{cast.alpha.pk}/meetings",
        {"starts_at": "2030-03-05T09:30:00+01:00", "location": "Room 4"},
        content_type=JSON,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["starts_at"] == "2030-03-05T08:30:00Z"
    assert body["duration_minutes"] == cast.programme.meeting_minutes
    assert body["status"] == "scheduled"
    assert Meeting.objects.get(pk=body["id"]).location == "Room 4"


def test_it_requires_a_scheduler_to_schedule(cast, api_as):
    response = api_as("member").post(
        f"/api/sets/{cast.alpha.pk}/meetings",
        {"starts_at": "2030-03-05T09:30:00Z"},
        content_type=JSON,
    )
    assert response.status_code == 403
    assert response.json() == {"detail": MSG_READ_ONLY}
    assert cast.alpha.meetings.count() == 1


def test_it_reads_a_meeting(cast, api_as):
    response = api_as("member").get(f"/api/meetings/{cast.alpha_meeting.pk}")
    assert response.status_code == 200
    assert response.json()["id"] == cast.alpha_meeting.pk


def test_it_hides_another_sets_meeting(cast, api_as):
    response = api_as("member").get(f"/api/meetings/{cast.beta_meeting.pk}")
    assert response.status_code == 404


def test_it_moves_and_cancels_a_meeting(cast, api_as):
    later = (timezone.now() + timedelta(days=30)).replace(microsecond=0)
    response = api_as("lead").patch(
        f"/api/meetings/{cast.alpha_meeting.pk}",
        {"starts_at": later.isoformat(), "status": "cancelled"},
        content_type=JSON,
    )
    assert response.status_code == 200
    cast.alpha_meeting.refresh_from_db()
    assert cast.alpha_meeting.starts_at == later
    assert cast.alpha_meeting.status == "cancelled"


def test_it_requires_a_scheduler_to_change_a_meeting(cast, api_as):
    response = api_as("sponsor").patch(
        f"/api/meetings/{cast.alpha_meeting.pk}", {"location": "Pub"}, content_type=JSON
    )
    assert response.status_code == 403
    cast.alpha_meeting.refresh_from_db()
    assert cast.alpha_meeting.location == ""


def test_it_records_attendance(cast, api_as):
    ann = cast.people["ann"]
    response = api_as("facilitator").put(
        f"/api/meetings/{cast.alpha_meeting.pk}/attendance/{ann.pk}",
        {"status": "apologies"},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json() == {"person_id": ann.pk, "status": "apologies"}
    assert Attendance.objects.get(meeting=cast.alpha_meeting, person=ann).status == "apologies"


def test_it_refuses_attendance_for_someone_outside_the_set(cast, api_as):
    bob = cast.people["other_member"]
    response = api_as("lead").put(
        f"/api/meetings/{cast.alpha_meeting.pk}/attendance/{bob.pk}",
        {"status": "present"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"person": [MSG_MEETING_NOT_IN_SET]}


def test_it_refuses_an_unknown_attendance_status(cast, api_as):
    alice = cast.people["member"]
    response = api_as("lead").put(
        f"/api/meetings/{cast.alpha_meeting.pk}/attendance/{alice.pk}",
        {"status": "late"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["status"]
