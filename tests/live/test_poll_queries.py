"""The live poll runs once a second on every screen of every live session, so its cost is pinned
here: an unchanged state costs the sign-in's two queries (session, user) and one more. Who may
poll at all is the permission matrix's job (tests/matrix/live.py)."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse

from palg.live.models import LiveSession, Presence

HTMX = {"HX-Request": "true"}


def signed_in(cast, role: str) -> Client:
    client = Client()
    client.force_login(cast.users[role])
    return client


def started(cast) -> int:
    """Start Alpha's session; returns the version every screen then shows."""
    control = reverse("live-control", args=[cast.alpha_meeting.pk])
    signed_in(cast, "facilitator").post(control, {"action": "start", "version": 0})
    return LiveSession.objects.get().version


def poll(client: Client, cast, version: int):
    url = reverse("live-state", args=[cast.alpha_meeting.pk])
    return client.get(f"{url}?v={version}", headers=HTMX)


def test_an_unchanged_poll_costs_one_query_beyond_the_sign_in(cast, django_assert_max_num_queries):
    version = started(cast)
    member = signed_in(cast, "member")
    assert poll(member, cast, version).status_code == 204  # notes the member present
    with django_assert_max_num_queries(3):
        assert poll(member, cast, version).status_code == 204


def test_the_facilitator_s_poll_costs_the_same(cast, django_assert_max_num_queries):
    version = started(cast)
    facilitator = signed_in(cast, "facilitator")
    poll(facilitator, cast, version)
    with django_assert_max_num_queries(3):
        assert poll(facilitator, cast, version).status_code == 204


def test_a_poll_notes_presence_at_most_every_half_minute(cast, django_assert_max_num_queries):
    version = started(cast)
    member = signed_in(cast, "member")
    person = cast.people["member"]
    # The three queries, then update_or_create: a read and an insert, inside savepoints.
    with django_assert_max_num_queries(9):
        assert poll(member, cast, version).status_code == 204
    first = Presence.objects.get(person=person).last_seen
    poll(member, cast, version)
    assert Presence.objects.get(person=person).last_seen == first
    Presence.objects.filter(person=person).update(last_seen=first - timedelta(seconds=31))
    poll(member, cast, version)
    assert Presence.objects.get(person=person).last_seen > first


def test_a_changed_state_sends_the_panel_with_its_new_version(cast):
    version = started(cast)
    member = signed_in(cast, "member")
    response = poll(member, cast, version - 1)
    assert response.status_code == 200
    assert f'data-version="{version}"' in response.content.decode()


def test_before_the_session_is_prepared_the_poll_compares_version_0(cast):
    member = signed_in(cast, "member")
    assert poll(member, cast, 0).status_code == 204
    assert not Presence.objects.exists()


def test_the_changed_panel_stays_within_its_query_budget(cast, django_assert_max_num_queries):
    # After each press every screen of the set fetches the panel, seven or so at once. (37
    # queries before the session stopped reloading its meeting and asking twice who drives.)
    version = started(cast)
    member = signed_in(cast, "member")
    poll(member, cast, version)
    with django_assert_max_num_queries(31):
        assert poll(member, cast, version - 1).status_code == 200
