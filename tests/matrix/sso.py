"""Single sign-on: the settings page and unlinking are organisation admins' (another
organisation's accounts do not exist for them); the provider's sign-in addresses exist only for
organisations with single sign-on, and the cast's have none (tests/sso covers them)."""

from django.urls import reverse

from tests.matrix import Entry, everyone

NONE = ("none",)
ADMINS = {"admin": 200, "stranger": 200, "anonymous": 302}

ENTRIES = [
    Entry(
        name="sso-settings",
        method="GET",
        path=lambda cast, target: reverse("sso-settings"),
        expect={"none": everyone(403, **ADMINS)},
        targets=NONE,
    ),
    Entry(
        name="sso-settings",
        method="POST",
        path=lambda cast, target: reverse("sso-settings"),
        # Incomplete: the form re-renders with its errors (a valid one needs a provider).
        data=lambda cast, target: {"issuer": "", "client_id": "", "domains": ""},
        expect={"none": everyone(403, admin=400, stranger=400, anonymous=302)},
        targets=NONE,
    ),
    Entry(
        name="sso-unlink",
        method="POST",
        path=lambda cast, target: reverse("sso-unlink", args=[cast.users["member"].pk]),
        expect={"none": everyone(403, admin=302, stranger=404, anonymous=302)},
        targets=NONE,
    ),
    Entry(
        name="openid_connect_login",
        method="POST",
        path=lambda cast, target: reverse("openid_connect_login", args=["acme"]),
        expect={"none": everyone(404)},
        targets=NONE,
    ),
    Entry(
        name="openid_connect_callback",
        method="GET",
        path=lambda cast, target: reverse("openid_connect_callback", args=["acme"]) + "?state=x",
        expect={"none": everyone(404)},
        targets=NONE,
    ),
]
