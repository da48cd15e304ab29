"""The set's record of a meeting is set content: the set's own people only."""

from palg.access import MSG_CONTENT
from palg.programmes.models import MeetingRecord

JSON = "application/json"


def test_it_shows_the_record_to_a_member_of_the_set(cast, api_as):
    response = api_as("member").get(f"/api/meetings/{cast.alpha_meeting.pk}/record")
    assert response.status_code == 200
    assert response.json()["text"] == "Alpha's confidential record"
    assert response.json()["meeting_id"] == cast.alpha_meeting.pk


def test_it_forbids_the_record_to_the_programmes_overseers(cast, api_as):
    for role in ("lead", "sponsor", "admin"):
        response = api_as(role).get(f"/api/meetings/{cast.alpha_meeting.pk}/record")
        assert response.status_code == 403, role
        assert response.json() == {"detail": MSG_CONTENT}
        assert "confidential" not in response.content.decode()


def test_it_hides_the_record_from_another_sets_member(cast, api_as):
    response = api_as("other_member").get(f"/api/meetings/{cast.alpha_meeting.pk}/record")
    assert response.status_code == 404


def test_it_answers_an_empty_record_before_anyone_writes_one(cast, api_as):
    MeetingRecord.objects.filter(meeting=cast.alpha_meeting).delete()
    body = api_as("facilitator").get(f"/api/meetings/{cast.alpha_meeting.pk}/record").json()
    assert body == {
        "meeting_id": cast.alpha_meeting.pk,
        "text": "",
        "updated_at": None,
        "updated_by_id": None,
    }


def test_it_lets_a_member_write_the_record(cast, api_as):
    response = api_as("member").put(
        f"/api/meetings/{cast.alpha_meeting.pk}/record", {"text": "We agreed"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["updated_by_id"] == cast.people["member"].pk
    assert MeetingRecord.objects.get(meeting=cast.alpha_meeting).text == "We agreed"


def test_it_forbids_the_lead_to_write_the_record(cast, api_as):
    response = api_as("lead").put(
        f"/api/meetings/{cast.alpha_meeting.pk}/record", {"text": "Overwritten"}, content_type=JSON
    )
    assert response.status_code == 403
    record = MeetingRecord.objects.get(meeting=cast.alpha_meeting)
    assert record.text == "Alpha's confidential record"
