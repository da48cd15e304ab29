"""Password reset by email, through allauth: a "Forgot your password?" link on the sign-in page,
the same answer whether or not the address has an account, a single-use link on PALG_SITE_URL
sent through palg's mailer, and allauth's per-address limit on requests."""

import re

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse

from palg.accounts.models import User
from tests.accounts.test_email_change import ask_to_change_email
from tests.conftest import PASSWORD
from tests.notify.conftest import text_part

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-and-long-passphrase-2027"
LINK = re.compile(r"https://palg\.example\.org/account/password/reset/key/\S+/")


def ask_for_reset(client, email: str):
    return client.post(reverse("account_reset_password"), {"email": email}, follow=True)


def without_nonces(response) -> str:
    """The page, less the CSP nonce and the masked CSRF token that differ on every response."""
    page = re.sub(r'nonce="[^"]*"', "", response.content.decode())
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", page)


def sign_in(client, email: str, password: str):
    return client.post(reverse("login"), {"login": email, "password": password})


def reset_link(smtp, email: str) -> str:
    [message] = smtp.to(email)
    return LINK.search(text_part(message)).group(0).removeprefix("https://palg.example.org")


def test_the_sign_in_page_links_to_password_reset(client):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("account_reset_password")}"' in page
    assert "Forgot your password?" in page


def test_it_answers_the_same_whether_or_not_the_address_has_an_account(client, cast):
    known = ask_for_reset(client, cast.users["member"].email)
    unknown = ask_for_reset(client, "nobody@acme.example")
    assert known.redirect_chain == unknown.redirect_chain
    assert without_nonces(known) == without_nonces(unknown)
    # Only the account's owner gets mail; palg does not write to addresses it does not know.
    assert [message.to for message in mail.outbox] == [[cast.users["member"].email]]


def test_the_link_arrives_by_smtp_on_the_site_url_and_sets_a_new_password_once(client, cast, smtp):
    alice = cast.users["member"]
    ask_for_reset(client, alice.email.upper())
    [message] = smtp.to(alice.email)
    assert message["Subject"] == "palg: Choose a new password"
    link = reset_link(smtp, alice.email)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    done = client.post(set_url, data, follow=True)
    assert "Your new password is set" in done.content.decode()
    assert sign_in(client, alice.email, PASSWORD).status_code == 200
    assert sign_in(client, alice.email, NEW_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    again = client.get(link, follow=True).content.decode()
    assert "This link no longer works" in again


def test_a_forged_link_changes_nothing(client, cast):
    alice = cast.users["member"]
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "forged-x"})
    page = client.get(path, follow=True).content.decode()
    assert "This link no longer works" in page
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_a_deactivated_account_gets_no_link(client, cast):
    User.objects.filter(pk=cast.users["member"].pk).update(is_active=False)
    ask_for_reset(client, cast.users["member"].email)
    assert mail.outbox == []


def test_an_address_someone_is_changing_to_gets_no_link_for_their_account(client, cast):
    # Zed asks to use Alice's address (it stays pending: it is hers). A reset for that address
    # must reach Alice's account only, never Zed's.
    ask_to_change_email(client, cast.users["stranger"], "alice@acme.example")
    client.post(reverse("logout"))
    mail.outbox.clear()
    ask_for_reset(client, "alice@acme.example")
    [message] = mail.outbox
    assert "alice@acme.example" in message.body
    assert cast.users["stranger"].email not in message.body


def test_repeated_requests_for_one_address_are_limited(client, cast):
    for _ in range(5):
        assert ask_for_reset(client, cast.users["member"].email).status_code == 200
    refused = client.post(reverse("account_reset_password"), {"email": cast.users["member"].email})
    assert refused.status_code == 429
    assert len(mail.outbox) == 5


def test_nobody_can_sign_up(rf):
    from allauth.account.adapter import get_adapter

    assert get_adapter().is_open_for_signup(rf.get("/")) is False
    with pytest.raises(NoReverseMatch):
        reverse("account_signup")


@pytest.mark.parametrize(
    "name", ["account_reset_password", "account_reset_password_done", "account_change_password"]
)
def test_the_pages_are_palg_pages_without_inline_script_or_style(client, cast, name):
    client.force_login(cast.users["member"])
    response = client.get(reverse(name))
    page = response.content.decode()
    assert 'class="site-header"' in page
    assert "<script>" not in page and "<script " not in page.replace('<script src="', "")
    assert 'style="' not in page
    assert "script-src" in response["Content-Security-Policy"]


def test_a_mail_server_that_refuses_gets_the_same_answer_and_a_log_line(client, cast, smtp, caplog):
    smtp.refuse = 1
    response = ask_for_reset(client, cast.users["member"].email)
    assert response.redirect_chain[-1][0] == reverse("account_reset_password_done")
    assert smtp.messages == []
    assert "Could not send account/email/password_reset_key" in caplog.text
