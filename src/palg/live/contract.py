"""The set's contract: ground rules it writes itself from a starter list, a quorum, and a
written limit to confidentiality. Every member accepts it; it opens every session; a session
below the quorum warns the facilitator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.live.models import ContractAcceptance, GroupContract, LiveSession, Presence
from palg.people.models import Person
from palg.programmes.models import Group, Membership

# The starter list (method guide §6, after Revans practice); the set edits it freely.
STARTER_RULES = (
    "What is said in the set stays in the set: we do not share or discuss another member's "
    "issue outside it, unless they raise it with us first.",
    "We start and finish on time.",
    "We come to every meeting; if we cannot, we tell the set at least two days before.",
    "We meet only when enough of us are here (the quorum below).",
    "We listen: each presenter has their airtime, and we ask questions rather than give advice.",
)
# Always part of the contract, whatever the set writes (measurement guide §4.6).
LIMITS_CLAUSE = (
    "Confidentiality has limits: if anything said suggests a risk of serious harm to someone, or "
    "a legal duty to report, the facilitator may need to act on it, and will say so first."
)
MAX_RULES = 20
MAX_RULE_LENGTH = 500
PRESENT_WITHIN = timedelta(seconds=60)
PRESENCE_EVERY = timedelta(seconds=30)

MSG_IN_SET_ONLY = "Only the set's members and facilitator write and accept its contract."
MSG_NO_RULES = "Keep at least one ground rule."
MSG_TOO_MANY_RULES = "At most {most} ground rules."
MSG_RULE_TOO_LONG = "Rule {number} is longer than {most} characters."
MSG_QUORUM = "The quorum is between 1 and the set's {members} members."
MSG_MEMBERS_ACCEPT = "Members accept the contract; the facilitator holds it."


def _group(actor: Actor, group_id: int) -> Group:
    group = access.group_get_for_actor(actor=actor, group_id=group_id)
    if not access.group_reads_content(actor, group):
        raise PermissionDenied(access.MSG_CONTENT)
    return group


def _members(group: Group):
    return group.memberships.filter(role=Membership.Role.MEMBER)


def contract_for(group: Group) -> GroupContract:
    """The set's contract, started from the starter list the first time it is asked for."""
    members = _members(group).count()
    contract, _ = GroupContract.objects.get_or_create(
        group=group,
        defaults={"rules": list(STARTER_RULES), "quorum": max(1, min(3, members))},
    )
    return contract


def contract_get(*, actor: Actor, group_id: int) -> GroupContract:
    return contract_for(_group(actor, group_id))


@transaction.atomic
def contract_update(*, actor: Actor, group_id: int, rules: list[str], quorum: int):
    """Co-author the rules: any member or the facilitator. A change asks everyone to accept
    the new version."""
    group = _group(actor, group_id)
    contract = GroupContract.objects.select_for_update().get(pk=contract_for(group).pk)
    rules = [" ".join(rule.split()) for rule in rules if rule.strip()]
    members = _members(group).count()
    errors: dict[str, list[str]] = {}
    if not rules:
        errors["rules"] = [MSG_NO_RULES]
    elif len(rules) > MAX_RULES:
        errors["rules"] = [MSG_TOO_MANY_RULES.format(most=MAX_RULES)]
    long = [i for i, rule in enumerate(rules, 1) if len(rule) > MAX_RULE_LENGTH]
    if long:
        message = MSG_RULE_TOO_LONG.format(number=long[0], most=MAX_RULE_LENGTH)
        errors.setdefault("rules", []).append(message)
    if not 1 <= quorum <= max(members, 1):
        errors["quorum"] = [MSG_QUORUM.format(members=members)]
    if errors:
        raise ValidationError(errors)
    if rules != contract.rules or quorum != contract.quorum:
        contract.rules, contract.quorum = rules, quorum
        contract.version += 1
        contract.updated_by_id = actor.person_id
        contract.save()
        _screens_follow(group)
    return contract


def _screens_follow(group: Group) -> None:
    """The set's sessions that have not ended show the contract and who has accepted it: move
    them on, so that every screen's poll fetches the panel with the change."""
    sessions = LiveSession.objects.filter(meeting__group=group)
    sessions.exclude(status=LiveSession.Status.ENDED).update(version=F("version") + 1)


