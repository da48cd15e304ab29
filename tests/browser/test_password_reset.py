"""A person who forgot their password resets it in the browser, from the sign-in page to signing
in with the new one, by following the link in the email; no page breaks the CSP."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-new-and-long-passphrase-2027"


def test_a_person_resets_a_forgotten_password_from_the_link_in_the_email(
    page, live_server, live_cast, settings, console_errors
):
    settings.SITE_URL = live_server.url
    alice = live_cast.users["member"]
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(alice.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    [message] = mail.outbox
    link = re.search(rf"{re.escape(live_server.url)}/account/password/reset/key/\S+/", message.body)
    page.goto(link.group(0))
    page.get_by_role("textbox", name="New Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("textbox", name="New Password (again)", exact=True).fill(NEW_PASSWORD)
    screenshot(page, "password-reset-new-password")
    page.get_by_role("button", name="Set the new password").click()
    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()
    page.get_by_role("link", name="Sign in").last.click()
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    assert console_errors == []
