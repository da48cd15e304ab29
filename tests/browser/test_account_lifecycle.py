"""An organisation admin deactivates an account in one browser while its holder is signed in in
another: the holder's next page is the sign-in page, and the sign-in is refused. Reactivated,
they sign in again and see both events under Recent activity."""

import pytest
from django.urls import reverse

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_a_deactivated_person_is_signed_out_at_once_and_sees_it_after_reactivation(
    live_server, live_cast, browser, sign_in, console_errors
):
    alice_context, admin_context = browser.new_context(), browser.new_context()
    alice, admin = alice_context.new_page(), admin_context.new_page()
    sign_in(alice, "member")
    sign_in(admin, "admin")

    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Accounts").click()
    admin.get_by_role("rowheader", name="Alice").get_by_role("link").click()
    admin.get_by_role("button", name="Deactivate account").click()
    assert admin.get_by_text("Alice's account is deactivated").is_visible()
    screenshot(admin, "account-deactivated")

    alice.goto(live_server.url + reverse("journal"))
    assert "/login/" in alice.url
    alice.get_by_label("Email").fill(live_cast.users["member"].email)
    alice.get_by_label("Password").fill("correct-horse-battery-staple")
    alice.get_by_role("button", name="Sign in").click()
    assert "/login/" in alice.url

    admin.get_by_role("button", name="Reactivate account").click()
    assert admin.get_by_text("Their API tokens stay revoked").is_visible()
    sign_in(alice, "member")
    alice.locator(".account-menu > summary").click()  # the header's account menu
    alice.get_by_role("link", name="Recent activity").click()
    events = alice.get_by_role("table")
    assert events.get_by_text("Account reactivated").is_visible()
    assert events.get_by_text("Account deactivated").is_visible()
    assert events.get_by_text("The account is deactivated.").is_visible()
    screenshot(alice, "account-recent-activity")
    assert console_errors == []
    alice_context.close()
    admin_context.close()
