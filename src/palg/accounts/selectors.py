"""What the Accounts page and the activity pages read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from palg import access
from palg.access import Actor
from palg.programmes.models import Membership, ProgrammeRole

ACTIVE, DEACTIVATED = "active", "deactivated"
# The invitations' state joins these ("invited") where an account has a pending invitation:
# `account_state` is the one place that decides.
STATES = {ACTIVE: "Active", DEACTIVATED: "Deactivated"}
ORG_ADMIN = "org admin"
# How roles are named and ordered on the page, most responsibility first.
ROLE_ORDER = (ORG_ADMIN, "lead", "sponsor", "facilitator", "participant")
EVENTS_SHOWN = 50


@dataclass(frozen=True)
class AccountRow:
    id: int
    email: str
    name: str
    person_id: int | None
    roles: tuple[str, ...]
    last_login: datetime | None
    state: str
    # Whether the viewing admin may deactivate it (not their own account).
    is_self: bool = False

    @property
    def state_label(self) -> str:
        return STATES.get(self.state, self.state)


def account_state(user) -> str:
    return ACTIVE if user.is_active else DEACTIVATED


def account_list(*, actor: Actor) -> list[AccountRow]:
    """Every account of the admin's organisation with its roles, last sign-in and state."""
    users = list(access.accounts_for_actor(actor).order_by("email"))
    roles = _roles_by_person(actor.organisation_id, {u.person_id for u in users if u.person_id})
    return [_row(user, roles, actor) for user in users]


def account_detail(*, actor: Actor, account_id: int) -> AccountRow:
    user = access.account_get_for_actor(actor=actor, account_id=account_id)
    roles = _roles_by_person(actor.organisation_id, {user.person_id} if user.person_id else set())
    return _row(user, roles, actor)


def account_events(*, actor: Actor, account_id: int, limit: int = EVENTS_SHOWN):
    """An account's recent events, for its organisation's admins."""
    user = access.account_get_for_actor(actor=actor, account_id=account_id)
    events = access.organisation_security_events_for_actor(actor).filter(user=user)
    return list(events.select_related("actor")[:limit])


def organisation_events(*, actor: Actor, limit: int = EVENTS_SHOWN):
    """The organisation's recent events, failed sign-ins with its directory's emails included."""
    events = access.organisation_security_events_for_actor(actor)
    return list(events.select_related("actor", "user")[:limit])


def own_events(*, actor: Actor, limit: int = EVENTS_SHOWN):
    """The actor's own recent events."""
    return list(access.own_security_events_for_actor(actor).select_related("actor")[:limit])


def _row(user, roles: dict[int, set[str]], actor: Actor) -> AccountRow:
    held = set(roles.get(user.person_id, set()))
    if user.is_org_admin:
        held.add(ORG_ADMIN)
    return AccountRow(
        id=user.pk,
        email=user.email,
        name=str(user),
        person_id=user.person_id,
        roles=tuple(role for role in ROLE_ORDER if role in held),
        last_login=user.last_login,
        state=account_state(user),
        is_self=user.pk == actor.user_id,
    )


def _roles_by_person(organisation_id: int | None, person_ids: set[int]) -> dict[int, set[str]]:
    """Programme roles and set roles of these people, in every programme of the organisation."""
    roles: dict[int, set[str]] = {}
    programme_roles = ProgrammeRole.objects.filter(
        person_id__in=person_ids, programme__organisation_id=organisation_id
    ).values_list("person_id", "role")
    set_roles = Membership.objects.filter(
        person_id__in=person_ids, group__round__programme__organisation_id=organisation_id
    ).values_list("person_id", "role")
    for person_id, role in [*programme_roles, *set_roles]:
        roles.setdefault(person_id, set()).add("participant" if role == "member" else role)
    return roles
