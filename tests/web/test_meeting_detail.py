from django.urls import reverse

from palg.programmes.models import Attendance, MeetingRecord
from tests.web.pages import text

ALPHA_RECORD = "Alpha's confidential record"


def detail_url(meeting) -> str:
    return reverse("meeting-detail", args=[meeting.pk])


def test_it_shows_the_meetings_details_and_attendance(cast, client_as):
    body = text(client_as("member").get(detail_url(cast.alpha_meeting)))
    assert "Meeting of Set Alpha" in body
    assert "180 minutes" in body
    assert "Alice" in body and "Present" in body
    assert "Ann" in body and "not recorded" in body


def test_it_shows_the_record_and_its_form_to_the_sets_members_and_facilitator(cast, client_as):
    for role in ("member", "facilitator"):
        body = text(client_as(role).get(detail_url(cast.alpha_meeting)))
        assert ALPHA_RECORD in body
        assert reverse("meeting-record", args=[cast.alpha_meeting.pk]) in body
        assert 'hx-post="' in body


def test_it_shows_leads_sponsors_and_admins_a_confidentiality_note_instead(cast, client_as):
    for role in ("lead", "sponsor", "admin"):
        response = client_as(role).get(detail_url(cast.alpha_meeting))
        body = text(response)
        assert response.status_code == 200
        assert ALPHA_RECORD not in body
        assert "confidential to its members and facilitator" in body
        assert reverse("meeting-record", args=[cast.alpha_meeting.pk]) not in body


def test_it_answers_404_to_members_of_another_set(cast, client_as):
    assert client_as("other_member").get(detail_url(cast.alpha_meeting)).status_code == 404


def test_it_gives_schedulers_an_attendance_form_and_an_edit_link(cast, client_as):
    for role in ("lead", "facilitator"):
        body = text(client_as(role).get(detail_url(cast.alpha_meeting)))
        assert reverse("meeting-attendance", args=[cast.alpha_meeting.pk]) in body
        assert reverse("meeting-edit", args=[cast.alpha_meeting.pk]) in body
    body = text(client_as("member").get(detail_url(cast.alpha_meeting)))
    assert reverse("meeting-attendance", args=[cast.alpha_meeting.pk]) not in body
    assert reverse("meeting-edit", args=[cast.alpha_meeting.pk]) not in body


def test_it_saves_the_record_and_redirects_without_javascript(cast, client_as):
    url = reverse("meeting-record", args=[cast.alpha_meeting.pk])
    response = client_as("member").post(url, {"text": "We agreed three experiments."})
    assert response.status_code == 302
    assert response["Location"] == detail_url(cast.alpha_meeting)
    record = MeetingRecord.objects.get(meeting=cast.alpha_meeting)
    assert record.text == "We agreed three experiments."
    assert record.updated_by == cast.people["member"]


def test_it_answers_htmx_with_the_record_partial_alone(cast, client_as):
    url = reverse("meeting-record", args=[cast.alpha_meeting.pk])
    response = client_as("facilitator").post(
        url, {"text": "Revised by the facilitator."}, headers={"HX-Request": "true"}
    )
    body = text(response)
    assert response.status_code == 200
    assert body.lstrip().startswith('<section class="card record" id="record"')
    assert "<html" not in body
    assert "Revised by the facilitator." in body
    assert "Saved." in body


def test_it_refuses_the_record_to_leads_and_changes_nothing(cast, client_as):
    url = reverse("meeting-record", args=[cast.alpha_meeting.pk])
    for role in ("lead", "sponsor", "admin"):
        response = client_as(role).post(url, {"text": "Overwritten"})
        assert response.status_code == 403
        assert ALPHA_RECORD not in text(response)
    assert client_as("other_member").post(url, {"text": "Overwritten"}).status_code == 404
    assert MeetingRecord.objects.get(meeting=cast.alpha_meeting).text == ALPHA_RECORD


def test_it_records_attendance_for_several_people(cast, client_as):
    url = reverse("meeting-attendance", args=[cast.alpha_meeting.pk])
    ann, alice = cast.people["ann"], cast.people["member"]
    response = client_as("facilitator").post(
        url, {f"person_{ann.pk}": "apologies", f"person_{alice.pk}": "absent"}
    )
    assert response.status_code == 302
    statuses = dict(
        Attendance.objects.filter(meeting=cast.alpha_meeting).values_list("person__name", "status")
    )
    assert statuses == {"Ann": "apologies", "Alice": "absent"}


def test_it_rejects_an_unknown_attendance_status_and_records_nothing(cast, client_as):
    url = reverse("meeting-attendance", args=[cast.alpha_meeting.pk])
    ann, alice = cast.people["ann"], cast.people["member"]
    response = client_as("lead").post(
        url, {f"person_{ann.pk}": "present", f"person_{alice.pk}": "asleep"}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in text(response)
    assert not Attendance.objects.filter(person=ann).exists()
    assert Attendance.objects.get(person=alice).status == "present"


def test_it_refuses_attendance_to_members(cast, client_as):
    url = reverse("meeting-attendance", args=[cast.alpha_meeting.pk])
    ann = cast.people["ann"]
    assert client_as("member").post(url, {f"person_{ann.pk}": "present"}).status_code == 403
    assert not Attendance.objects.filter(person=ann).exists()
