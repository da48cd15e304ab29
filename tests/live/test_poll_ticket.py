"""The once-a-second version check runs on a poll ticket instead of the sign-in (palg.access):
the page hands one to the set's own people, it opens that meeting's version check and nothing
else, it cannot be forged, it works only with the sign-in it was issued to (without reading it),
it stops the moment its holder leaves the set, and an expired one sends the page back for the
panel, which brings a new ticket. The panel itself always needs the sign-in
(tests/matrix/live.py)."""

import re
from datetime import timedelta
from html import unescape

from django.test import Client
from django.urls import reverse

from palg import access
from palg.live.models import LiveSession, Presence
from palg.programmes import services

CHECK = re.compile(r'hx-get="([^"]*/version/[^"]*)"')


def signed_in(cast, role: str) -> Client:
    client = Client()
    client.force_login(cast.users[role])
    return client


def start(cast) -> int:
    control = reverse("live-control", args=[cast.alpha_meeting.pk])
    signed_in(cast, "facilitator").post(control, {"action": "start", "version": 0})
    return LiveSession.objects.get().version


def check_url(cast, role: str = "member", client: Client | None = None) -> str:
    """The version check's address as the live page gives it to `role` (in `client`)."""
    client = client or signed_in(cast, role)
    page = client.get(reverse("live-session", args=[cast.alpha_meeting.pk]))
    assert page.status_code == 200
    return unescape(CHECK.search(page.content.decode()).group(1))


def holding_ticket(cast, role: str = "member") -> tuple[Client, str]:
    """A browser signed in as `role` with its live page open: the client and its check's URL."""
    client = signed_in(cast, role)
    return client, check_url(cast, role, client)


def test_the_page_s_check_answers_204_while_nothing_changes(cast):
    start(cast)
    browser, url = holding_ticket(cast)
    assert browser.get(url).status_code == 204


def test_after_a_press_the_check_tells_the_page_to_fetch_the_panel(cast):
    version = start(cast)
    browser, url = holding_ticket(cast)
    control = reverse("live-control", args=[cast.alpha_meeting.pk])
    signed_in(cast, "facilitator").post(control, {"action": "next", "version": version})
    response = browser.get(url)
    assert response.status_code == 200
    assert response["HX-Trigger"] == "live-stale"
    assert response.content == b""  # no content: the panel comes from live-state, signed in


def test_a_ticket_opens_only_the_meeting_it_was_issued_for(cast):
    start(cast)
    browser, url = holding_ticket(cast)
    other = url.replace(
        reverse("live-version", args=[cast.alpha_meeting.pk]),
        reverse("live-version", args=[cast.beta_meeting.pk]),
    )
    assert other != url
    assert browser.get(other).status_code == 404


def test_a_ticket_changed_by_hand_is_not_found(cast):
    start(cast)
    browser, url = holding_ticket(cast)
    ticket = re.search(r"t=([^&]+)", url).group(1)
    forged = ticket[:-1] + ("A" if ticket[-1] != "A" else "B")
    assert browser.get(url.replace(ticket, forged)).status_code == 404
    assert browser.get(url.replace(ticket, "")).status_code == 404


def test_a_ticket_alone_is_useless_without_its_holder_s_sign_in(cast):
    start(cast)
    browser, url = holding_ticket(cast)
    Presence.objects.all().delete()
    assert Client().get(url).status_code == 404  # leaked: no sign-in at all
    assert signed_in(cast, "facilitator").get(url).status_code == 404
    assert signed_in(cast, "member").get(url).status_code == 404  # the same person, elsewhere
    assert not Presence.objects.exists()
    assert browser.get(url).status_code == 204


def test_a_ticket_stops_working_when_its_holder_leaves_the_set(cast):
    start(cast)
    lead = access.Actor.from_user(cast.users["lead"])
    for role in ("member", "facilitator"):
        browser, url = holding_ticket(cast, role)
        assert browser.get(url).status_code == 204
        services.membership_remove(
            actor=lead, group_id=cast.alpha.pk, person_id=cast.people[role].pk
        )
        Presence.objects.filter(person=cast.people[role]).delete()
        assert browser.get(url).status_code == 404
        assert not Presence.objects.filter(person=cast.people[role]).exists()


def test_an_expired_ticket_sends_the_page_for_a_new_panel_and_ticket(
    cast, monkeypatch, django_assert_num_queries
):
    start(cast)
    browser, url = holding_ticket(cast)
    monkeypatch.setattr(access, "POLL_TICKET_AGE", -1)  # every ticket is now too old
    with django_assert_num_queries(0):  # not even the version is read on an old ticket
        response = browser.get(url)
    assert response.status_code == 200 and response["HX-Trigger"] == "live-stale"
    panel = browser.get(reverse("live-state", args=[cast.alpha_meeting.pk]))
    fresh = unescape(CHECK.search(panel.content.decode()).group(1))
    monkeypatch.setattr(access, "POLL_TICKET_AGE", 600)
    assert browser.get(fresh).status_code == 204


def test_overseers_and_outsiders_never_receive_a_ticket(cast):
    start(cast)
    for role in ("lead", "sponsor", "admin", "outsider", "other_member"):
        page = signed_in(cast, role).get(reverse("live-session", args=[cast.alpha_meeting.pk]))
        assert page.status_code in (403, 404)
        assert "/version/" not in page.content.decode()


def test_the_check_costs_one_query_and_reads_no_sign_in(cast, django_assert_num_queries):
    start(cast)
    browser, url = holding_ticket(cast)
    browser.get(url)  # notes the member present
    with django_assert_num_queries(1):  # the sign-in's session and user are never read
        assert browser.get(url).status_code == 204


def test_the_check_notes_its_holder_present_at_most_every_half_minute(cast):
    start(cast)
    browser, url = holding_ticket(cast, "member")
    person = cast.people["member"]
    Presence.objects.filter(person=person).delete()  # the page view itself noted them
    browser.get(url)
    first = Presence.objects.get(person=person).last_seen
    browser.get(url)
    assert Presence.objects.get(person=person).last_seen == first
    Presence.objects.filter(person=person).update(last_seen=first - timedelta(seconds=31))
    browser.get(url)
    assert Presence.objects.get(person=person).last_seen > first


def test_before_the_session_is_prepared_the_check_compares_version_0(cast):
    browser, url = holding_ticket(cast)
    assert "v=0" in url
    assert browser.get(url).status_code == 204
