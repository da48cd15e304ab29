"""Opting out of nudges: the preferences page (bad input re-renders it with the reason) and the
unsubscribe link in every message, which needs no sign-in and works as a one-click POST."""

import pytest
from django.urls import reverse

from palg.notify.forms import MSG_CHOOSE
from palg.notify.models import NoticePreference
from palg.notify.services import unsubscribe_token, wants_nudges


def test_it_shows_nudges_on_by_default(client_as):
    response = client_as("member").get(reverse("notify-preferences"))
    assert response.status_code == 200
    assert b"Nudges about my experiments" in response.content
    assert response.context["form"].initial == {"nudges": "on"}


def test_it_turns_nudges_off_and_on(client_as, cast):
    client = client_as("member")
    response = client.post(reverse("notify-preferences"), {"nudges": "off"})
    assert response.status_code == 302
    assert not wants_nudges(cast.people["member"])
    assert client.get(reverse("notify-preferences")).context["form"].initial == {"nudges": "off"}
    client.post(reverse("notify-preferences"), {"nudges": "on"})
    assert wants_nudges(cast.people["member"])


@pytest.mark.parametrize("data", [{}, {"nudges": "maybe"}, {"nudges": "<script>"}])
def test_bad_input_re_renders_the_page_with_the_reason(client_as, cast, data):
    response = client_as("member").post(reverse("notify-preferences"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"nudges": [MSG_CHOOSE]}
    assert MSG_CHOOSE.encode() in response.content
    assert not NoticePreference.objects.exists()


def test_the_unsubscribe_link_asks_first_and_turns_nudges_off_without_signing_in(client, cast):
    person = cast.people["member"]
    url = reverse("notify-unsubscribe", args=[unsubscribe_token(person)])
    page = client.get(url)
    assert page.status_code == 200 and b"Turn off nudges" in page.content
    assert wants_nudges(person)
    assert client.post(url).status_code == 200
    assert not wants_nudges(person)
    assert wants_nudges(cast.people["ann"])


def test_a_mail_clients_one_click_post_unsubscribes(cast):
    from django.test import Client

    person = cast.people["member"]
    url = reverse("notify-unsubscribe", args=[unsubscribe_token(person)])
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url, "List-Unsubscribe=One-Click", content_type="text/plain")
    assert response.status_code == 200
    assert not wants_nudges(person)


@pytest.mark.parametrize("token", ["nonsense", "eyJwZXJzb24iOjF9:forged:sig"])
def test_a_forged_or_broken_unsubscribe_link_is_not_found(client, cast, token):
    assert client.get(reverse("notify-unsubscribe", args=[token])).status_code == 404
    assert client.post(reverse("notify-unsubscribe", args=[token])).status_code == 404
