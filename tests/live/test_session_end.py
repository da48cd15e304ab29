"""Ending a session: confirmed on a step of its own, where those who record attendance mark the
meeting held with who came, as the session saw it and as they correct it. Who is here shows on
the facilitator's screen while the session runs."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from palg.live import services
from palg.live.models import LiveSession, Presence
from palg.programmes.models import Attendance, Meeting
from tests.live.cycle import HTMX, client_for, url
from tests.web.pages import text


@pytest.fixture
def running(cast):
    """Alpha's session runs; Fran and Alice have it open, Ann left before it started."""
    session = services.session_control(actor=cast.actor("facilitator"),
                                       meeting_id=cast.alpha_meeting.pk, action="start",
                                       version=0)  # fmt: skip
    now = timezone.now()
    for role, seen in (("facilitator", now), ("member", now), ("ann", now - timedelta(hours=1))):
        Presence.objects.create(session=session, person=cast.people[role], last_seen=seen)
    return session


def end_url(cast, meeting=None) -> str:
    return url("live-end", (meeting or cast.alpha_meeting).pk)


def statuses(cast) -> dict[str, str]:
    names = {person.pk: key for key, person in cast.people.items()}
    rows = Attendance.objects.filter(meeting=cast.alpha_meeting)
    return {names[row.person_id]: row.status for row in rows}


def test_the_panel_offers_the_end_as_a_link_to_its_confirmation(cast, running):
    body = text(
        client_for(cast.users["facilitator"]).get(url("live-session", cast.alpha_meeting.pk))
    )
    assert f'href="{end_url(cast)}">End the session…</a>' in body
    assert 'name="action" value="end"' not in body


def test_opening_the_end_step_ends_nothing(cast, running):
    body = text(client_for(cast.users["facilitator"]).get(end_url(cast)))
    assert "End the session?" in body and "cannot be undone" in body
    assert "Back to the session" in body
    assert LiveSession.objects.get().status == "running"


def test_the_end_pressed_on_the_controls_goes_to_the_confirmation(cast, running):
    client = client_for(cast.users["facilitator"])
    version = LiveSession.objects.get().version
    data = {"action": "end", "version": version}
    response = client.post(url("live-control", cast.alpha_meeting.pk), data)
    assert response.status_code == 302 and response["Location"] == end_url(cast)
    response = client.post(url("live-control", cast.alpha_meeting.pk), data, headers=HTMX)
    assert response["HX-Redirect"] == end_url(cast)
    assert LiveSession.objects.get().status == "running"


def test_the_end_step_suggests_attendance_from_who_had_the_session_open(cast, running):
    body = text(client_for(cast.users["facilitator"]).get(end_url(cast)))
    alice, ann = cast.people["member"].pk, cast.people["ann"].pk
    assert 'name="held"' in body and "checked" in body
    assert _selected(body, alice) == "present"
    assert _selected(body, ann) == "absent"


def _selected(body: str, person_id: int) -> str:
    start = body.index(f'name="person_{person_id}"')
    chosen = body.index(" selected", start)
    return body[body.rindex('value="', start, chosen) + 7 : chosen].rstrip('"')


def test_confirming_ends_the_session_and_marks_the_meeting_held_with_who_came(cast, running):
    client = client_for(cast.users["facilitator"])
    people = cast.people
    data = {
        "held": "on",
        f"person_{people['facilitator'].pk}": "present",
        f"person_{people['member'].pk}": "present",
        f"person_{people['ann'].pk}": "apologies",  # the facilitator corrects the suggestion
    }
    response = client.post(end_url(cast), data, follow=True)
    assert "The session has ended, and the meeting is marked held with who came." in text(response)
    assert LiveSession.objects.get().status == "ended"
    assert Meeting.objects.get(pk=cast.alpha_meeting.pk).status == "held"
    assert statuses(cast) == {"facilitator": "present", "member": "present", "ann": "apologies"}


def test_ending_without_marking_it_held_leaves_the_meeting_as_it_was(cast, running):
    response = client_for(cast.users["facilitator"]).post(end_url(cast), {}, follow=True)
    assert "The session has ended." in text(response)
    assert LiveSession.objects.get().status == "ended"
    assert Meeting.objects.get(pk=cast.alpha_meeting.pk).status == "scheduled"
    assert statuses(cast) == {"member": "present"}  # as the cast recorded it


