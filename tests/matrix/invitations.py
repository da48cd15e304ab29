"""Invitations: org admins manage everyone's, leads their programmes' people's; nobody else's
role sees them (403). Zed, admin of another organisation, sees his own (none of Acme's). The
accept page is for whoever holds the link, signed in or not."""

from django.urls import reverse

from palg.accounts.invitations import invitation_path, invitations_create
from tests.matrix import Entry, everyone

NONE = ("none",)
NOT_STAFF = {
    "sponsor": 403,
    "facilitator": 403,
    "member": 403,
    "other_member": 403,
    "outsider": 403,
}


def anns_invitation(cast):
    (invitation,) = invitations_create(
        actor=cast.actor("admin"), identifiers=["ann@acme.example"]
    ).invited
    return invitation


def page(ok: int, *, stranger: int, anonymous: int) -> dict[str, dict[str, int]]:
    return {
        "none": {**NOT_STAFF, "admin": ok, "lead": ok, "stranger": stranger, "anonymous": anonymous}
    }


ENTRIES = [
    Entry(
        name="invitation-list",
        method="GET",
        path=lambda cast, target: reverse("invitation-list"),
        expect=page(200, stranger=200, anonymous=302),
        targets=NONE,
    ),
    Entry(
        name="invitation-list",
        method="POST",
        path=lambda cast, target: reverse("invitation-list"),
        data=lambda cast, target: {"people": "ann@acme.example"},
        # Zed's organisation has no Ann: his form says so.
        expect=page(200, stranger=400, anonymous=302),
        targets=NONE,
    ),
    Entry(
        name="invitation-resend",
        method="POST",
        path=lambda cast, target: reverse("invitation-resend", args=[anns_invitation(cast).pk]),
        expect=page(302, stranger=404, anonymous=302),
        targets=NONE,
    ),
    Entry(
        name="invitation-revoke",
        method="POST",
        path=lambda cast, target: reverse("invitation-revoke", args=[anns_invitation(cast).pk]),
        expect=page(302, stranger=404, anonymous=302),
        targets=NONE,
    ),
    Entry(
        name="invitation-accept",
        method="GET",
        path=lambda cast, target: invitation_path(anns_invitation(cast)),
        expect={"none": everyone(200)},
        targets=NONE,
    ),
    Entry(
        name="invitation-accept",
        method="POST",
        path=lambda cast, target: invitation_path(anns_invitation(cast)),
        data=lambda cast, target: {"password": "short", "password_again": "short"},
        # A refused password for anyone holding the link; nothing is made.
        expect={"none": everyone(400)},
        targets=NONE,
    ),
]


def api(ok: int, *, stranger: int) -> dict[str, dict[str, int]]:
    return {"none": {**NOT_STAFF, "admin": ok, "lead": ok, "stranger": stranger, "anonymous": 401}}


def anns_invitation_api_path(action: str):
    return lambda cast, target: f"/api/invitations/{anns_invitation(cast).pk}/{action}"


ENTRIES += [
    Entry(
        name="invitation_list",
        method="GET",
        path=lambda cast, target: "/api/invitations",
        expect=api(200, stranger=200),
        api=True,
        targets=NONE,
    ),
    Entry(
        name="invitation_create",
        method="POST",
        path=lambda cast, target: "/api/invitations",
        data=lambda cast, target: {"people": ["ann@acme.example"]},
        # Zed's organisation has no Ann: 422 names her as unknown.
        expect=api(201, stranger=422),
        api=True,
        targets=NONE,
    ),
    Entry(
        name="invitation_resend",
        method="POST",
        path=anns_invitation_api_path("resend"),
        expect=api(200, stranger=404),
        api=True,
        targets=NONE,
    ),
    Entry(
        name="invitation_revoke",
        method="POST",
        path=anns_invitation_api_path("revoke"),
        expect=api(200, stranger=404),
        api=True,
        targets=NONE,
    ),
]
