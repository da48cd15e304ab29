"""The account pages: API tokens and recent activity are every signed-in user's own (nobody
else's exist); the Accounts pages are for organisation admins, and another organisation's
accounts do not exist for them (404)."""

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


# allauth's pages that palg exposes: password reset (anyone, same answer for every address),
# and for a signed-in person their own password and email. No URL names anyone else's account.
def reset_key_path(cast, target: str) -> str:
    return reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "forged"})


ENTRIES += [
    Entry(
        name="account_reset_password",
        method="GET",
        path=lambda cast, target: reverse("account_reset_password"),
        expect={"none": everyone(200)},
        targets=NONE,
    ),
    Entry(
        name="account_reset_password",
        method="POST",
        path=lambda cast, target: reverse("account_reset_password"),
        data=lambda cast, target: {"email": cast.users["member"].email},
        expect={"none": everyone(302)},
        targets=NONE,
    ),
    Entry(
        name="account_reset_password_done",
        method="GET",
        path=lambda cast, target: reverse("account_reset_password_done"),
        expect={"none": everyone(200)},
        targets=NONE,
    ),
    Entry(
        name="account_reset_password_from_key",
        method="GET",
        path=reset_key_path,
        # A forged key: the page says the link no longer works, whoever asks.
        expect={"none": everyone(200)},
        targets=NONE,
    ),
    Entry(
        name="account_reset_password_from_key_done",
        method="GET",
        path=lambda cast, target: reverse("account_reset_password_from_key_done"),
        expect={"none": everyone(200)},
        targets=NONE,
    ),
    Entry(
        name="account_change_password",
        method="GET",
        path=lambda cast, target: reverse("account_change_password"),
        expect={"none": everyone(200, anonymous=302)},
        targets=NONE,
    ),
    Entry(
        name="account_set_password",
        method="GET",
        path=lambda cast, target: reverse("account_set_password"),
        # Everyone in the cast has a password, so it sends them on to changing it.
        expect={"none": everyone(302)},
        targets=NONE,
    ),
    Entry(
        name="account_email",
        method="GET",
        path=lambda cast, target: reverse("account_email"),
        expect={"none": everyone(200, anonymous=302)},
        targets=NONE,
    ),
    Entry(
        name="account_email",
        method="POST",
        path=lambda cast, target: reverse("account_email"),
        data=lambda cast, target: {"action_add": "", "email": "new.address@elsewhere.example"},
        expect={"none": everyone(302)},
        targets=NONE,
    ),
    Entry(
        name="account_confirm_email",
        method="GET",
        path=lambda cast, target: reverse("account_confirm_email", args=["forged-key"]),
        expect={"none": everyone(200)},
        targets=NONE,
    ),
]


# Acme's accounts: its admin manages them; Globex's admin (the stranger) finds none of them;
# everyone else is told only admins manage accounts.
ADMIN_ONLY = {"none": everyone(403, anonymous=302, admin=200, stranger=200)}


def alice_path(name: str):
    return lambda cast, target: reverse(name, args=[cast.users["member"].pk])


def acme_account(ok: int) -> dict[str, dict[str, int]]:
    return {"none": everyone(403, anonymous=302, admin=ok, stranger=404)}


ENTRIES += [
    Entry(
        name="account-activity",
        method="GET",
        path=lambda cast, target: reverse("account-activity"),
        expect={"none": everyone(200, anonymous=302)},
        targets=NONE,
    ),
    Entry(
        name="account-list",
        method="GET",
        path=lambda cast, target: reverse("account-list"),
        expect=ADMIN_ONLY,
        targets=NONE,
    ),
    Entry(
        name="account-detail",
        method="GET",
        path=alice_path("account-detail"),
        expect=acme_account(200),
        targets=NONE,
    ),
    Entry(
        name="account-deactivate",
        method="POST",
        path=alice_path("account-deactivate"),
        expect=acme_account(302),
        targets=NONE,
    ),
    Entry(
        name="account-admin-grant",
        method="POST",
        path=alice_path("account-admin-grant"),
        expect=acme_account(302),
        targets=NONE,
    ),
    Entry(
        name="account-admin-revoke",
        method="POST",
        path=alice_path("account-admin-revoke"),
        expect=acme_account(302),
        targets=NONE,
    ),
    Entry(
        name="account-reactivate",
        method="POST",
        path=alice_path("account-reactivate"),
        expect=acme_account(302),
        targets=NONE,
    ),
]
