"""Deactivating and reactivating accounts.

A deactivated account cannot sign in (Django's ModelBackend refuses inactive users), and
deactivation ends it everywhere at once: its sessions are deleted and its API tokens revoked in
the same transaction. Nothing the person wrote is removed. Reactivating lets them sign in again
with the same password; their tokens stay revoked, so anything that used one needs a new one.

Sessions are found by reading the session table, not through an index of our own: palg uses
Django's database sessions, a deactivation is rare, and one pass over the unexpired sessions
(decoding each to its `_auth_user_id`) finds every session of every account being closed,
including those started before palg kept any record of them. A leavers import closes all its
accounts in that one pass. Should a session ever escape (another session engine), the backend
still refuses it on its next request, because the account is inactive.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.accounts.events import Kind, security_event_record
from palg.accounts.models import ApiToken, User

MSG_SELF = "You cannot deactivate your own account. Ask another organisation admin to do it."
DETAIL_LEFT = "Marked as having left in a people import."
SESSION_BATCH = 500


@transaction.atomic
def account_deactivate(*, actor: Actor, account_id: int) -> bool:
    """Deactivate an account of the admin's organisation; False if it already was. Raises
    ValidationError for the admin's own account."""
    account = access.account_get_for_actor(actor=actor, account_id=account_id)
    if account.pk == actor.user_id:
        raise ValidationError(MSG_SELF, code="self")
    return bool(accounts_close(accounts=[account], by=_user(actor)))


@transaction.atomic
def account_reactivate(*, actor: Actor, account_id: int) -> bool:
    """Let a deactivated account sign in again; False if it was active. Tokens stay revoked."""
    account = access.account_get_for_actor(actor=actor, account_id=account_id)
    if not User.objects.filter(pk=account.pk, is_active=False).update(is_active=True):
        return False
    security_event_record(user=account, kind=Kind.REACTIVATED, actor=_user(actor))
    return True


def accounts_close(*, accounts: Iterable[User], by: User | None, detail: str = "") -> list[User]:
    """Deactivate the active ones of `accounts`, end their sessions, revoke their tokens and
    record it; the accounts closed. Call inside a transaction."""
    # Locked and read again, so that two admins closing the same account at once record it once.
    wanted = [account.pk for account in accounts]
    closing = list(User.objects.select_for_update().filter(pk__in=wanted, is_active=True))
    if not closing:
        return []
    ids = {account.pk for account in closing}
    User.objects.filter(pk__in=ids).update(is_active=False)
    ApiToken.objects.filter(user_id__in=ids, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    sessions_end(user_ids=ids)
    for account in closing:
        account.is_active = False
        security_event_record(user=account, kind=Kind.DEACTIVATED, actor=by, detail=detail)
    return closing


def leavers_close(*, organisation_id: int, person_ids: Iterable[int], by_user_id: int | None):
    """Close the active accounts of the people a people import marks as having left."""
    accounts = User.objects.filter(
        organisation_id=organisation_id, person_id__in=list(person_ids), is_active=True
    )
    by = User.objects.filter(pk=by_user_id).first() if by_user_id else None
    return accounts_close(accounts=list(accounts), by=by, detail=DETAIL_LEFT)


def sessions_end(*, user_ids: set[int]) -> int:
    """Delete every unexpired session signed in as one of `user_ids`; how many."""
    wanted = {str(user_id) for user_id in user_ids}
    live = Session.objects.filter(expire_date__gt=timezone.now())
    doomed = [
        session.session_key
        for session in live.iterator(chunk_size=SESSION_BATCH)
        if str(session.get_decoded().get(SESSION_KEY)) in wanted
    ]
    for start in range(0, len(doomed), SESSION_BATCH):
        Session.objects.filter(session_key__in=doomed[start : start + SESSION_BATCH]).delete()
    return len(doomed)


def _user(actor: Actor) -> User | None:
    return User.objects.filter(pk=actor.user_id).first()
