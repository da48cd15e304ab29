"""A signed-in person changes their email address through allauth: pending until confirmed from
the new address, User.email and allauth's EmailAddress in step, unique, and never the address of
someone else in the organisation's directory or of another account."""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from palg.accounts.email_change import MSG_DIRECTORY
from palg.accounts.models import SecurityEvent, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "alice.new@elsewhere.example"
LINK = re.compile(r"https://palg\.example\.org(/account/confirm-email/\S+/)")


def ask_to_change_email(client, user, email: str):
    client.force_login(user)
    return client.post(reverse("account_email"), {"action_add": "", "email": email}, follow=True)


def confirm_path(message_body: str) -> str:
    return LINK.search(message_body).group(1)


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://palg.example.org"


def test_the_account_menu_offers_password_and_email_changes(client, cast):
    client.force_login(cast.users["member"])
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("account_change_password")}"' in page
    assert f'href="{reverse("account_email")}"' in page


def test_the_page_shows_the_current_address_kept_as_allauth_s_verified_primary(client, cast):
    alice = cast.users["member"]
    client.force_login(alice)
    page = client.get(reverse("account_email")).content.decode()
    assert f"<strong>{alice.email}</strong>" in page
    [address] = EmailAddress.objects.filter(user=alice)
    assert (address.email, address.primary, address.verified) == (alice.email, True, True)


def test_the_address_changes_only_once_confirmed_from_the_new_one(client, cast, site):
    alice = cast.users["member"]
    page = ask_to_change_email(client, alice, NEW.upper()).content.decode()
    assert f"Changing to <strong>{NEW}</strong>" in page
    alice.refresh_from_db()
    assert alice.email == "alice@acme.example"
    [confirmation] = mail.outbox
    assert confirmation.to == [NEW]
    path = confirm_path(confirmation.body)
    client.logout()  # the link may well be opened elsewhere
    assert "Confirm your new email address" in client.get(path).content.decode()
    client.post(path)
    alice.refresh_from_db()
    assert alice.email == NEW
    [address] = EmailAddress.objects.filter(user=alice)
    assert (address.email, address.primary, address.verified) == (NEW, True, True)
    # The old address is told, the change is in her recent activity, and she signs in with
    # the new one.
    assert [m.to for m in mail.outbox[1:]] == [["alice@acme.example"]]
    [event] = SecurityEvent.objects.filter(user=alice, kind=SecurityEvent.Kind.EMAIL_CHANGED)
    assert event.detail == "From alice@acme.example"
    signed_in = client.post(reverse("login"), {"login": NEW, "password": PASSWORD})
    assert signed_in.status_code == 302


def test_another_directory_person_s_address_is_refused_with_a_clear_message(client, cast):
    alice = cast.users["member"]
    response = ask_to_change_email(client, alice, "ann@acme.example")
    assert escape(MSG_DIRECTORY) in response.content.decode()
    alice.refresh_from_db()
    assert alice.email == "alice@acme.example"
    assert not EmailAddress.objects.filter(email="ann@acme.example").exists()
    assert mail.outbox == []


def test_another_account_s_address_gets_the_usual_answer_but_no_mail_and_never_confirms(
    client, cast, site
):
    alice, zed = cast.users["member"], cast.users["stranger"]
    taken = ask_to_change_email(client, alice, zed.email).content.decode()
    assert f"Changing to <strong>{zed.email}</strong>" in taken
    assert mail.outbox == []  # Zed is not mailed on Alice's request
    # Even with the key (it never left palg), the address cannot be confirmed.
    pending = EmailAddress.objects.get(user=alice, email=zed.email)
    path = reverse("account_confirm_email", args=[EmailConfirmationHMAC(pending).key])
    client.post(path)
    alice.refresh_from_db()
    assert alice.email == "alice@acme.example"
    assert User.objects.filter(email=zed.email).get() == zed
    assert not EmailAddress.objects.filter(email=zed.email, verified=True).exclude(user=zed)


def test_a_bad_address_re_renders_the_form_with_its_error(client, cast):
    response = ask_to_change_email(client, cast.users["member"], "not an address")
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert mail.outbox == []


def test_a_former_address_changed_by_an_admin_is_dropped_when_the_page_opens(client, cast):
    alice = cast.users["member"]
    client.force_login(alice)
    client.get(reverse("account_email"))
    User.objects.filter(pk=alice.pk).update(email="alice.smith@acme.example")
    client.get(reverse("account_email"))
    rows = EmailAddress.objects.filter(user=alice).values_list("email", "primary", "verified")
    assert list(rows) == [("alice.smith@acme.example", True, True)]
