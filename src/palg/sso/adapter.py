"""How allauth's social accounts behave in palg (SOCIALACCOUNT_ADAPTER).

Apps: one OpenID Connect app per organisation that has single sign-on (palg.sso.selectors),
built on each request from its configuration, none stored in allauth's tables.

Who gets in, decided before allauth saves or signs in anything (`pre_social_login`):
- someone whose provider link is known signs in to the account it belongs to, if that account
  is active and still in the provider's organisation;
- otherwise the provider must vouch for the email (email_verified, or Entra ID's xms_edov), its
  domain must be one the organisation allows, and the organisation's directory must have a
  person with that email. A person with an account gets the link added to it (if active); a
  person without one gets an account, linked to them (palg.sso.services.sso_account_create);
- anyone else sees palg's page saying why, and nothing is created.
allauth's sign-up (its form, or signing up automatically) is never reached.
"""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base.constants import AuthError
from django.db import transaction
from django.shortcuts import render

from palg.accounts.events import Kind, security_event_record
from palg.accounts.models import User
from palg.people.models import Person
from palg.sso import selectors, services

logger = logging.getLogger(__name__)

REFUSED_UNVERIFIED = (
    "{organisation}'s sign-in service did not confirm that {email} is your address, so palg "
    "cannot match it to your organisation's directory."
)
REFUSED_NO_EMAIL = "{organisation}'s sign-in service did not tell palg your email address."
REFUSED_DOMAIN = (
    "{email} is not an address of {organisation}: palg signs in only addresses at {domains} "
    "through {organisation}'s sign-in service."
)
REFUSED_NOT_IN_DIRECTORY = (
    "{email} is not in {organisation}'s directory in palg, so there is no account to sign you "
    "in to. Ask your programme lead or organisation admin to add you."
)
REFUSED_OTHER_ORGANISATION = (
    "The palg account for {email} belongs to another organisation. Sign in with your email and "
    "password, or through that organisation's sign-in."
)
REFUSED_INACTIVE = (
    "The palg account for {email} is deactivated. Ask your organisation admin if you need it back."
)
REFUSED_CLOSED = "palg accounts come from an organisation's directory; there is no sign-up."
FAILED = "Signing in through {organisation} did not work: {reason}"
FAILED_UNKNOWN = "palg could not complete the sign-in with the provider. Please try again."
CANCELLED = "You cancelled signing in through {organisation}."
DETAIL_SIGN_IN = "Through {organisation}'s single sign-on."


def _refuse(request, message: str, *, organisation=None, email: str = "", user=None):
    """Stop the sign-in with palg's page saying why; the organisation's admins see the attempt."""
    if email or user is not None:
        security_event_record(
            user=user,
            kind=Kind.SIGN_IN_FAILED,
            request=request,
            email=email,
            detail=f"Single sign-on refused: {message}",
            organisation_id=getattr(organisation, "pk", None),
        )
    context = {"message": message, "organisation": organisation}
    raise ImmediateHttpResponse(render(request, "sso/refused.html", context, status=403))


def _claims(sociallogin) -> dict:
    """The person's claims: the signed ID token's, over the userinfo endpoint's."""
    data = sociallogin.account.extra_data or {}
    return {**(data.get("userinfo") or {}), **(data.get("id_token") or {})}


def _verified(value) -> bool:
    return value is True or str(value).lower() == "true"


