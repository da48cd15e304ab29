"""Security events: recorded from the sign-in signals, the password hook and the lifecycle,
with the real client address and browser, shown to the person and to their organisation's
admins, never to anyone else, and pruned after PALG_SECURITY_EVENT_DAYS."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from palg.accounts.events import security_event_record, security_events_prune
from palg.accounts.models import SecurityEvent
from tests.conftest import PASSWORD

Kind = SecurityEvent.Kind
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0"


def sign_in(email: str, password: str = PASSWORD, headers=None):
    client = Client(headers={"User-Agent": BROWSER, **(headers or {})})
    response = client.post(reverse("login"), {"login": email, "password": password})
    return client, response


def test_a_sign_in_is_recorded_with_the_address_and_browser(cast):
    alice = cast.users["member"]
    sign_in(alice.email)
    event = alice.security_events.get(kind=Kind.SIGN_IN)
    assert (event.address, event.user_agent) == ("127.0.0.1", BROWSER)
    assert event.organisation == cast.org


def test_the_address_is_the_client_behind_a_trusted_proxy(cast, settings):
    from ipaddress import ip_network

    settings.TRUSTED_PROXIES = [ip_network("127.0.0.1/32")]
    alice = cast.users["member"]
    sign_in(alice.email, headers={"X-Forwarded-For": "203.0.113.9"})
    assert alice.security_events.get(kind=Kind.SIGN_IN).address == "203.0.113.9"


def test_a_failed_sign_in_is_the_accounts_event(cast):
    alice = cast.users["member"]
    sign_in(alice.email, "wrong password")
    event = alice.security_events.get(kind=Kind.SIGN_IN_FAILED)
    assert event.email == alice.email and event.user_agent == BROWSER


def test_a_deactivated_accounts_attempt_is_recorded_as_refused(cast):
    alice = cast.users["member"]
    alice.is_active = False
    alice.save()
    sign_in(alice.email)
    event = alice.security_events.get(kind=Kind.SIGN_IN_FAILED)
    assert event.detail == "The account is deactivated."


def test_a_failed_sign_in_with_a_directory_email_without_account_goes_to_its_admins(cast):
    ann = cast.people["ann"]  # in Acme's directory, no account
    sign_in(ann.email, "guess")
    event = SecurityEvent.objects.get(kind=Kind.SIGN_IN_FAILED)
    assert (event.user, event.organisation, event.email) == (None, cast.org, ann.email)


def test_a_failed_sign_in_with_an_unknown_email_belongs_to_nobody(cast, client_as):
    sign_in("nobody@elsewhere.example", "guess")
    event = SecurityEvent.objects.get(kind=Kind.SIGN_IN_FAILED)
    assert (event.user, event.organisation) == (None, None)
    for role in ("admin", "stranger"):
        events = client_as(role).get(reverse("account-list")).context["events"]
        assert event not in events


def test_a_password_change_is_recorded_but_not_a_new_account_or_a_rehash(cast):
    alice = cast.users["member"]
    assert not SecurityEvent.objects.filter(kind=Kind.PASSWORD_CHANGED).exists()
    alice.set_password("a-new-long-password")
    alice.save()
    assert alice.security_events.filter(kind=Kind.PASSWORD_CHANGED).count() == 1
    # Signing in with an outdated hasher rehashes the password: not a change.
    alice.check_password("a-new-long-password")
    assert alice.security_events.filter(kind=Kind.PASSWORD_CHANGED).count() == 1


def test_a_password_changed_in_a_request_gets_its_address(cast, client_as, settings):
    from django.contrib.auth.forms import SetPasswordForm
    from django.http import HttpResponse
    from django.urls import path

    from palg.urls import urlpatterns as site_urls

    def change(request):
        form = SetPasswordForm(
            request.user,
            {"new_password1": "An0ther-passphrase", "new_password2": "An0ther-passphrase"},
        )
        assert form.is_valid(), form.errors
        form.save()
        return HttpResponse("ok")

    class Urls:
        urlpatterns = [*site_urls, path("change-for-test/", change)]

    settings.ROOT_URLCONF = Urls
    client = client_as("member")
    client.get("/change-for-test/", headers={"User-Agent": BROWSER})
    event = cast.users["member"].security_events.get(kind=Kind.PASSWORD_CHANGED)
    assert (event.address, event.user_agent, event.actor) == ("127.0.0.1", BROWSER, None)


def test_a_person_sees_their_own_events_and_nobody_elses(cast):
    alice, bob = cast.users["member"], cast.users["other_member"]
    sign_in(bob.email, "wrong password")
    client, _ = sign_in(alice.email)
    events = client.get(reverse("account-activity")).context["events"]
    assert [event.kind for event in events] == [Kind.SIGN_IN]
    assert all(event.user == alice for event in events)


def test_an_admin_sees_their_organisations_events_only(cast, client_as):
    sign_in(cast.users["member"].email, "wrong password")
    sign_in(cast.users["stranger"].email, "wrong password")
    acme = client_as("admin").get(reverse("account-list")).context["events"]
    assert {event.user for event in acme if event.kind == Kind.SIGN_IN_FAILED} == {
        cast.users["member"]
    }
    detail = client_as("admin").get(reverse("account-detail", args=[cast.users["member"].pk]))
    assert [event.kind for event in detail.context["events"]] == [Kind.SIGN_IN_FAILED]


def test_sign_out_is_recorded(cast):
    client, _ = sign_in(cast.users["member"].email)
    client.post(reverse("logout"))
    assert cast.users["member"].security_events.filter(kind=Kind.SIGN_OUT).count() == 1


def test_it_refuses_an_unknown_kind(cast):
    with pytest.raises(ValueError, match="Unknown security event kind"):
        security_event_record(user=cast.users["member"], kind="sneaked-in")


def test_events_older_than_the_retention_period_are_pruned(cast, settings):
    settings.SECURITY_EVENT_DAYS = 30
    alice = cast.users["member"]
    old = security_event_record(user=alice, kind=Kind.SIGN_IN)
    SecurityEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=31))
    kept = security_event_record(user=alice, kind=Kind.SIGN_IN)
    assert list(SecurityEvent.objects.all()) == [kept]
    assert security_events_prune() == 0
