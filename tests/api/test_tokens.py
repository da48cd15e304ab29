"""The caller's own API tokens through the API."""

from palg.accounts.models import ApiToken, token_digest
from palg.accounts.services import api_token_create
from tests.api.conftest import CheckedClient

JSON = "application/json"


def csrf_client(session_as, role):
    client = session_as(role)
    client.get("/account/tokens/")
    client.defaults["HTTP_X_CSRFTOKEN"] = client.cookies["csrftoken"].value
    return client


def test_it_lists_only_the_callers_tokens(cast, api_as):
    api_token_create(user=cast.users["member"], name="Alice's")
    client = api_as("lead")
    names = [t["name"] for t in client.get("/api/tokens").json()]
    assert names == ["tests"]


def test_it_never_shows_a_secret_in_the_list(cast, api_as):
    body = api_as("lead").get("/api/tokens").json()
    assert set(body[0]) == {"id", "name", "prefix", "created_at", "last_used_at", "revoked_at"}


def test_it_creates_a_token_and_shows_its_secret_once(cast, session_as):
    client = csrf_client(session_as, "member")
    response = client.post("/api/tokens", {"name": "Laptop script"}, content_type=JSON)
    assert response.status_code == 201
    body = response.json()
    token = ApiToken.objects.get(pk=body["id"])
    assert token.user == cast.users["member"]
    assert token.digest == token_digest(body["secret"])
    assert body["secret"].startswith(f"palg_{token.prefix}_")
    listed = client.get("/api/tokens").json()
    assert "secret" not in listed[0]


def test_it_refuses_a_blank_token_name(cast, session_as):
    client = csrf_client(session_as, "member")
    response = client.post("/api/tokens", {"name": "  "}, content_type=JSON)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["name"]
    assert not ApiToken.objects.exists()


def test_it_revokes_a_token(cast, api_as):
    token, secret = api_token_create(user=cast.users["lead"], name="old")
    response = api_as("lead").delete(f"/api/tokens/{token.pk}")
    assert response.status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_it_lets_a_token_revoke_itself(cast):
    token, secret = api_token_create(user=cast.users["lead"], name="self")
    client = CheckedClient(headers={"Authorization": f"Bearer {secret}"})
    assert client.delete(f"/api/tokens/{token.pk}").status_code == 204
    assert client.get("/api/tokens").status_code == 401


def test_it_checks_ownership(cast, api_as):
    token, _ = api_token_create(user=cast.users["member"], name="Alice's")
    response = api_as("lead").delete(f"/api/tokens/{token.pk}")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_answers_404_for_a_token_already_revoked(cast, api_as):
    token, _ = api_token_create(user=cast.users["lead"], name="old")
    client = api_as("lead")
    client.delete(f"/api/tokens/{token.pk}")
    assert client.delete(f"/api/tokens/{token.pk}").status_code == 404