def test_bad_attendance_is_refused_and_the_session_runs_on(cast, running):
    data = {"held": "on", f"person_{cast.people['ann'].pk}": "asleep"}
    body = text(client_for(cast.users["facilitator"]).post(end_url(cast), data))
    assert "Select a valid choice" in body
    assert LiveSession.objects.get().status == "running"
    assert Meeting.objects.get(pk=cast.alpha_meeting.pk).status == "scheduled"


def test_a_member_who_drives_ends_the_session_and_leaves_attendance_to_the_facilitator(cast):
    # Beta has no facilitator: its members run it, but do not record attendance.
    bob = cast.actor("other_member")
    services.session_control(actor=bob, meeting_id=cast.beta_meeting.pk, action="start",
                             version=0)  # fmt: skip
    client = client_for(cast.users["other_member"])
    body = text(client.get(end_url(cast, cast.beta_meeting)))
    assert 'name="held"' not in body and "meeting page" in body
    with pytest.raises(PermissionDenied):
        services.session_end(actor=bob, meeting_id=cast.beta_meeting.pk,
                             attendance={cast.people["other_member"].pk: "present"})  # fmt: skip
    assert LiveSession.objects.get(meeting=cast.beta_meeting).status == "running"
    client.post(end_url(cast, cast.beta_meeting), {"held": "on"})
    assert LiveSession.objects.get(meeting=cast.beta_meeting).status == "ended"
    assert Meeting.objects.get(pk=cast.beta_meeting.pk).status == "scheduled"


def test_members_who_do_not_drive_cannot_open_the_end_step(cast, running):
    assert client_for(cast.users["member"]).get(end_url(cast)).status_code == 403


def test_the_end_step_of_a_session_not_running_goes_back_to_the_session(cast):
    response = client_for(cast.users["facilitator"]).get(end_url(cast), follow=True)
    assert "The session is not running, so there is nothing to end." in text(response)


def test_the_facilitator_sees_who_is_here_now(cast, running):
    client = client_for(cast.users["facilitator"])
    body = text(client.get(url("live-session", cast.alpha_meeting.pk)))
    assert 'id="presence"' in body and 'hx-trigger="every 15s"' in body
    fragment = text(client.get(url("live-presence", cast.alpha_meeting.pk)))
    assert '1 of 2</strong> members have the session open: <span class="names">Alice' in fragment
    assert "Not here: Ann." in fragment and "Below the quorum" in fragment
    Presence.objects.filter(person=cast.people["ann"]).update(last_seen=timezone.now())
    fragment = text(client.get(url("live-presence", cast.alpha_meeting.pk)))
    assert "2 of 2</strong>" in fragment and "Not here" not in fragment
    assert "Below the quorum" not in fragment


def test_members_do_not_get_the_presence_list(cast, running):
    member = client_for(cast.users["member"])
    assert 'id="presence"' not in text(member.get(url("live-session", cast.alpha_meeting.pk)))
    assert member.get(url("live-presence", cast.alpha_meeting.pk)).status_code == 403


def test_a_held_meeting_offers_its_harvest_and_record_instead_of_join(cast, running):
    client = client_for(cast.users["member"])
    meeting_page = url("meeting-detail", cast.alpha_meeting.pk)
    assert "Join the live session" in text(client.get(meeting_page))
    services.session_end(actor=cast.actor("facilitator"), meeting_id=cast.alpha_meeting.pk,
                         attendance={cast.people["member"].pk: "present"})  # fmt: skip
    body = text(client.get(meeting_page))
    assert "Join the live session" not in body
    assert f'href="{url("live-session", cast.alpha_meeting.pk)}">The session\'s harvest' in body
    assert 'href="#record">The set\'s record' in body


def test_a_cancelled_meeting_offers_no_session(cast):
    Meeting.objects.filter(pk=cast.alpha_meeting.pk).update(status="cancelled")
    body = text(client_for(cast.users["member"]).get(url("meeting-detail", cast.alpha_meeting.pk)))
    assert "Join the live session" not in body


def test_a_screen_open_at_the_start_counts_as_present_in_a_short_session(cast, running):
    # Presence is noted every 30 seconds: Ann's screen, last noted just before the start, was open.
    session = LiveSession.objects.get()
    Presence.objects.filter(person=cast.people["ann"]).update(
        last_seen=session.started_at - timedelta(seconds=20)
    )
    body = text(client_for(cast.users["facilitator"]).get(end_url(cast)))
    assert _selected(body, cast.people["ann"].pk) == "present"
