"""The account pages for API tokens: every signed-in user has their own; nobody else's exist."""

from django.urls import reverse

from palg.accounts.services import api_token_create
from tests.matrix import Entry, everyone

NONE = ("none",)


def leads_token_revoke_path(cast, target: str) -> str:
    token, _ = api_token_create(user=cast.users["lead"], name="matrix")
    return reverse("account-token-revoke", args=[token.pk])


ENTRIES = [
    Entry(
        name="account-tokens",
        method="GET",
        path=lambda cast, target: reverse("account-tokens"),
        expect={"none": everyone(200, anonymous=302)},
        targets=NONE,
    ),
    Entry(
        name="account-tokens",
        method="POST",
        path=lambda cast, target: reverse("account-tokens"),
        data=lambda cast, target: {"name": "Matrix token"},
        expect={"none": everyone(200, anonymous=302)},
        targets=NONE,
    ),
    Entry(
        name="account-token-revoke",
        method="POST",
        path=leads_token_revoke_path,
        # Only the lead owns this token; to everyone else it does not exist.
        expect={"none": everyone(404, lead=302, anonymous=302)},
        targets=NONE,
    ),
]