def _email_verified(claims: dict) -> bool:
    """The provider vouches for the address: `email_verified`, or, from a provider that never
    sends it (Microsoft Entra ID, for organisational accounts), its optional `xms_edov` claim
    (the address's domain is verified as the tenant's)."""
    if "email_verified" in claims:
        return _verified(claims["email_verified"])
    return _verified(claims.get("xms_edov"))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None) -> list[SocialApp]:
        apps = [self._app(sso) for sso in selectors.sso_list()]
        if provider:
            apps = [app for app in apps if provider in {app.provider, app.provider_id}]
        if client_id:
            apps = [app for app in apps if app.client_id == client_id]
        return apps

    @staticmethod
    def _app(sso: selectors.OrganisationSso) -> SocialApp:
        return SocialApp(
            provider="openid_connect",
            provider_id=sso.provider_id,
            name=sso.organisation.name,
            client_id=sso.client_id,
            secret=sso.secret,
            settings={
                "server_url": sso.issuer,
                "issuer": sso.issuer,
                "oauth_pkce_enabled": True,
                "organisation_id": sso.organisation.pk,
            },
        )

    def is_open_for_signup(self, request, sociallogin) -> bool:
        # pre_social_login makes the account of every directory person it lets in, so allauth's
        # sign-up is reached only by someone it did not let in.
        _refuse(request, REFUSED_CLOSED)
        return False

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        app = sociallogin.account.get_provider().app
        sso = selectors.sso_for_provider_id(app.provider_id)
        if sso is None:
            _refuse(request, FAILED_UNKNOWN)
        organisation = sso.organisation
        claims = _claims(sociallogin)
        email = str(claims.get("email") or "").strip().lower()
        if sociallogin.is_existing:
            user = sociallogin.user
            self._check_account(request, user, organisation, email or user.email)
        else:
            user, person = self._directory_account(request, sso, claims, email)
            with transaction.atomic():
                if user is None:
                    user = services.sso_account_create(person=person)
                sociallogin.connect(request, user)
        request.palg_sign_in_detail = DETAIL_SIGN_IN.format(organisation=organisation.name)

    def _directory_account(self, request, sso, claims: dict, email: str):
        """(the account to link, None if the person has none yet; the directory person)."""
        organisation = sso.organisation
        names = {"organisation": organisation.name, "email": email}
        if not email:
            _refuse(request, REFUSED_NO_EMAIL.format(**names), organisation=organisation)
        if not _email_verified(claims):
            _refuse(request, REFUSED_UNVERIFIED.format(**names), organisation=organisation,
                    email=email)  # fmt: skip
        if not sso.allows(email):
            domains = ", ".join(sso.domains)
            _refuse(request, REFUSED_DOMAIN.format(**names, domains=domains),
                    organisation=organisation, email=email)  # fmt: skip
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            self._check_account(request, user, organisation, email)
            return user, user.person
        person = Person.objects.filter(organisation=organisation, email__iexact=email).first()
        if person is None:
            _refuse(request, REFUSED_NOT_IN_DIRECTORY.format(**names), organisation=organisation,
                    email=email)  # fmt: skip
        if hasattr(person, "user"):
            # The person's account uses another address now: that account is theirs.
            user = person.user
            self._check_account(request, user, organisation, email)
            return user, person
        return None, person

    def _check_account(self, request, user: User, organisation, email: str) -> None:
        names = {"organisation": organisation.name, "email": email}
        if user.organisation_id != organisation.pk:
            _refuse(request, REFUSED_OTHER_ORGANISATION.format(**names), organisation=organisation,
                    email=email)  # fmt: skip
        if not user.is_active:
            _refuse(request, REFUSED_INACTIVE.format(**names), organisation=organisation,
                    user=user)  # fmt: skip

    def on_authentication_error(self, request, provider, error=None, exception=None,
                                extra_context=None) -> None:  # fmt: skip
        name = provider.app.name if provider is not None and provider.app else "your organisation"
        if error == AuthError.CANCELLED:
            message, status = CANCELLED.format(organisation=name), 200
        else:
            logger.warning("Single sign-on through %s failed: %r (%s)", name, exception, error)
            reason = str(exception) if exception is not None and str(exception) else ""
            message = FAILED.format(organisation=name, reason=reason) if reason else FAILED_UNKNOWN
            status = 401
        context = {"message": message, "organisation": None}
        raise ImmediateHttpResponse(render(request, "sso/refused.html", context, status=status))
