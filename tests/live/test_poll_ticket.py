"""The once-a-second version check runs on a poll ticket instead of the sign-in (palg.access):
the page hands one to the set's own people, it opens that meeting's version check and nothing
else, it cannot be forged, and an expired one sends the page back for the panel, which brings a
new ticket. The panel itself always needs the sign-in (tests/matrix/live.py)."""

import re
from datetime import timedelta
from html import unescape

from django.test import Client
from django.urls import reverse

from palg import access
from palg.live.models import LiveSession, Presence

CHECK = re.compile(r'hx-get="([^"]*/version/[^"]*)"')


def signed_in(cast, role: str) -> Client:
    client = Client()
    client.force_login(cast.users[role])
    return client


def start(cast) -> int:
    control = reverse("live-control", args=[cast.alpha_meeting.pk])
    signed_in(cast, "facilitator").post(control, {"action": "start", "version": 0})
    return LiveSession.objects.get().version


def check_url(cast, role: str = "member") -> str:
    """The version check's address as the live page gives it to `role`."""
    page = signed_in(cast, role).get(reverse("live-session", args=[cast.alpha_meeting.pk]))
    assert page.status_code == 200
    return unescape(CHECK.search(page.content.decode()).group(1))


def test_the_page_s_check_answers_204_while_nothing_changes(cast):
    start(cast)
    assert Client().get(check_url(cast)).status_code == 204


def test_after_a_press_the_check_tells_the_page_to_fetch_the_panel(cast):
    version = start(cast)
    url = check_url(cast)
    control = reverse("live-control", args=[cast.alpha_meeting.pk])
    signed_in(cast, "facilitator").post(control, {"action": "next", "version": version})
    response = Client().get(url)
    assert response.status_code == 200
    assert response["HX-Trigger"] == "live-stale"
    assert response.content == b""  # no content: the panel comes from live-state, signed in


def test_a_ticket_opens_only_the_meeting_it_was_issued_for(cast):
    start(cast)
    url = check_url(cast)
    other = url.replace(
        reverse("live-version", args=[cast.alpha_meeting.pk]),
        reverse("live-version", args=[cast.beta_meeting.pk]),
    )
    assert other != url
    assert Client().get(other).status_code == 404


def test_a_ticket_changed_by_hand_is_not_found(cast):
    start(cast)
    url = check_url(cast)
    ticket = re.search(r"t=([^&]+)", url).group(1)
    forged = ticket[:-1] + ("A" if ticket[-1] != "A" else "B")
    assert Client().get(url.replace(ticket, forged)).status_code == 404
    assert Client().get(url.replace(ticket, "")).status_code == 404


def test_an_expired_ticket_sends_the_page_for_a_new_panel_and_ticket(
    cast, monkeypatch, django_assert_num_queries
):
    start(cast)
    url = check_url(cast)
    monkeypatch.setattr(access, "POLL_TICKET_AGE", -1)  # every ticket is now too old
    with django_assert_num_queries(0):  # not even the version is read on an old ticket
        response = Client().get(url)
    assert response.status_code == 200 and response["HX-Trigger"] == "live-stale"
    panel = signed_in(cast, "member").get(reverse("live-state", args=[cast.alpha_meeting.pk]))
    fresh = unescape(CHECK.search(panel.content.decode()).group(1))
    monkeypatch.setattr(access, "POLL_TICKET_AGE", 600)
    assert Client().get(fresh).status_code == 204


def test_overseers_and_outsiders_never_receive_a_ticket(cast):
    start(cast)
    for role in ("lead", "sponsor", "admin", "outsider", "other_member"):
        page = signed_in(cast, role).get(reverse("live-session", args=[cast.alpha_meeting.pk]))
        assert page.status_code in (403, 404)
        assert "/version/" not in page.content.decode()


def test_the_check_costs_one_query_and_reads_no_sign_in(cast, django_assert_num_queries):
    start(cast)
    url = check_url(cast)
    anonymous = Client()
    anonymous.get(url)  # notes the member present
    with django_assert_num_queries(1):
        assert anonymous.get(url).status_code == 204


def test_the_check_notes_its_holder_present_at_most_every_half_minute(cast):
    start(cast)
    url = check_url(cast, "member")
    person = cast.people["member"]
    Presence.objects.filter(person=person).delete()  # the page view itself noted them
    Client().get(url)
    first = Presence.objects.get(person=person).last_seen
    Client().get(url)
    assert Presence.objects.get(person=person).last_seen == first
    Presence.objects.filter(person=person).update(last_seen=first - timedelta(seconds=31))
    Client().get(url)
    assert Presence.objects.get(person=person).last_seen > first


def test_before_the_session_is_prepared_the_check_compares_version_0(cast):
    url = check_url(cast)
    assert "v=0" in url
    assert Client().get(url).status_code == 204
