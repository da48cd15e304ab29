"""Two-factor authentication: allauth.mfa's authenticator app (TOTP), passkeys and security
keys (WebAuthn) and recovery codes, each person's own, plus palg's per-organisation policy.

An organisation admin can require two-factor authentication of the organisation's admins, of
its programme leads, or both (TwoFactorPolicy; roles as palg.access decides them). Someone the
policy covers who has no authenticator is sent to enrol one by `TwoFactorPolicyMiddleware`,
from the moment they sign in until they have: only the enrolment pages, signing out and static
files stay open to them. The API answers 403 to such a person's browser session; API tokens,
made from the web pages, are not affected. Whether a session must enrol is decided when it
signs in and again whenever its authenticators change, and kept in the session, so that the
pages (a live session's poll above all) pay no query for it; a session that was already signed
in when the policy was set is held at its next sign-in.

WebAuthn's relying party is the host name of PALG_SITE_URL (never the request's Host header,
which a proxy may rewrite): passkeys work when people reach palg at that name over https, or at
http://localhost for a local trial. An IP address cannot be a relying party.
"""

from __future__ import annotations

from urllib.parse import urlparse

from allauth.mfa import signals as mfa_signals
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_htmx.http import HttpResponseClientRedirect

from palg import access
from palg.access import Actor
from palg.accounts.models import TwoFactorPolicy, User
from palg.programmes.models import ProgrammeRole

MSG_ENROL = (
    "Your organisation requires two-factor authentication for your role. Add an authenticator "
    "app or a passkey to continue."
)
MSG_ENROL_API = "Your organisation requires two-factor authentication: enrol in palg first."
MSG_POLICY_SAVED = "The two-factor policy is saved."
SESSION_KEY = "palg_two_factor_enrol"

# The pages someone who must enrol can still reach.
ENROL_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_list_webauthn",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "mfa_reauthenticate_webauthn",
        "account_reauthenticate",
        "logout",
        "account_logout",
    }
)


class MFAAdapter(DefaultMFAAdapter):
    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        return {"id": relying_party_id(), "name": "palg"}


def relying_party_id() -> str:
    """WebAuthn's relying party: PALG_SITE_URL's host name."""
    return urlparse(settings.SITE_URL).hostname or "localhost"


# Selectors ----------------------------------------------------------------------------------


def two_factor_policy_of(organisation_id: int | None) -> TwoFactorPolicy:
    """The organisation's policy, or an unsaved one requiring nothing."""
    policy = TwoFactorPolicy.objects.filter(organisation_id=organisation_id).first()
    return policy or TwoFactorPolicy(organisation_id=organisation_id)


def two_factor_required(user: User) -> bool:
    """Whether the organisation's policy covers this account's role."""
    if not user.is_authenticated or user.organisation_id is None:
        return False
    policy = TwoFactorPolicy.objects.filter(organisation_id=user.organisation_id).first()
    if policy is None or not policy.requires_anyone:
        return False
    if policy.require_org_admins and user.is_org_admin:
        return True
    if policy.require_leads and user.person_id is not None:
        return ProgrammeRole.objects.filter(
            person_id=user.person_id,
            role=ProgrammeRole.Role.LEAD,
            programme__organisation_id=user.organisation_id,
        ).exists()
    return False


def two_factor_enrolled(user: User) -> bool:
    """Whether the account has an authenticator app or a passkey (recovery codes alone are a
    fallback, not a second factor)."""
    return (
        Authenticator.objects.filter(user_id=user.pk)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )


def two_factor_must_enrol(user: User) -> bool:
    return two_factor_required(user) and not two_factor_enrolled(user)


# Services -----------------------------------------------------------------------------------


@transaction.atomic
def two_factor_policy_update(
    *, actor: Actor, require_org_admins: bool, require_leads: bool
) -> TwoFactorPolicy:
    """Set the admin's own organisation's policy (403 for anyone but an organisation admin).
    There is no other organisation to name: each admin changes only their own."""
    access.require_org_admin(actor)
    policy, _ = TwoFactorPolicy.objects.select_for_update().get_or_create(
        organisation_id=actor.organisation_id
    )
    policy.require_org_admins = require_org_admins
    policy.require_leads = require_leads
    policy.updated_by_id = actor.user_id
    policy.save()
    return policy


# Enforcement --------------------------------------------------------------------------------


class TwoFactorPolicyMiddleware:
    """Send someone the policy covers, and who has no second factor yet, to enrol one."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        # The path first: the live poll's check carries its own ticket and must not pay for
        # reading the session or the user (palg.live's query budget).
        if request.path.startswith(self.static_prefix) or _open_page(request.path_info):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.session.get(SESSION_KEY):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": MSG_ENROL_API}, status=403)
            messages.warning(request, MSG_ENROL)
            if getattr(request, "htmx", False):  # a fragment's request: move the whole page
                return HttpResponseClientRedirect(reverse("mfa_index"))
            return redirect("mfa_index")
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="palg.accounts.two_factor.signed_in")
def _signed_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        _note(request, user)


@receiver(mfa_signals.authenticator_added, dispatch_uid="palg.accounts.two_factor.added")
@receiver(mfa_signals.authenticator_removed, dispatch_uid="palg.accounts.two_factor.removed")
def _authenticators_changed(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session") and request.user == user:
        _note(request, user)


def _note(request, user) -> None:
    if two_factor_must_enrol(user):
        request.session[SESSION_KEY] = True
    else:
        request.session.pop(SESSION_KEY, None)


# Reached without a sign-in: a live page's check, authorised by its ticket alone. It answers
# "changed" or "not changed", nothing a held session could use.
TICKET_URL_NAMES = frozenset({"live-version"})


def _open_page(path: str) -> bool:
    try:
        return resolve(path).url_name in ENROL_URL_NAMES | TICKET_URL_NAMES
    except Resolver404:
        return False


def two_factor_coverage(*, actor: Actor) -> list[dict]:
    """The organisation's accounts the policy covers, each with whether it has enrolled
    (organisation admins only)."""
    policy = two_factor_policy_of(actor.organisation_id)
    accounts = access.accounts_for_actor(actor).filter(is_active=True).order_by("email")
    lead_people = set(
        ProgrammeRole.objects.filter(
            role=ProgrammeRole.Role.LEAD, programme__organisation_id=actor.organisation_id
        ).values_list("person_id", flat=True)
    )
    enrolled = set(
        Authenticator.objects.filter(user__in=accounts)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .values_list("user_id", flat=True)
    )
    covered = []
    for account in accounts:
        roles = []
        if account.is_org_admin:
            roles.append("organisation admin")
        if account.person_id in lead_people:
            roles.append("programme lead")
        is_covered = (policy.require_org_admins and account.is_org_admin) or (
            policy.require_leads and account.person_id in lead_people
        )
        if roles:
            covered.append(
                {
                    "account": account,
                    "roles": roles,
                    "covered": is_covered,
                    "enrolled": account.pk in enrolled,
                }
            )
    return covered
