"""What the Accounts page and the activity pages read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.people.models import Person
from palg.programmes.models import Membership, ProgrammeRole

ACTIVE, DEACTIVATED, INVITED = "active", "deactivated", "invited"
# People with an open invitation have no account yet: they are listed as invited, so the page
# shows everyone who can, or soon can, sign in. `account_state` decides for accounts.
STATES = {ACTIVE: "Active", DEACTIVATED: "Deactivated", INVITED: "Invited"}
ORG_ADMIN = "org admin"
# How roles are named and ordered on the page, most responsibility first.
ROLE_ORDER = (ORG_ADMIN, "lead", "sponsor", "facilitator", "participant")
EVENTS_SHOWN = 50


@dataclass(frozen=True)
class AccountRow:
    # None for a person who is invited and has no account yet.
    id: int | None
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

    @property
    def is_org_admin(self) -> bool:
        return ORG_ADMIN in self.roles


def account_state(user) -> str:
    return ACTIVE if user.is_active else DEACTIVATED


def account_list(*, actor: Actor) -> list[AccountRow]:
    """Every account of the admin's organisation with its roles, last sign-in and state, and
    the people invited to make one whose link still works, by email."""
    users = list(access.accounts_for_actor(actor).order_by("email"))
    invited = _open_invitations(actor)
    person_ids = {u.person_id for u in users if u.person_id} | {i.person_id for i in invited}
    roles = _roles_by_person(actor.organisation_id, person_ids)
    rows = [_row(user, roles, actor) for user in users]
    rows += [_invited_row(invitation, roles) for invitation in invited]
    return sorted(rows, key=lambda row: row.email.lower())


def _open_invitations(actor: Actor) -> list:
    """Open invitations of people without an account (access.accounts_for_actor already holds
    the admin check; an invitation found here is in the admin's organisation)."""
    from palg.accounts.invitations import people_without_account

    without_account = people_without_account(
        Person.objects.filter(organisation_id=actor.organisation_id)
    )
    return list(
        access.invitations_for_actor(actor).filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            person__in=without_account,
        )
    )


def _invited_row(invitation, roles: dict[int, set[str]]) -> AccountRow:
    person = invitation.person
    held = roles.get(person.pk, set()) | ({ORG_ADMIN} if invitation.org_admin else set())
    return AccountRow(
        id=None,
        email=person.email,
        name=person.name,
        person_id=person.pk,
        roles=tuple(role for role in ROLE_ORDER if role in held),
        last_login=None,
        state=INVITED,
    )


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
