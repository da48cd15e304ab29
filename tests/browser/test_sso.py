"""Single sign-on end to end in Chromium: palg's sign-in page, the real OpenID provider's
sign-in page (tests/sso/oidc.py), and back to palg signed in as the directory person, on their
sets; signing out takes the browser through the provider's sign-out."""

import pytest
from playwright.sync_api import expect

from palg.sso.models import SsoConfiguration
from tests.browser.conftest import screenshot
from tests.processes import free_port
from tests.sso.oidc import running_provider

pytestmark = pytest.mark.browser


@pytest.fixture
def acme_provider(live_server, live_cast, settings):
    settings.SITE_URL = live_server.url
    with running_provider(
        redirect_uris=[f"{live_server.url}/sso/acme/login/callback/"],
        post_logout_redirect_uris=[f"{live_server.url}/login/"],
    ) as provider:
        SsoConfiguration.objects.create(
            organisation=live_cast.org,
            issuer=provider.issuer,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            domains=["acme.example"],
        )
        yield provider


def test_a_directory_person_signs_in_through_the_provider_and_lands_on_their_sets(
    live_server, live_cast, acme_provider, page
):
    # palg's pages log no errors (the provider's development pages load fonts they cannot).
    errors = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and message.location["url"].startswith(live_server.url)
            else None)  # fmt: skip
    page.goto(f"{live_server.url}/login/")
    screenshot(page, "sso-sign-in-page")
    page.get_by_role("button", name="Sign in with Acme SSO").click()

    # The provider's own sign-in page.
    page.wait_for_url(f"{acme_provider.issuer}/**")
    page.get_by_placeholder("Enter any login").fill("alice@acme.example")
    page.get_by_placeholder("and password").fill("whatever-the-provider-checks")
    page.get_by_role("button", name="Sign-in").click()

    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Set Alpha").first).to_be_visible()
    expect(page.get_by_text("Alice").first).to_be_visible()
    screenshot(page, "sso-signed-in-home")
    [request] = acme_provider.seen("/auth")
    assert request["code_challenge_method"] == "S256" and request["nonce"]

    page.get_by_text("Alice").first.click()  # the account menu
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{acme_provider.issuer}/**")
    assert acme_provider.seen("/session/end")
    assert not errors


def test_someone_not_in_the_directory_sees_why_they_are_not_signed_in(
    live_server, live_cast, acme_provider, page
):
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("button", name="Sign in with Acme SSO").click()
    page.wait_for_url(f"{acme_provider.issuer}/**")
    page.get_by_placeholder("Enter any login").fill("nobody@acme.example")
    page.get_by_placeholder("and password").fill("x")
    page.get_by_role("button", name="Sign-in").click()
    expect(page.get_by_role("heading", name="You are not signed in")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("nobody@acme.example is not in Acme's")
    screenshot(page, "sso-refused")


def test_an_admin_sets_up_single_sign_on_on_the_page(live_server, live_cast, sign_in, page,
                                                     settings, tmp_path):  # fmt: skip
    settings.SITE_URL = live_server.url
    secret = tmp_path / "acme-oidc-secret"
    with running_provider(redirect_uris=[f"{live_server.url}/sso/acme/login/callback/"],
                          post_logout_redirect_uris=[]) as provider:  # fmt: skip
        secret.write_text(provider.client_secret)
        sign_in(page, "admin")
        page.goto(f"{live_server.url}/account/manage/")
        page.get_by_role("link", name="Single sign-on").click()
        expect(page.get_by_text(f"{live_server.url}/sso/acme/login/callback/")).to_be_visible()
        # Nobody answers there (a free port on this machine).
        page.get_by_label("Issuer URL").fill(f"https://127.0.0.1:{free_port()}")
        page.get_by_label("Client id").fill(provider.client_id)
        page.get_by_label("Client secret file").fill(str(secret))
        page.get_by_label("Allowed email domains").fill("acme.example")
        page.get_by_role("button", name="Check and save").click()
        expect(page.locator("#id_issuer_error")).to_contain_text("palg could not reach")
        screenshot(page, "sso-settings-error")
        page.get_by_label("Issuer URL").fill(provider.issuer)
        page.get_by_role("button", name="Check and save").click()
        expect(page.get_by_text("Saved: people of Acme can sign in")).to_be_visible()
        screenshot(page, "sso-settings-saved")
    assert SsoConfiguration.objects.get().client_secret_file == str(secret)
