"""Two-factor authentication: allauth.mfa's pages are each person's own (their authenticators;
nobody else's exist for them), and the two-factor policy page is for organisation admins, each
changing only their own organisation's policy (the stranger, Globex's admin, changes Globex's).
"""

from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.matrix import Entry, everyone

NONE = ("none",)


def leads_key(cast) -> int:
    """A passkey of the lead's (its data never reaches a browser here)."""
    key = Authenticator.objects.create(
        user=cast.users["lead"],
        type=Authenticator.Type.WEBAUTHN,
        data={"name": "Lead's key", "credential": {}},
    )
    return key.pk


def page(name: str, method: str = "GET", *, expect: dict, data=None, path=None) -> Entry:
    return Entry(
        name=name,
        method=method,
        path=path or (lambda cast, target: reverse(name)),
        data=data,
        expect={"none": expect},
        targets=NONE,
    )


SIGNED_IN = everyone(200, anonymous=302)
# Pages that change someone's second factors first ask them to confirm it is them (a force_login
# has no recent sign-in on record): 302 to the confirmation page, whoever asks.
CONFIRM_FIRST = everyone(302)
# Pages about something the signed-in person does not have (no app, no codes): 404.
NOTHING_YET = everyone(404, anonymous=302)
ADMINS = everyone(403, anonymous=302, admin=200, stranger=200)

ENTRIES = [
    page("mfa_index", expect=SIGNED_IN),
    # The second step of a sign-in only exists during one; otherwise, back to /login/ or home.
    page("mfa_authenticate", expect=everyone(302)),
    page("mfa_reauthenticate", expect=CONFIRM_FIRST),
    page("mfa_activate_totp", expect=CONFIRM_FIRST),
    page("mfa_deactivate_totp", expect=NOTHING_YET),
    page("mfa_view_recovery_codes", expect=NOTHING_YET),
    page("mfa_generate_recovery_codes", expect=CONFIRM_FIRST),
    page("mfa_download_recovery_codes", expect=NOTHING_YET),
    page("mfa_list_webauthn", expect=SIGNED_IN),
    page("mfa_add_webauthn", expect=CONFIRM_FIRST),
    page("mfa_reauthenticate_webauthn", expect=CONFIRM_FIRST),
    # The lead's key: confirming comes first; after it, anyone else gets 404
    # (tests/accounts/test_two_factor.py).
    page(
        "mfa_remove_webauthn",
        expect=CONFIRM_FIRST,
        path=lambda cast, target: reverse("mfa_remove_webauthn", args=[leads_key(cast)]),
    ),
    page(
        "mfa_edit_webauthn",
        expect=CONFIRM_FIRST,
        path=lambda cast, target: reverse("mfa_edit_webauthn", args=[leads_key(cast)]),
    ),
    # Signing in with a passkey alone: a page only for the browser's script (JSON); a plain GET
    # goes to /login/, and a signed-in person home.
    page("mfa_login_webauthn", expect=everyone(302)),
    page("account_reauthenticate", expect=SIGNED_IN),
    page("two-factor-policy", expect=ADMINS),
    page(
        "two-factor-policy",
        "POST",
        data=lambda cast, target: {"require_leads": "on"},
        expect=everyone(403, anonymous=302, admin=302, stranger=302),
    ),
]
