"""The account page for API tokens: list, create (secret shown once) and revoke."""

from django.urls import reverse

from palg.accounts.models import ApiToken, token_digest
from palg.accounts.services import api_token_create
from palg.accounts.views import MSG_ALREADY_REVOKED, MSG_REVOKED

TOKENS = "/account/tokens/"


def test_it_requires_sign_in(cast, client):
    response = client.get(TOKENS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_lists_only_the_users_own_tokens(cast, client_as):
    api_token_create(user=cast.users["lead"], name="Lena's sync")
    api_token_create(user=cast.users["member"], name="Alice's script")
    html = client_as("member").get(TOKENS).content.decode()
    assert "Alice&#x27;s script" in html
    assert "Lena" not in html


def test_it_creates_a_token_and_shows_its_secret_once(cast, client_as):
    client = client_as("member")
    response = client.post(TOKENS, {"name": "Laptop"})
    assert response.status_code == 200
    secret = response.context["secret"]
    token = ApiToken.objects.get(user=cast.users["member"])
    assert token.name == "Laptop"
    assert token.digest == token_digest(secret)
    assert secret in response.content.decode()
    assert secret not in client.get(TOKENS).content.decode()


def test_it_is_never_cached(cast, client_as):
    response = client_as("member").post(TOKENS, {"name": "Laptop"})
    assert "no-store" in response["Cache-Control"]


def test_it_refuses_a_blank_name_with_a_message_tied_to_the_field(cast, client_as):
    response = client_as("member").post(TOKENS, {"name": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert 'id="id_name_error"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_it_refuses_a_name_that_is_too_long(cast, client_as):
    client_as("member").post(TOKENS, {"name": "x" * 101})
    assert not ApiToken.objects.exists()


def test_it_revokes_a_token(cast, client_as):
    token, _ = api_token_create(user=cast.users["member"], name="Old")
    response = client_as("member").post(reverse("account-token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    page = client_as("member").get(TOKENS)
    assert MSG_REVOKED.format(name="Old") in [str(m) for m in page.context["messages"]]


def test_it_says_when_a_token_was_already_revoked(cast, client_as):
    token, _ = api_token_create(user=cast.users["member"], name="Old")
    client = client_as("member")
    client.post(reverse("account-token-revoke", args=[token.pk]))
    client.get(TOKENS)
    client.post(reverse("account-token-revoke", args=[token.pk]))
    page = client.get(TOKENS)
    assert MSG_ALREADY_REVOKED.format(name="Old") in [str(m) for m in page.context["messages"]]


def test_it_checks_ownership(cast, client_as):
    token, _ = api_token_create(user=cast.users["lead"], name="Lena's")
    response = client_as("member").post(reverse("account-token-revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_only_revokes_with_a_post(cast, client_as):
    token, _ = api_token_create(user=cast.users["member"], name="Old")
    response = client_as("member").get(reverse("account-token-revoke", args=[token.pk]))
    assert response.status_code == 405


def test_it_answers_404_for_an_id_too_large_to_exist(cast, client_as):
    response = client_as("member").post(f"/account/tokens/{2**70}/revoke/")
    assert response.status_code == 404
