"""The live session page, its poll and its controls."""

import re
import time

from django.test import Client
from django.urls import reverse

from palg.live.models import Bid, LiveSession
from tests.web.pages import text

HTMX = {"HX-Request": "true"}


def signed_in(cast, role: str) -> Client:
    """A client of its own (client_as re-signs the one shared test client)."""
    client = Client()
    client.force_login(cast.users[role])
    return client


def url(cast, name: str) -> str:
    return reverse(name, args=[cast.alpha_meeting.pk])


def test_a_member_waits_for_the_facilitator_to_start(cast, client_as):
    body = text(client_as("member").get(url(cast, "live-session")))
    assert "Not started yet" in body
    assert "The facilitator will start the session" in body
    assert "Facilitator controls" not in body


def test_the_facilitator_prepares_then_starts(cast, client_as):
    client = client_as("facilitator")
    body = text(client.get(url(cast, "live-session")))
    assert "Prepare the session" in body and 'name="minutes_open-questions"' in body
    response = client.post(
        url(cast, "live-control"), {"action": "start", "version": 0}, headers=HTMX
    )
    body = text(response)
    assert 'id="live"' in body and "<html" not in body
    assert "Check-in" in body and "A round: everyone in turn" in body
    assert "How are you arriving today?" in body
    assert LiveSession.objects.get().status == "running"


def test_the_poll_answers_204_until_the_state_changes(cast, client_as):
    facilitator = signed_in(cast, "facilitator")
    facilitator.post(url(cast, "live-control"), {"action": "start", "version": 0})
    version = LiveSession.objects.get().version
    member = signed_in(cast, "member")
    assert member.get(url(cast, "live-state") + f"?v={version}").status_code == 204
    facilitator.post(url(cast, "live-control"), {"action": "next", "version": version})
    response = member.get(url(cast, "live-state") + f"?v={version}")
    assert response.status_code == 200
    assert "Our contract" in text(response)
    assert f'data-version="{version + 1}"' in text(response)
    assert f"&v={version + 1}" in text(response)  # the version check asks about the new one


def test_the_clock_carries_the_end_and_the_server_time_in_milliseconds(cast, client_as):
    client = client_as("facilitator")
    client.post(url(cast, "live-control"), {"action": "start", "version": 0})
    body = text(client.get(url(cast, "live-session")))
    ends_at = int(re.search(r'data-ends-at="(\d+)"', body).group(1))
    server_now = int(re.search(r'data-server-now="(\d+)"', body).group(1))
    check_in = 20 * 60 * 1000
    assert check_in - 2000 <= ends_at - server_now <= check_in
    assert abs(server_now - time.time() * 1000) < 5000


def test_a_stale_press_comes_back_with_the_reason_and_the_current_phase(cast, client_as):
    client = client_as("facilitator")
    client.post(url(cast, "live-control"), {"action": "start", "version": 0})
    version = LiveSession.objects.get().version
    client.post(url(cast, "live-control"), {"action": "next", "version": version})
    response = client.post(
        url(cast, "live-control"), {"action": "next", "version": version}, headers=HTMX
    )
    body = text(response)
    assert "The session has moved on" in body and "It is now at Our contract" in body
    assert LiveSession.objects.get().step == 1


def test_a_bad_control_is_refused_with_a_message(cast, client_as):
    response = client_as("facilitator").post(
        url(cast, "live-control"), {"action": "teleport", "version": 0}, follow=True
    )
    assert "Select a valid choice" in text(response)


def test_timeboxes_are_saved_from_the_prepare_form(cast, client_as):
    from palg.live import protocol

    phases = protocol.TEMPLATES["revans-uk"].phases
    data = {"template": "revans-uk", **{f"minutes_{p.key}": p.minutes for p in phases}}
    data["minutes_open-questions"] = 25
    data["skip"] = ["resources"]
    response = client_as("facilitator").post(url(cast, "live-prepare"), data)
    assert response.status_code == 302
    session = LiveSession.objects.get()
    assert session.minutes == {"open-questions": 25} and session.skip == ["resources"]


