"""Signing in and out: email and password, a database-backed throttle, POST-only logout."""

import pytest
from django.urls import reverse

from palg.accounts.models import LoginFailure
from palg.accounts.services import throttle_message
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(cast):
    return cast.users["member"]


@pytest.fixture
def limit(settings) -> int:
    settings.LOGIN_MAX_FAILURES = 3
    return 3


def sign_in(client, email: str, password: str, **extra):
    return client.post(reverse("login"), {"login": email, "password": password}, **extra)


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_it_signs_in_with_email_and_password(client, alice):
    response = sign_in(client, alice.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in_user_id(client) == str(alice.pk)


def test_the_email_is_not_case_sensitive(client, alice):
    assert sign_in(client, alice.email.upper(), PASSWORD).status_code == 302
    assert signed_in_user_id(client) == str(alice.pk)


def test_it_rerenders_the_form_with_an_error_for_a_wrong_password(client, alice):
    response = sign_in(client, alice.email, "not-the-password")
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors
    assert errors[0] in response.content.decode()
    assert signed_in_user_id(client) is None
    assert LoginFailure.objects.filter(email=alice.email).count() == 1


def test_it_locks_an_account_out_after_too_many_failures(client, alice, limit):
    for _ in range(limit):
        assert sign_in(client, alice.email, "wrong").status_code == 200
    response = sign_in(client, alice.email, PASSWORD)
    assert response.status_code == 429
    assert throttle_message() in response.content.decode()
    assert signed_in_user_id(client) is None


def test_the_lockout_counts_the_email_whatever_its_case(client, alice, limit):
    for _ in range(limit):
        sign_in(client, alice.email.upper(), "wrong")
    assert sign_in(client, alice.email, PASSWORD).status_code == 429


def test_an_address_that_tries_many_accounts_gets_one_guess_per_account(client, alice, limit):
    for number in range(limit * 4):
        sign_in(client, f"guess{number}@acme.example", "wrong")
    assert sign_in(client, alice.email, "wrong").status_code == 200
    assert sign_in(client, alice.email, PASSWORD).status_code == 429


def test_a_lockout_does_not_spread_to_other_accounts_from_other_addresses(client, cast, limit):
    for _ in range(limit):
        sign_in(client, cast.users["member"].email, "wrong")
    bob = cast.users["other_member"]
    response = sign_in(client, bob.email, PASSWORD, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, alice, limit):
    for _ in range(limit - 1):
        sign_in(client, alice.email, "wrong")
    assert sign_in(client, alice.email, PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(email=alice.email).exists()
    client.post(reverse("logout"))
    for _ in range(limit - 1):
        sign_in(client, alice.email, "wrong")
    assert sign_in(client, alice.email, PASSWORD).status_code == 302


def test_logout_is_post_only(client, alice):
    client.force_login(alice)
    assert client.get(reverse("logout")).status_code == 405
    assert signed_in_user_id(client) == str(alice.pk)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert signed_in_user_id(client) is None


def test_it_does_not_redirect_off_site_after_signing_in(client, alice):
    url = reverse("login") + "?next=https://evil.example/phish"
    response = client.post(url, {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert not response["Location"].startswith(("http://", "https://", "//"))
