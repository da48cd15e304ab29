import pytest
from django.test import Client

from palg.accounts.services import api_token_create
from tests.api.openapi import assert_conforms

# The schema and the docs page are not operations of the API.
UNCHECKED = ("/api/openapi.json", "/api/docs")


class CheckedClient(Client):
    """A test client that checks every API response against the OpenAPI schema."""

    def request(self, **request):
        response = super().request(**request)
        path = response.wsgi_request.path
        if path.startswith("/api/") and path not in UNCHECKED:
            assert_conforms(response)
        return response


@pytest.fixture
def api_as(cast):
    """`api_as("lead")`: a client sending a fresh bearer token of that member of the cast."""

    def make(role: str) -> CheckedClient:
        _, secret = api_token_create(user=cast.users[role], name="tests")
        return CheckedClient(headers={"Authorization": f"Bearer {secret}"})

    return make


@pytest.fixture
def session_as(cast):
    """`session_as("lead")`: a client signed in with a session, enforcing CSRF checks."""

    def make(role: str) -> CheckedClient:
        client = CheckedClient(enforce_csrf_checks=True)
        client.force_login(cast.users[role])
        return client

    return make


@pytest.fixture
def anonymous() -> CheckedClient:
    return CheckedClient()
