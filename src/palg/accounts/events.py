"""Security events: every sign-in, failed sign-in, password change, deactivation and so on,
with who did it, when, from which address (palg.accounts.addresses, which honours
PALG_TRUSTED_PROXIES) and with which browser.

Everything records through `security_event_record`; the kinds are SecurityEvent.Kind (single
sign-on and invitation kinds are there for the flows that record them). Two-factor methods
added, removed and recovery codes generated come from allauth.mfa's signals, as does a wrong
second factor at sign-in (a failed sign-in). Sign-ins, failed
sign-ins and sign-outs come from Django's auth signals, so any sign-in view records them.
Django has no signal for a password change: User.save calls `password_change_record` whenever
set_password was called on an existing account, so every way of changing a password (a form,
`manage changepassword`, a reset) is recorded. The request being served is remembered by
`SecurityRequestMiddleware`, so a change made deep inside a form still gets its address.

Events older than PALG_SECURITY_EVENT_DAYS are pruned whenever an event is recorded, like the
sign-in throttle's failures.
"""

from __future__ import annotations

import contextvars
from datetime import timedelta

from allauth.account.signals import email_changed
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from palg.accounts.addresses import client_address
from palg.accounts.models import SecurityEvent, User

Kind = SecurityEvent.Kind
KINDS = tuple(Kind.values)
USER_AGENT_MAX = SecurityEvent._meta.get_field("user_agent").max_length
DETAIL_MAX = SecurityEvent._meta.get_field("detail").max_length
EMAIL_MAX = SecurityEvent._meta.get_field("email").max_length
DETAIL_INACTIVE = "The account is deactivated."
DETAIL_MFA_FAILED = "Wrong two-factor code or key."
# How each kind of authenticator is named in an event's detail.
AUTHENTICATOR_NAMES = {
    Authenticator.Type.TOTP: "Authenticator app",
    Authenticator.Type.WEBAUTHN: "Passkey or security key",
    Authenticator.Type.RECOVERY_CODES: "Recovery codes",
}

_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "palg_security_request", default=None
)


class SecurityRequestMiddleware:
    """Remember the request being served, for events recorded where no request is at hand."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def current_request() -> HttpRequest | None:
    """The request being served, if any (SecurityRequestMiddleware)."""
    return _request.get()


def security_event_record(
    *,
    user: User | None,
    kind: str,
    request: HttpRequest | None = None,
    actor: User | None = None,
    detail: str = "",
    email: str = "",
    organisation_id: int | None = None,
) -> SecurityEvent:
    """Record one event about `user` (None only for a failed sign-in with an unknown email).
    `actor` is whoever did it when that was not the user; `request` (or else the request being
    served) gives the address and browser. Raises ValueError for a kind not in KINDS."""
    if kind not in KINDS:
        raise ValueError(f"Unknown security event kind {kind!r}; use one of {', '.join(KINDS)}.")
    request = request if request is not None else _request.get()
    if user is not None:
        email = email or user.email
        organisation_id = organisation_id or user.organisation_id
    event = SecurityEvent.objects.create(
        user=user,
        kind=kind,
        organisation_id=organisation_id,
        email=email[:EMAIL_MAX],
        actor=actor if actor is not None and actor != user else None,
        address=client_address(request) if request is not None else "",
        user_agent=_user_agent(request),
        detail=detail[:DETAIL_MAX],
    )
    security_events_prune()
    return event


def security_events_prune(*, now=None) -> int:
    """Delete the events older than PALG_SECURITY_EVENT_DAYS; how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SECURITY_EVENT_DAYS)
    deleted, _ = SecurityEvent.objects.filter(at__lt=cutoff).delete()
    return deleted


def password_change_record(*, user: User) -> None:
    """A password was set on an existing account (User.save). Someone other than its holder
    doing it in a web request (an admin) is named as the actor."""
    request = _request.get()
    by = getattr(request, "user", None) if request is not None else None
    actor = by if by is not None and by.is_authenticated else None
    security_event_record(user=user, kind=Kind.PASSWORD_CHANGED, actor=actor)


