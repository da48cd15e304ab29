"""Two-factor authentication in the browser: a passkey made with Chromium's virtual
authenticator (WebAuthn over CDP), then used for the second step and to sign in on its own; and
an authenticator app enrolled from the secret on the page, with a code computed from it. No
page breaks the CSP.

WebAuthn needs a secure context and a relying party that is a host name: the pages are visited
at http://localhost (a secure context for Chromium), and PALG_SITE_URL names that host.
"""

import pytest
from playwright.sync_api import expect

from palg.accounts import lifecycle
from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD
from tests.totp import fresh_totp_code

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, settings) -> str:
    url = live_server.url.replace("127.0.0.1", "localhost")
    settings.SITE_URL = url
    return url


@pytest.fixture
def authenticator(page):
    """A platform authenticator with user verification, as in a phone or laptop."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def password_step(page, site, email):
    page.goto(f"{site}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def confirm_password(page):
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()


def open_two_factor_page(page):
    page.locator("details.account-menu summary").click()
    page.get_by_role("link", name="Two-factor authentication").click()
    expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()


def sign_out(page, site):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{site}/login/")


def test_a_person_adds_a_passkey_and_signs_in_with_it(
    page, site, live_cast, authenticator, console_errors
):
    alice = live_cast.users["member"]
    password_step(page, site, alice.email)
    page.wait_for_url(f"{site}/")
    open_two_factor_page(page)
    page.get_by_role("link", name="Add a passkey").click()
    confirm_password(page)
    expect(page.get_by_role("heading", name="Add a passkey")).to_be_visible()
    page.get_by_label("Name").fill("Work laptop")
    expect(page.get_by_label("Also sign in with this key alone")).to_be_checked()
    screenshot(page, "two-factor-add-passkey")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    cdp, authenticator_id = authenticator
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1
    sign_out(page, site)

    # The password, then the passkey as the second step.
    password_step(page, site, alice.email)
    expect(page.get_by_role("heading", name="Second step")).to_be_visible()
    screenshot(page, "two-factor-second-step")
    page.get_by_role("button", name="Use a passkey or security key").click()
    page.wait_for_url(f"{site}/")
    sign_out(page, site)

    # The passkey alone.
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(f"{site}/")
    expect(page.locator(".account-menu .who")).to_have_text(str(alice))
    page.goto(f"{site}/account/activity/")
    expect(page.get_by_text("Two-factor method added")).to_be_visible()
    sign_out(page, site)

    # Deactivated, the passkey is refused like the password.
    lifecycle.account_deactivate(actor=live_cast.actor("admin"), account_id=alice.pk)
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_text("The account is deactivated.")).to_be_visible()
    assert page.url == f"{site}/login/"
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert console_errors == []


def test_a_person_enrols_an_authenticator_app_and_signs_in_with_its_code(
    page, site, live_cast, console_errors
):
    alice = live_cast.users["member"]
    password_step(page, site, alice.email)
    page.wait_for_url(f"{site}/")
    open_two_factor_page(page)
    page.get_by_role("link", name="Set up an authenticator app").click()
    confirm_password(page)
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    expect(
        page.get_by_role("img", name="QR code to scan with an authenticator app")
    ).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Authenticator code").fill(fresh_totp_code(secret))
    screenshot(page, "two-factor-authenticator-app")
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    assert page.locator("#recovery_codes li").count() == 10
    page.goto(f"{site}/account/two-factor/")
    screenshot(page, "two-factor-overview")
    sign_out(page, site)

    password_step(page, site, alice.email)
    expect(page.get_by_role("heading", name="Second step")).to_be_visible()
    page.get_by_label("Code").fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{site}/")
    assert console_errors == []
