"""Accounts: sign-in throttling and API tokens."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from palg.accounts.models import ApiToken, LoginFailure, User, token_digest

MSG_THROTTLED = "Too many failed sign-ins. Wait {minutes} minutes and try again."
TOKEN_PREFIX = "palg"


def _window_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_WINDOW_SECONDS)


def login_is_throttled(*, email: str, address: str) -> bool:
    """True when this account has too many recent failures, or when this client address has
    and the account has failed at least once itself. An account that has not failed is never
    refused for its address alone: behind a shared address (an office, a proxy palg does not
    trust) one person's made-up emails must not lock out everyone else. An attacker at a
    throttled address still gets no more than one guess per account per window."""
    since = _window_start()
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.LOGIN_MAX_FAILURES
    failed = recent.filter(email=email.strip().lower()).count()
    if failed >= limit:
        return True
    return failed > 0 and recent.filter(address=address).count() >= limit * 4


def login_failure_record(*, email: str, address: str) -> None:
    LoginFailure.objects.create(email=email.strip().lower()[:254], address=address[:64])
    LoginFailure.objects.filter(at__lt=_window_start()).delete()


def login_success_record(*, email: str) -> None:
    LoginFailure.objects.filter(email=email.strip().lower()).delete()


def throttle_message() -> str:
    return MSG_THROTTLED.format(minutes=max(1, settings.LOGIN_WINDOW_SECONDS // 60))


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the full secret is returned once and never stored."""
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    full = f"{TOKEN_PREFIX}_{prefix}_{secret}"
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=token_digest(full))
    return token, full


def api_token_authenticate(raw: str) -> User | None:
    """The active user owning this token, or None."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=parts[1], revoked_at__isnull=True)
        .first()
    )
    if token is None or not secrets.compare_digest(token.digest, token_digest(raw)):
        return None
    if not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def api_token_revoke(*, user: User, token_id: int) -> bool:
    return bool(
        ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )
