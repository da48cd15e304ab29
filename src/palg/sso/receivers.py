"""Single sign-on in the security events: a link added (the first sign-in through a provider)
or removed, and what a later sign-out needs to end the provider's session too."""

from allauth.socialaccount.signals import social_account_added, social_account_removed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from palg.accounts.events import Kind, current_request, security_event_record

SESSION_KEY = "palg_sso_logout"


@receiver(social_account_added, dispatch_uid="palg.sso.linked")
def _linked(sender, request, sociallogin, **kwargs) -> None:
    app = sociallogin.account.get_provider().app
    security_event_record(
        user=sociallogin.user,
        kind=Kind.SSO_LINKED,
        request=request,
        detail=f"{app.name}'s sign-in, as {sociallogin.account.uid}",
    )


@receiver(social_account_removed, dispatch_uid="palg.sso.unlinked")
def _unlinked(sender, request, socialaccount, **kwargs) -> None:
    request = request or current_request()
    by = getattr(request, "user", None)
    actor = by if by is not None and by.is_authenticated else None
    security_event_record(
        user=socialaccount.user,
        kind=Kind.SSO_UNLINKED,
        request=request,
        actor=actor,
        detail=f"Link to {socialaccount.provider}'s sign-in, as {socialaccount.uid}",
    )


@receiver(user_logged_in, dispatch_uid="palg.sso.remember_provider_session")
def _remember_provider_session(sender, request, user, **kwargs) -> None:
    """Signed in through a provider: keep its ID token in the session, so that signing out of
    palg can end the provider's session too (palg.sso.services.end_session_url)."""
    token = getattr(request, "palg_sso_id_token", None) if request is not None else None
    if token:
        request.session[SESSION_KEY] = {"provider_id": request.palg_sso_provider, "id_token": token}
