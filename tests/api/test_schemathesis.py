"""Fuzz every API operation from its OpenAPI schema: valid and invalid input alike must get a
declared status code and a body that fits the schema, never a server error."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from palg.accounts.models import ApiToken
from palg.accounts.services import api_token_create
from palg.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# Far from the small ids the fuzzer tries first, so DELETE /api/tokens/{id} does not revoke the
# token the fuzzer itself signs in with.
FUZZ_TOKEN_ID = 987_654_321


@pytest.fixture(autouse=True)
def _keep_the_test_transaction_open():
    """Django closes the database connection when a request starts or finishes, which would end
    the test's transaction on PostgreSQL. Its test client stops that; schemathesis calls the WSGI
    application directly, so stop it here in the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def lead_token(cast) -> str:
    """A bearer token of the programme lead, who can reach most operations."""
    token, secret = api_token_create(user=cast.users["lead"], name="fuzz")
    ApiToken.objects.filter(pk=token.pk).update(id=FUZZ_TOKEN_ID)
    return secret


@pytest.fixture
def lead_session(cast, client) -> dict:
    """Cookies and headers of a signed-in session of the lead, with a CSRF token."""
    client.force_login(cast.users["lead"])
    csrf = get_random_string(32)
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf},
        "headers": {"X-CSRFToken": csrf},
    }


# Bounded and deterministic, so CI runs the same examples every time.
FUZZ_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.fuzz
@schema.parametrize()
@FUZZ_SETTINGS
def test_it_answers_every_operation_as_its_schema_says(case, lead_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {lead_token}"}, checks=CHECKS)


# Creating tokens needs a session (a token cannot mint tokens), so fuzz it with one.
@pytest.mark.fuzz
@schema.include(operation_id="token_create").parametrize()
@FUZZ_SETTINGS
def test_it_answers_token_creation_as_its_schema_says(case, lead_session):
    case.call_and_validate(
        headers=lead_session["headers"], cookies=lead_session["cookies"], checks=CHECKS
    )


@pytest.fixture
def member_token(cast) -> str:
    """A bearer token of Alice, a member of set Alpha, who drafts and consents to its themes."""
    token, secret = api_token_create(user=cast.users["member"], name="fuzz")
    ApiToken.objects.filter(pk=token.pk).update(id=FUZZ_TOKEN_ID)
    return secret


# The lead is refused every set's themes (set content), so fuzz those operations as a member.
@pytest.mark.fuzz
@schema.include(tag="themes").parametrize()
@FUZZ_SETTINGS
def test_it_answers_the_theme_operations_of_a_member_as_its_schema_says(case, member_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {member_token}"}, checks=CHECKS)