@transaction.atomic
def contract_accept(*, actor: Actor, group_id: int) -> ContractAcceptance:
    group = _group(actor, group_id)
    if access.group_membership_role(actor, group) != Membership.Role.MEMBER:
        raise PermissionDenied(MSG_MEMBERS_ACCEPT)
    contract = contract_for(group)
    acceptance, _ = ContractAcceptance.objects.update_or_create(
        contract=contract, person_id=actor.person_id, defaults={"version": contract.version}
    )
    _screens_follow(group)
    return acceptance


@dataclass(frozen=True)
class ContractStatus:
    contract: GroupContract
    accepted: list[Person]
    waiting: list[Person]

    @property
    def everyone(self) -> bool:
        return not self.waiting

    @property
    def limits(self) -> str:
        return LIMITS_CLAUSE

    @property
    def total(self) -> int:
        return len(self.accepted) + len(self.waiting)


def contract_status(group: Group) -> ContractStatus:
    contract = contract_for(group)
    current = set(
        contract.acceptances.filter(version=contract.version).values_list("person_id", flat=True)
    )
    people = [m.person for m in _members(group).select_related("person").order_by("person__name")]
    return ContractStatus(
        contract=contract,
        accepted=[p for p in people if p.pk in current],
        waiting=[p for p in people if p.pk not in current],
    )


# Presence and quorum -------------------------------------------------------------------------


def presence_mark(session: LiveSession, actor: Actor) -> None:
    """Note that a member has the session open; at most one write per person per 30 seconds."""
    if actor.person_id is None:
        return
    now = timezone.now()
    fresh = Presence.objects.filter(
        session=session, person_id=actor.person_id, last_seen__gte=now - PRESENCE_EVERY
    )
    if not fresh.exists():
        presence_note(session_id=session.pk, person_id=actor.person_id, now=now)


def presence_note(*, session_id: int, person_id: int, now: datetime | None = None) -> None:
    """Record that the person has the session open now (callers keep this to once per
    PRESENCE_EVERY)."""
    Presence.objects.update_or_create(
        session_id=session_id, person_id=person_id, defaults={"last_seen": now or timezone.now()}
    )


def present_members(session: LiveSession) -> list[int]:
    recent = timezone.now() - PRESENT_WITHIN
    members = set(_members(session.meeting.group).values_list("person_id", flat=True))
    seen = session.presence.filter(last_seen__gte=recent).values_list("person_id", flat=True)
    return [person for person in seen if person in members]


@dataclass(frozen=True)
class PresenceNow:
    """Who of the set's members has the session open now, for those who run it."""

    here: list[Person]
    away: list[Person]
    quorum: int

    @property
    def short(self) -> bool:
        return len(self.here) < self.quorum

    @property
    def total(self) -> int:
        return len(self.here) + len(self.away)


def presence_now(session: LiveSession) -> PresenceNow:
    here = set(present_members(session))
    people = [m.person for m in _members(session.meeting.group).select_related("person")
              .order_by("person__name")]  # fmt: skip
    return PresenceNow(
        here=[p for p in people if p.pk in here],
        away=[p for p in people if p.pk not in here],
        quorum=contract_for(session.meeting.group).quorum,
    )


def attendance_suggested(session: LiveSession) -> dict[int, str]:
    """Everyone in the set (facilitator too) as the end step suggests their attendance: present
    if they had the session open at its start or after (a screen open at the start was last
    noted at most PRESENT_WITHIN before it); otherwise as already recorded (apologies sent
    ahead), or absent."""
    from palg.programmes.models import Attendance

    meeting = session.meeting
    seen = set()
    if session.started_at is not None:
        since = session.started_at - PRESENT_WITHIN
        seen = set(session.presence.filter(last_seen__gte=since)
                   .values_list("person_id", flat=True))  # fmt: skip
    recorded = dict(meeting.attendance.values_list("person_id", "status"))
    return {
        person_id: Attendance.Status.PRESENT
        if person_id in seen
        else recorded.get(person_id, Attendance.Status.ABSENT)
        for person_id in meeting.group.memberships.values_list("person_id", flat=True)
    }


def below_quorum(session: LiveSession) -> tuple[int, int] | None:
    """(present, quorum) when fewer members than the quorum have the session open."""
    quorum = contract_for(session.meeting.group).quorum
    present = len(present_members(session))
    return (present, quorum) if present < quorum else None
