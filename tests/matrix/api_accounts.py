"""The accounts API: organisation admins manage their own organisation's accounts; another
organisation's admin finds none of them (404); everyone else is refused (403). Everyone reads
their own security events."""

from tests.matrix import Entry, everyone

NONE = ("none",)
ADMIN_ONLY = everyone(403, admin=200, stranger=200, anonymous=401)
ACME_ACCOUNT = everyone(403, admin=200, stranger=404, anonymous=401)


def alice(suffix: str):
    return lambda cast, target: f"/api/accounts/{cast.users['member'].pk}{suffix}"


ENTRIES = [
    Entry(
        name="account_list",
        method="GET",
        path=lambda cast, target: "/api/accounts",
        expect={"none": ADMIN_ONLY},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="account_events",
        method="GET",
        path=alice("/events"),
        expect={"none": ACME_ACCOUNT},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="account_deactivate",
        method="POST",
        path=alice("/deactivate"),
        expect={"none": ACME_ACCOUNT},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="account_admin_grant",
        method="POST",
        path=alice("/make-admin"),
        expect={"none": ACME_ACCOUNT},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="account_admin_revoke",
        method="POST",
        path=alice("/remove-admin"),
        expect={"none": ACME_ACCOUNT},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="account_reactivate",
        method="POST",
        path=alice("/reactivate"),
        expect={"none": ACME_ACCOUNT},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="my_security_events",
        method="GET",
        path=lambda cast, target: "/api/me/security-events",
        expect={"none": everyone(200, anonymous=401)},
        api=True,
        targets=NONE,
    ),
]

# The two-factor policy: each organisation admin reads and sets their own organisation's.
ENTRIES += [
    Entry(
        name="two_factor_policy_get",
        method="GET",
        path=lambda cast, target: "/api/accounts/two-factor-policy",
        expect={"none": ADMIN_ONLY},
        api=True,
        targets=NONE,
    ),
    Entry(
        name="two_factor_policy_update",
        method="PUT",
        path=lambda cast, target: "/api/accounts/two-factor-policy",
        data=lambda cast, target: {"require_org_admins": False, "require_leads": True},
        expect={"none": ADMIN_ONLY},
        api=True,
        targets=NONE,
    ),
]
