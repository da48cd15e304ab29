"""An invitation accepted end to end: the lead invites Ann on the Invitations page, the outbox
writes the email to the mail folder, and Ann opens its link, chooses a password and lands on her
own set, signed in."""

import email
import re
from email import policy

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from palg.notify.sending import notices_send_due
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser
PASSWORD = "a-long-and-unusual-passphrase"


def read_invitation_email(folder) -> email.message.EmailMessage:
    (path,) = [p for p in folder.glob("*.eml") if "your-palg-account" in p.name]
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def test_an_invitation_is_accepted_from_the_email_and_lands_on_the_persons_own_set(
    live_server, live_cast, browser, sign_in, settings, tmp_path
):
    folder = tmp_path / "mail"
    settings.SITE_URL = live_server.url
    settings.MAILERS = {
        "default": {
            "BACKEND": "palg.notify.mailfolder.EmailBackend",
            "OPTIONS": {"file_path": folder},
        }
    }
    lead = browser.new_page()
    sign_in(lead, "lead")
    lead.goto(live_server.url + reverse("invitation-list"))
    lead.get_by_role("textbox", name="People to invite").fill("ann@acme.example")
    lead.get_by_role("button", name="Send invitations").click()
    expect(lead.get_by_text("Invited 1 person")).to_be_visible()
    expect(lead.locator("tr[data-state=invited]")).to_contain_text("Ann")

    assert notices_send_due().get("sent") == 1
    message = read_invitation_email(folder)
    assert message["To"] == "Ann <ann@acme.example>"
    text = message.get_body(preferencelist=("plain",)).get_content()
    (link,) = re.findall(re.escape(live_server.url) + r"/account/invitation/\w+/", text)

    ann = browser.new_context().new_page()
    ann.goto(link)
    expect(ann.get_by_role("heading", name="Welcome to palg, Ann")).to_be_visible()
    ann.get_by_label("Choose a password").fill("12345678")
    ann.get_by_label("The same password again").fill("12345678")
    ann.get_by_role("button", name="Make my account").click()
    expect(ann.locator("#id_password_error")).to_contain_text("This password is entirely numeric.")
    ann.get_by_label("Choose a password").fill(PASSWORD)
    ann.get_by_label("The same password again").fill(PASSWORD)
    ann.get_by_role("button", name="Make my account").click()
    ann.wait_for_url(live_server.url + "/")
    expect(ann.get_by_text("Welcome, Ann: your account is ready.")).to_be_visible()
    expect(ann.get_by_role("link", name="Set Alpha").first).to_be_visible()
    screenshot(ann, "invitation-accepted-home")

    ann.goto(link)
    expect(ann.get_by_text("This invitation has been used already.")).to_be_visible()
    lead.reload()
    expect(lead.locator("tr[data-state=accepted]")).to_contain_text("Ann")