def _user_agent(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX]


# Django's auth signals ----------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="palg.accounts.events.signed_in")
def _signed_in(sender, request, user, **kwargs) -> None:
    # A sign-in through single sign-on says through which organisation's (palg.sso.adapter).
    detail = getattr(request, "palg_sign_in_detail", "")
    security_event_record(user=user, kind=Kind.SIGN_IN, request=request, detail=detail)


@receiver(user_logged_out, dispatch_uid="palg.accounts.events.signed_out")
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        security_event_record(user=user, kind=Kind.SIGN_OUT, request=request)


@receiver(email_changed, dispatch_uid="palg.accounts.events.email_changed")
def _email_changed(sender, request, user, from_email_address, to_email_address, **kwargs) -> None:
    """allauth's change of address, confirmed from the new one. The link may be opened signed
    out, so the request's user is no actor; the old address is kept in the detail."""
    old = from_email_address.email if from_email_address is not None else ""
    security_event_record(
        user=user, kind=Kind.EMAIL_CHANGED, request=request, detail=f"From {old}" if old else ""
    )


@receiver(user_login_failed, dispatch_uid="palg.accounts.events.sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    """A failed sign-in is the account's event when the email has one. Otherwise it belongs to
    the organisation whose directory has the email (its admins see someone tried a colleague's
    address), or to nobody when no directory, or more than one, has it."""
    email = str(credentials.get("username") or credentials.get("email") or "").strip().lower()
    user = User.objects.filter(email__iexact=email).first() if email else None
    detail = DETAIL_INACTIVE if user is not None and not user.is_active else ""
    organisation_id = None if user is not None else _directory_organisation(email)
    security_event_record(
        user=user,
        kind=Kind.SIGN_IN_FAILED,
        request=request,
        email=email,
        detail=detail,
        organisation_id=organisation_id,
    )


# allauth.mfa's signals ----------------------------------------------------------------------


def _authenticator_name(authenticator) -> str:
    name = AUTHENTICATOR_NAMES.get(authenticator.type, authenticator.type)
    if authenticator.type == Authenticator.Type.WEBAUTHN:
        return f"{name}: {authenticator.wrap().name}"
    return name


@receiver(mfa_signals.authenticator_added, dispatch_uid="palg.accounts.events.mfa_added")
def _mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    """A new authenticator app or passkey; the first one brings recovery codes with it."""
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        security_event_record(user=user, kind=Kind.MFA_RECOVERY_CODES, request=request)
        return
    detail = _authenticator_name(authenticator)
    security_event_record(user=user, kind=Kind.MFA_ADDED, request=request, detail=detail)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="palg.accounts.events.mfa_removed")
def _mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    detail = _authenticator_name(authenticator)
    security_event_record(user=user, kind=Kind.MFA_REMOVED, request=request, detail=detail)


@receiver(mfa_signals.authenticator_reset, dispatch_uid="palg.accounts.events.mfa_reset")
def _mfa_reset(sender, request, user, authenticator, **kwargs) -> None:
    """New recovery codes, replacing the old ones."""
    security_event_record(user=user, kind=Kind.MFA_RECOVERY_CODES, request=request)


@receiver(mfa_signals.authentication_failed, dispatch_uid="palg.accounts.events.mfa_failed")
def _mfa_failed(sender, request, user, authenticator, **kwargs) -> None:
    """The password was right but the second factor was not."""
    security_event_record(
        user=user, kind=Kind.SIGN_IN_FAILED, request=request, detail=DETAIL_MFA_FAILED
    )


def _directory_organisation(email: str) -> int | None:
    from palg.people.models import Person

    if not email:
        return None
    found = list(
        Person.objects.filter(email__iexact=email).values_list("organisation_id", flat=True)[:2]
    )
    return found[0] if len(found) == 1 else None
