"""The Single sign-on page: an organisation admin's configuration is checked against the
provider before it is saved; a wrong one re-renders with what is wrong and saves nothing."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.db import connection

from palg.accounts.models import SecurityEvent
from palg.sso import discovery
from palg.sso.models import SsoConfiguration
from tests.processes import free_port


@pytest.fixture
def secret_file(tmp_path, provider):
    path = tmp_path / "oidc-secret"
    path.write_text(provider.client_secret + "\n")
    return path


def form(provider, **changes) -> dict:
    data = {
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "client_secret_file": "",
        "client_secret": "",
        "domains": "acme.example, Acme-Group.example",
        "enabled": "on",
    }
    return {**data, **changes}


def test_an_admin_saves_a_configuration_checked_against_the_provider(client_as, cast, provider,
                                                                    secret_file):  # fmt: skip
    client = client_as("admin")
    response = client.post("/sso/settings/", form(provider, client_secret_file=str(secret_file)))
    assert response.status_code == 302
    saved = SsoConfiguration.objects.get(organisation=cast.org)
    assert (saved.issuer, saved.client_id) == (provider.issuer, provider.client_id)
    assert (saved.client_secret, saved.client_secret_file) == (None, str(secret_file))
    assert saved.domains == ["acme.example", "acme-group.example"]
    page = client.get("/sso/settings/").content.decode()
    assert f"Saved: people of Acme can sign in through {provider.issuer}." in page
    assert "http://127.0.0.1:8000/sso/acme/login/callback/" in page


def test_the_page_shows_the_redirect_uri_to_register(client_as, cast):
    page = client_as("admin").get("/sso/settings/").content.decode()
    assert "<code>http://127.0.0.1:8000/sso/acme/login/callback/</code>" in page
    assert "<code>http://127.0.0.1:8000/login/</code>" in page


def test_an_issuer_nobody_answers_at_is_refused_and_nothing_saved(client_as, cast, provider,
                                                                 secret_file):  # fmt: skip
    issuer = f"http://127.0.0.1:{free_port()}"
    response = client_as("admin").post(
        "/sso/settings/", form(provider, issuer=issuer, client_secret_file=str(secret_file))
    )
    assert response.status_code == 400
    expected = discovery.MSG_UNREACHABLE.format(
        url=f"{issuer}/.well-known/openid-configuration", reason="the connection failed"
    )
    assert expected in response.content.decode()
    assert not SsoConfiguration.objects.exists()


def test_an_issuer_that_is_not_the_one_the_provider_names_is_refused(client_as, cast, provider,
                                                                     secret_file):  # fmt: skip
    issuer = provider.issuer.replace("127.0.0.1", "localhost")
    response = client_as("admin").post(
        "/sso/settings/", form(provider, issuer=issuer, client_secret_file=str(secret_file))
    )
    assert response.status_code == 400
    assert f"The provider calls itself {provider.issuer}, not {issuer}" in response.content.decode()
    assert not SsoConfiguration.objects.exists()


def test_a_plain_http_issuer_elsewhere_is_refused(client_as, cast, provider, secret_file):
    response = client_as("admin").post(
        "/sso/settings/",
        form(provider, issuer="http://login.acme.example", client_secret_file=str(secret_file)),
    )
    assert response.status_code == 400
    assert "The issuer must use https://" in response.content.decode()
    assert not SsoConfiguration.objects.exists()


def test_bad_domains_a_missing_secret_file_and_no_client_id_are_each_named(client_as, cast,
                                                                          provider):  # fmt: skip
    response = client_as("admin").post(
        "/sso/settings/",
        form(
            provider,
            client_id="",
            client_secret_file="/nonexistent/secret",
            domains="acme.example, not a domain",
        ),  # fmt: skip
    )
    assert response.status_code == 400
    page = response.content.decode().replace("&#x27;", "'")
    assert "Enter the client id the provider gave palg." in page
    assert "“not” is not an email domain" in page
    assert "palg cannot read /nonexistent/secret" in page
    assert not SsoConfiguration.objects.exists()


def test_a_secret_given_both_ways_is_refused(client_as, cast, provider, secret_file):
    response = client_as("admin").post(
        "/sso/settings/",
        form(provider, client_secret="typed", client_secret_file=str(secret_file)),
    )
    assert response.status_code == 400
    assert "Give the client secret one way only" in response.content.decode()


def test_saving_again_without_a_secret_keeps_the_saved_one(client_as, cast, provider, acme_sso):
    response = client_as("admin").post("/sso/settings/", form(provider, domains="acme.example"))
    assert response.status_code == 302
    acme_sso.refresh_from_db()
    assert acme_sso.client_secret == provider.client_secret


def test_a_configuration_that_fails_leaves_the_saved_one_as_it_was(client_as, cast, provider,
                                                                   acme_sso):  # fmt: skip
    response = client_as("admin").post("/sso/settings/", form(provider, domains="no"))
    assert response.status_code == 400
    acme_sso.refresh_from_db()
    assert acme_sso.domains == ["acme.example"]


def test_a_lead_may_not_see_the_page(client_as, cast):
    assert client_as("lead").get("/sso/settings/").status_code == 403


def test_an_admin_unlinks_an_account_and_it_is_a_security_event(client_as, cast, acme_sso):
    alice = cast.users["member"]
    SocialAccount.objects.create(user=alice, provider="acme", uid="alice@acme.example")
    client = client_as("admin")
    page = client.get("/sso/settings/").content.decode()
    assert "Accounts that sign in this way (1)" in page
    assert client.post(f"/sso/accounts/{alice.pk}/unlink/").status_code == 302
    assert not SocialAccount.objects.exists()
    event = SecurityEvent.objects.get(user=alice, kind=SecurityEvent.Kind.SSO_UNLINKED)
    assert event.actor == cast.users["admin"]
    assert "alice@acme.example" in event.detail


def test_the_sign_in_page_offers_each_organisations_single_sign_on(client, cast, acme_sso):
    page = client.get("/login/").content.decode()
    assert "Sign in with Acme SSO" in page
    assert 'action="/sso/acme/login/"' in page
    assert "Globex" not in page


def test_the_sign_in_page_offers_none_without_configurations(client, cast):
    assert "SSO" not in client.get("/login/").content.decode()


def test_a_provider_that_cannot_be_reached_gets_a_clear_page(client, cast, acme_sso):
    acme_sso.issuer = f"http://127.0.0.1:{free_port()}"
    acme_sso.save()
    response = client.post("/sso/acme/login/")
    assert response.status_code == 502
    assert "could not reach your organisation" in response.content.decode()


def test_the_login_address_asks_before_leaving_for_the_provider_on_a_get(client, cast, acme_sso):
    response = client.get("/sso/acme/login/")
    assert response.status_code == 200
    assert "Sign in with Acme SSO" in response.content.decode()


def test_the_accounts_page_links_to_single_sign_on(client_as, cast):
    assert 'href="/sso/settings/"' in client_as("admin").get("/account/manage/").content.decode()


def test_a_secret_typed_into_the_page_is_stored_encrypted(client_as, cast, provider):
    client = client_as("admin")
    response = client.post("/sso/settings/", form(provider, client_secret=provider.client_secret))
    assert response.status_code == 302
    saved = SsoConfiguration.objects.get(organisation=cast.org)
    assert saved.client_secret == provider.client_secret
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM sso_ssoconfiguration WHERE id = %s", [saved.pk])
        (raw,) = cursor.fetchone()
    assert provider.client_secret not in raw
