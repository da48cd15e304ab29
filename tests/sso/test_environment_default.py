"""Single-organisation installs: PALG_OIDC_* configure one organisation's provider, checked by
`palg manage check` (and, for an inline secret, `--deploy`)."""

import os
import subprocess
import sys

from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.core import checks

from palg.sso.models import SsoConfiguration
from tests.processes import ROOT
from tests.sso.conftest import TEST_CLIENT
from tests.sso.oidc import path_and_query, provider_url


def use_environment(settings, provider, **overrides):
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_CLIENT_ID = provider.client_id
    settings.OIDC_CLIENT_SECRET = provider.client_secret
    settings.OIDC_ORGANISATION = "acme"
    settings.OIDC_DOMAINS = ["acme.example"]
    for name, value in overrides.items():
        setattr(settings, name, value)


def test_the_environments_configuration_signs_a_directory_person_in(client, cast, provider,
                                                                     settings):  # fmt: skip
    use_environment(settings, provider)
    assert "Sign in with Acme SSO" in client.get("/login/").content.decode()
    back = provider.sign_in(provider_url(client.post("/sso/acme/login/")), "alice@acme.example",
                            back_to=TEST_CLIENT)  # fmt: skip
    assert client.get(path_and_query(back)).status_code == 302
    assert int(client.session[SESSION_KEY]) == cast.users["member"].pk
    assert SocialAccount.objects.get().provider == "acme"


def test_an_organisations_own_configuration_wins_over_the_environments(client, cast, provider,
                                                                        settings):  # fmt: skip
    use_environment(settings, provider)
    SsoConfiguration.objects.create(
        organisation=cast.org, issuer=provider.issuer, client_id="x", enabled=False
    )
    assert "SSO" not in client.get("/login/").content.decode()


def test_the_environment_names_the_organisation_by_slug(client, cast, provider, settings):
    use_environment(settings, provider, OIDC_ORGANISATION="globex")
    page = client.get("/login/").content.decode()
    assert "Sign in with Globex SSO" in page and "Acme SSO" not in page


def test_an_environment_organisation_that_does_not_exist_is_a_check_warning(cast, provider,
                                                                             settings):  # fmt: skip
    use_environment(settings, provider, OIDC_ORGANISATION="initech")
    found = checks.run_checks(tags=[checks.Tags.security])
    assert "palg.sso.W003" in [message.id for message in found]


def test_an_inline_secret_on_the_page_is_a_deploy_warning(cast, acme_sso):
    found = checks.run_checks(tags=[checks.Tags.security], include_deployment_checks=True)
    warning = next(message for message in found if message.id == "palg.sso.W002")
    assert "Acme's single sign-on client secret is stored in palg's database" in warning.msg


def test_a_secret_file_is_no_deploy_warning(cast, acme_sso, tmp_path):
    (tmp_path / "secret").write_text("s3cret")
    acme_sso.client_secret, acme_sso.client_secret_file = "", str(tmp_path / "secret")
    acme_sso.save()
    found = checks.run_checks(tags=[checks.Tags.security], include_deployment_checks=True)
    assert not [message for message in found if message.id.startswith("palg.sso")]


def test_an_unreadable_secret_file_is_a_check_warning(cast, acme_sso):
    acme_sso.client_secret, acme_sso.client_secret_file = "", "/nonexistent/secret"
    acme_sso.save()
    found = checks.run_checks(tags=[checks.Tags.security])
    assert "palg.sso.W004" in [message.id for message in found]


def check_deploy(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PALG_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(PALG_DATA_DIR=str(tmp_path), DB="sqlite", **env)
    environment.pop("DB_NAME", None)
    command = [sys.executable, "-m", "palg", "manage", "check", "--deploy"]
    return subprocess.run(command, env=environment, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)  # fmt: skip


def test_check_deploy_warns_about_an_inline_client_secret_in_the_environment(tmp_path):
    result = check_deploy(tmp_path, PALG_OIDC_ISSUER="https://login.example",
                          PALG_OIDC_CLIENT_ID="palg", PALG_OIDC_CLIENT_SECRET="inline")  # fmt: skip
    assert "palg.sso.W001" in result.stdout + result.stderr
    assert "PALG_OIDC_CLIENT_SECRET_FILE" in result.stdout + result.stderr


def test_check_deploy_accepts_a_client_secret_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    result = check_deploy(tmp_path, PALG_OIDC_ISSUER="https://login.example",
                          PALG_OIDC_CLIENT_ID="palg",
                          PALG_OIDC_CLIENT_SECRET_FILE=str(secret))  # fmt: skip
    assert "palg.sso.W001" not in result.stdout + result.stderr