def test_a_timebox_out_of_range_re_renders_the_form(cast, client_as):
    from palg.live import protocol

    phases = protocol.TEMPLATES["revans-uk"].phases
    data = {"template": "revans-uk", **{f"minutes_{p.key}": p.minutes for p in phases}}
    data["minutes_summary"] = 0
    body = text(client_as("facilitator").post(url(cast, "live-prepare"), data))
    assert "Ensure this value is greater than or equal to 1." in body
    assert not LiveSession.objects.exists()


def test_the_presenter_sees_listening_mode_while_the_set_consults(cast, client_as):
    member = cast.people["member"]
    session = LiveSession.objects.create(
        meeting=cast.alpha_meeting, template="troika", presenters=[member.pk]
    )
    client = signed_in(cast, "facilitator")
    client.post(url(cast, "live-control"), {"action": "start", "version": session.version})
    for _ in range(2):  # client asks for help -> clarifying -> consultants discuss
        version = LiveSession.objects.get().version
        client.post(url(cast, "live-control"), {"action": "next", "version": version})
    presenter = text(signed_in(cast, "member").get(url(cast, "live-session")))
    assert "Listening mode" in presenter
    assert "Listening mode" not in text(client.get(url(cast, "live-session")))


def test_the_meeting_page_links_its_members_to_the_live_session(cast, client_as):
    link = url(cast, "live-session")
    assert link in text(
        client_as("member").get(reverse("meeting-detail", args=[cast.alpha_meeting.pk]))
    )
    assert link not in text(
        client_as("lead").get(reverse("meeting-detail", args=[cast.alpha_meeting.pk]))
    )


def test_members_bid_from_the_page_and_the_facilitator_chooses_from_the_ledger(cast, client_as):
    member = signed_in(cast, "member")
    data = {"text": "Getting two directors to share a budget", "urgency": "A", "nature": "problem"}
    body = text(member.post(url(cast, "live-bid"), data, headers=HTMX))
    assert "Getting two directors to share a budget" in body
    bid = Bid.objects.get()
    # A new form, named after the saved bid, so the preserved empty one is replaced once.
    assert f'id="bid-form-{bid.pk}"' in body and "Change your bid" in body
    assert '<option value="A" selected>' in body and "Change my bid" in body
    facilitator = signed_in(cast, "facilitator")
    page = text(facilitator.get(url(cast, "live-session")))
    assert "owed time" in page and 'id="present-' in page
    version = LiveSession.objects.get().version
    alice = cast.people["member"].pk
    response = facilitator.post(
        url(cast, "live-presenters"), {"version": version, "presenters": [alice]}, headers=HTMX
    )
    body = text(response)
    assert "Today's presenters:</strong> Alice." in body
    assert "Presentation (Alice)" in body


def test_a_puzzle_bid_is_labelled_for_the_resources_round(cast, client_as):
    member = signed_in(cast, "member")
    data = {"text": "Which survey tool do we use?", "urgency": "C", "nature": "puzzle"}
    body = text(member.post(url(cast, "live-bid"), data, headers=HTMX))
    assert "puzzle: resources round" in body


def test_the_prepare_card_rides_in_the_panel_until_the_session_starts(cast):
    # In the panel, so the start removes it from the facilitator's screen without a reload,
    # and every panel fetched before the start keeps it (hx-preserve keeps what is typed).
    facilitator = signed_in(cast, "facilitator")
    panel = text(facilitator.get(url(cast, "live-state"), headers=HTMX))
    assert 'id="prepare"' in panel and "hx-preserve" in panel
    assert 'id="prepare"' not in text(signed_in(cast, "member").get(url(cast, "live-state")))
    started = facilitator.post(url(cast, "live-control"), {"action": "start", "version": 0},
                               headers=HTMX)  # fmt: skip
    assert 'id="live"' in text(started) and 'id="prepare"' not in text(started)
