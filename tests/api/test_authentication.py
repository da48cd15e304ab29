"""Bearer tokens and sessions: who gets in, and CSRF for sessions."""

from django.test import Client

from palg.accounts.services import api_token_create, api_token_revoke
from palg.api.auth import MSG_BAD_TOKEN, MSG_SESSION_ONLY, MSG_UNAUTHENTICATED
from tests.api.conftest import CheckedClient


def bearer(secret: str) -> CheckedClient:
    return CheckedClient(headers={"Authorization": f"Bearer {secret}"})


def test_it_answers_anonymous_callers_with_401_json(cast, anonymous):
    response = anonymous.get("/api/me")
    assert response.status_code == 401
    assert response.json() == {"detail": MSG_UNAUTHENTICATED}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_answers_anonymous_writes_with_401_not_a_csrf_error(cast):
    client = CheckedClient(enforce_csrf_checks=True)
    response = client.post("/api/programmes", {"name": "X"}, content_type="application/json")
    assert response.status_code == 401


def test_it_accepts_a_valid_token(cast):
    _, secret = api_token_create(user=cast.users["lead"], name="ci")
    response = bearer(secret).get("/api/me")
    assert response.status_code == 200
    assert response.json()["email"] == cast.users["lead"].email


def test_it_records_when_a_token_was_last_used(cast):
    token, secret = api_token_create(user=cast.users["lead"], name="ci")
    bearer(secret).get("/api/me")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_rejects_a_revoked_token(cast):
    token, secret = api_token_create(user=cast.users["lead"], name="ci")
    api_token_revoke(user=cast.users["lead"], token_id=token.pk)
    response = bearer(secret).get("/api/me")
    assert response.status_code == 401
    assert response.json() == {"detail": MSG_BAD_TOKEN}


def test_it_rejects_a_token_whose_account_is_inactive(cast):
    _, secret = api_token_create(user=cast.users["lead"], name="ci")
    cast.users["lead"].is_active = False
    cast.users["lead"].save()
    assert bearer(secret).get("/api/me").status_code == 401


def test_it_rejects_malformed_tokens(cast):
    _, secret = api_token_create(user=cast.users["lead"], name="ci")
    for bad in ("", "palg", "palg_x", secret[:-1] + "?", "x" * 10_000, secret + "\x01", "é" * 5):
        response = bearer(bad).get("/api/me")
        assert response.status_code == 401, repr(bad)
        assert response.json()["detail"] in (MSG_BAD_TOKEN, MSG_UNAUTHENTICATED)


def test_it_does_not_fall_back_to_the_session_when_a_token_is_bad(cast):
    client = bearer("palg_deadbeef_nope")
    client.force_login(cast.users["lead"])
    assert client.get("/api/me").status_code == 401


def test_it_accepts_a_session(cast, session_as):
    response = session_as("member").get("/api/me")
    assert response.status_code == 200
    assert response.json()["email"] == cast.users["member"].email


def test_it_refuses_a_session_write_without_a_csrf_token(cast, session_as):
    response = session_as("lead").post(
        "/api/programmes", {"name": "No CSRF"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not cast.org.programmes.filter(name="No CSRF").exists()


def test_it_accepts_a_session_write_with_a_csrf_token(cast, session_as):
    client = session_as("lead")
    client.get("/account/tokens/")  # any page that renders a CSRF token sets the cookie
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/programmes",
        {"name": "With CSRF"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 201


def test_it_needs_no_csrf_token_for_a_bearer_token_write(cast):
    _, secret = api_token_create(user=cast.users["lead"], name="ci")
    client = CheckedClient(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})
    response = client.post("/api/programmes", {"name": "Token"}, content_type="application/json")
    assert response.status_code == 201


def test_it_ignores_other_authorization_schemes_and_uses_the_session(cast):
    client = Client(headers={"Authorization": "Basic dXNlcjpwYXNz"})
    client.force_login(cast.users["member"])
    assert client.get("/api/me").status_code == 200


def test_it_does_not_let_a_token_create_tokens(cast, api_as):
    response = api_as("lead").post("/api/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": MSG_SESSION_ONLY}
