import pytest

from palg.sso.models import SsoConfiguration
from tests.sso.oidc import running_provider

TEST_CLIENT = "http://testserver"
SITE_URL = "http://127.0.0.1:8000"  # settings.SITE_URL in the tests


@pytest.fixture(scope="session")
def provider_process():
    """One provider for the module's tests (the Django test client's redirect URIs)."""
    with running_provider(
        redirect_uris=[f"{TEST_CLIENT}/sso/{slug}/login/callback/" for slug in ("acme", "globex")],
        post_logout_redirect_uris=[f"{SITE_URL}/login/"],
    ) as provider:
        yield provider


@pytest.fixture
def provider(provider_process):
    provider_process.mode("honest")
    yield provider_process
    provider_process.mode("honest")


@pytest.fixture
def acme_sso(cast, provider) -> SsoConfiguration:
    """Acme signs in through the provider; its people's addresses are at acme.example."""
    return SsoConfiguration.objects.create(
        organisation=cast.org,
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        domains=["acme.example"],
    )
