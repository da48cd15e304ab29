"""The organisation's accounts (organisation admins) and the caller's own security events."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from palg import access
from palg.access import Actor
from palg.accounts import admins, lifecycle, selectors, two_factor
from palg.accounts.events import KINDS
from palg.api import guard
from palg.api.auth import actor_for
from palg.api.schemas import (
    CREATE,
    READ_RESTRICTED,
    UNAUTHENTICATED,
    WRITE,
    ErrorOut,
    path_id,
)

router = Router(tags=["accounts"])
AccountId = path_id("The account's id.")
EVENTS_MAX = 200

AccountRole = Literal["org admin", "lead", "sponsor", "facilitator", "participant"]
AccountState = Literal["active", "deactivated"]
# SecurityEvent.Kind's values, so that the OpenAPI schema lists them.
EventKind = Literal[KINDS]  # type: ignore[valid-type]


class AccountOut(Schema):
    id: int
    email: str
    name: str
    person_id: int | None = Field(description="The account's entry in the people directory.")
    roles: list[AccountRole] = Field(description="Every role in the organisation's programmes.")
    last_login: datetime | None = Field(description="The last sign-in; null if never.")
    state: AccountState


class SecurityEventOut(Schema):
    id: int
    kind: EventKind = Field(description="What happened.")
    at: datetime
    user_id: int | None = Field(description="The account; null for an email without one.")
    email: str
    actor_id: int | None = Field(description="Who did it, when not the account's holder.")
    address: str = Field(description="The client's IP address.")
    user_agent: str
    detail: str


def manages_account(actor: Actor, *, account_id: int, **_: int) -> None:
    """The check the lifecycle services make: an admin of the account's organisation."""
    access.account_get_for_actor(actor=actor, account_id=account_id)


@router.get(
    "/accounts",
    response={200: list[AccountOut], **UNAUTHENTICATED, 403: ErrorOut},
    operation_id="account_list",
    summary="List the organisation's accounts",
)
def account_list(request: HttpRequest):
    """Every account of the caller's organisation, with roles, last sign-in and state
    (organisation admins only)."""
    return selectors.account_list(actor=actor_for(request))


@router.get(
    "/accounts/{account_id}/events",
    response={200: list[SecurityEventOut], **READ_RESTRICTED},
    operation_id="account_events",
    summary="An account's security events",
)
def account_events(request: HttpRequest, account_id: AccountId):
    """The account's most recent security events, newest first (organisation admins only)."""
    return selectors.account_events(
        actor=actor_for(request), account_id=account_id, limit=EVENTS_MAX
    )


@router.post(
    "/accounts/{account_id}/deactivate",
    response={200: AccountOut, **WRITE},
    operation_id="account_deactivate",
    summary="Deactivate an account",
)
@guard.access_first(manages_account)
def account_deactivate(request: HttpRequest, account_id: AccountId):
    """Refuse the account's sign-in, end its sessions and revoke its API tokens at once; what
    it wrote is kept. Deactivating a deactivated account changes nothing. An admin's own
    account is refused (422)."""
    actor = actor_for(request)
    lifecycle.account_deactivate(actor=actor, account_id=account_id)
    return selectors.account_detail(actor=actor, account_id=account_id)


@router.post(
    "/accounts/{account_id}/make-admin",
    response={200: AccountOut, **WRITE},
    operation_id="account_admin_grant",
    summary="Make an account an organisation admin",
)
@guard.access_first(manages_account)
def account_admin_grant(request: HttpRequest, account_id: AccountId):
    """Let the account manage the organisation's people and accounts. A deactivated account
    is refused (422); an admin already is left as it is."""
    actor = actor_for(request)
    admins.organisation_admin_grant(actor=actor, account_id=account_id)
    return selectors.account_detail(actor=actor, account_id=account_id)


@router.post(
    "/accounts/{account_id}/remove-admin",
    response={200: AccountOut, **WRITE},
    operation_id="account_admin_revoke",
    summary="Take the organisation admin role from an account",
)
@guard.access_first(manages_account)
def account_admin_revoke(request: HttpRequest, account_id: AccountId):
    """The account keeps its other roles. An admin's own account is refused (422), so an
    organisation always keeps an admin."""
    actor = actor_for(request)
    admins.organisation_admin_revoke(actor=actor, account_id=account_id)
    return selectors.account_detail(actor=actor, account_id=account_id)


@router.post(
    "/accounts/{account_id}/reactivate",
    response={200: AccountOut, **WRITE},
    operation_id="account_reactivate",
    summary="Reactivate an account",
)
@guard.access_first(manages_account)
def account_reactivate(request: HttpRequest, account_id: AccountId):
    """Let the account sign in again with its password. Its API tokens stay revoked."""
    actor = actor_for(request)
    lifecycle.account_reactivate(actor=actor, account_id=account_id)
    return selectors.account_detail(actor=actor, account_id=account_id)


@router.get(
    "/me/security-events",
    response={200: list[SecurityEventOut], **UNAUTHENTICATED},
    operation_id="my_security_events",
    summary="Recent activity on my account",
)
def my_security_events(request: HttpRequest):
    """The caller's own security events, newest first."""
    return selectors.own_events(actor=actor_for(request), limit=EVENTS_MAX)


class TwoFactorPolicyOut(Schema):
    require_org_admins: bool = Field(description="Organisation admins must use two-factor.")
    require_leads: bool = Field(description="Programme leads must use two-factor.")
    updated_at: datetime | None = Field(description="The last change; null if never set.")


class TwoFactorPolicyIn(Schema):
    require_org_admins: bool
    require_leads: bool


def _policy_out(policy) -> TwoFactorPolicyOut:
    return TwoFactorPolicyOut(
        require_org_admins=policy.require_org_admins,
        require_leads=policy.require_leads,
        updated_at=policy.updated_at,
    )


@router.get(
    "/accounts/two-factor-policy",
    response={200: TwoFactorPolicyOut, **UNAUTHENTICATED, 403: ErrorOut},
    operation_id="two_factor_policy_get",
    summary="The organisation's two-factor policy",
)
def two_factor_policy_get(request: HttpRequest):
    """Which of the caller's organisation's roles must use two-factor authentication
    (organisation admins only)."""
    actor = actor_for(request)
    access.require_org_admin(actor)
    return _policy_out(two_factor.two_factor_policy_of(actor.organisation_id))


@router.put(
    "/accounts/two-factor-policy",
    response={200: TwoFactorPolicyOut, **CREATE},
    operation_id="two_factor_policy_update",
    summary="Set the organisation's two-factor policy",
)
@guard.access_first(guard.org_admin)
def two_factor_policy_update(request: HttpRequest, payload: TwoFactorPolicyIn):
    """Require two-factor authentication of the organisation's admins, its programme leads,
    both or neither. Someone covered without a second factor must enrol at their next page in
    palg (organisation admins only; only their own organisation)."""
    policy = two_factor.two_factor_policy_update(actor=actor_for(request), **payload.dict())
    return _policy_out(policy)
