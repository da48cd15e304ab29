"""Invitations: how a directory person who has no account gets one.

Inviting someone opens their Invitation (one per person) and puts one email in the outbox
(palg.notify, kind `account`, keyed by the invitation and its send number, so planning it twice
sends it once). The email's link carries a secret that is never stored: an HMAC, under
SECRET_KEY, of the invitation and its current nonce. The outbox recomputes it when it composes
the email; the database keeps only its SHA-256 digest, to find the invitation when the link is
opened. Sending again draws a new nonce, so the old link stops working; revoking closes the
invitation; accepting it (once, before PALG_INVITE_DAYS have passed) makes the account, linked
to the person and their organisation, and nothing else.

Whom an actor may invite is decided in palg.access (invitation_people_for_actor); the command
line acts for an organisation as its operator, with no such limit.
"""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from palg import access
from palg.access import Actor
from palg.accounts.email_change import email_address_sync
from palg.accounts.events import security_event_record
from palg.accounts.models import Invitation, SecurityEvent, User, token_digest
from palg.people.models import Organisation, Person
from palg.people.selectors import people_named

TOKEN_SALT = "palg.accounts.invitation"
MSG_HAS_ACCOUNT = "already has an account"
MSG_PENDING = "already invited; the link works until {date}"
MSG_NOT_YOURS = "not in a programme you lead: an organisation admin can invite them"
MSG_UNKNOWN = "No one in the organisation has the email or id “{value}”."
MSG_NOBODY = "Name at least one person, by email or directory id."
MSG_ACCEPTED = "{name} has accepted this invitation already; there is nothing to send or revoke."
MSG_PASSWORDS_DIFFER = "The two passwords differ."

# Why a link cannot be used, for the page that says so (nothing is changed).
INVALID_FORGED = "This invitation link is not valid. Check that you opened the whole link."
INVALID_USED = "This invitation has been used already. Sign in with your email and password."
INVALID_EXPIRED = "This invitation has expired. Ask your programme lead to send you a new one."
INVALID_REVOKED = "This invitation was withdrawn. Ask your programme lead if you need an account."
INVALID_REPLACED = "A newer invitation replaced this link. Use the link in the latest email."
INVALID_HAS_ACCOUNT = "There is already an account for {email}. Sign in with it instead."


class InvitationInvalid(Exception):
    """The link cannot be used; the message says why, for the person who opened it."""

    def __init__(self, message: str, *, gone: bool = True):
        super().__init__(message)
        # Forged links answer 404; links that existed answer 410 Gone.
        self.status = 410 if gone else 404


@dataclass
class InvitationsSent:
    """What inviting did: the invitations sent, the people skipped (with why) and the names
    that matched no one."""

    invited: list[Invitation] = field(default_factory=list)
    skipped: list[tuple[Person, str]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


# The link ------------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    """The secret in the invitation's current link, derived, never stored."""
    message = f"{invitation.pk}:{invitation.nonce}"
    return salted_hmac(TOKEN_SALT, message, algorithm="sha256").hexdigest()


def invitation_path(invitation: Invitation) -> str:
    return reverse("invitation-accept", args=[invitation_token(invitation)])


def expiry_from(now):
    return now + timedelta(days=settings.INVITE_DAYS)


# Selectors -----------------------------------------------------------------------------------


def has_account_q():
    """People with an account: linked to one, or whose email one already uses."""
    linked = User.objects.filter(person=OuterRef("pk"))
    same_email = User.objects.annotate(lower=Lower("email")).filter(lower=Lower(OuterRef("email")))
    return Exists(linked) | Exists(same_email)


def people_without_account(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.exclude(has_account_q())


def invitation_list(*, actor: Actor) -> QuerySet[Invitation]:
    return access.invitations_for_actor(actor).order_by("person__name", "pk")


# Inviting ------------------------------------------------------------------------------------


def invitations_create(
    *,
    actor: Actor,
    people: Iterable[Person] = (),
    identifiers: Iterable[str] = (),
    all_without_account: bool = False,
) -> InvitationsSent:
    """Invite people who have no account, as `actor` (admin: anyone in the organisation; lead:
    the people of their programmes). Named by Person, by email or directory id, or all at once.
    People with an account, or an invitation still open, are skipped, each with the reason."""
    allowed = access.invitation_people_for_actor(actor)
    organisation = Organisation.objects.get(pk=actor.organisation_id)
    invited_by = User.objects.get(pk=actor.user_id)
    return _invite(
        organisation=organisation,
        people=list(people),
        identifiers=list(identifiers),
        all_without_account=all_without_account,
        allowed=allowed,
        invited_by=invited_by,
    )


def invitations_create_for_organisation(
    *,
    organisation: Organisation,
    identifiers: Iterable[str] = (),
    all_without_account: bool = False,
) -> InvitationsSent:
    """The command line's invite: the operator acts for the whole organisation."""
    return _invite(
        organisation=organisation,
        people=[],
        identifiers=list(identifiers),
        all_without_account=all_without_account,
        allowed=Person.objects.filter(organisation=organisation),
        invited_by=None,
    )


def invitations_for_import(
    *, report, actor: Actor | None = None, organisation: Organisation | None = None
) -> InvitationsSent:
    """The import's hook (web, CLI, API): invite the people of an imported file who have no
    account, as `actor` (leads: those of their programmes) or, from the command line, for the
    `organisation`. People with an open invitation are left as they are."""
    org_id = actor.organisation_id if actor is not None else organisation.pk
    ids = [change.external_id for change in report.changes]
    people = Person.objects.filter(organisation_id=org_id, external_id__in=ids)
    people = list(people_without_account(people).exclude(_open_invitation_q()))
    if not people:
        return InvitationsSent()
    if actor is not None:
        return invitations_create(actor=actor, people=people)
    return _invite(
        organisation=organisation,
        people=people,
        identifiers=[],
        all_without_account=False,
        allowed=Person.objects.filter(organisation=organisation),
        invited_by=None,
    )


def invitations_for_new_roles(*, actor: Actor, people: Iterable[Person]) -> InvitationsSent:
    """The programme's hook (participants added, a role assigned): invite those of `people`
    who have no account and no open invitation."""
    ids = [person.pk for person in people]
    fresh = Person.objects.filter(pk__in=ids).exclude(has_account_q())
    fresh = list(fresh.exclude(_open_invitation_q()))
    return invitations_create(actor=actor, people=fresh) if fresh else InvitationsSent()


def _open_invitation_q():
    now = timezone.now()
    return Exists(
        Invitation.objects.filter(
            person=OuterRef("pk"),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
    )


def invitations_summary(result: InvitationsSent) -> str:
    """One sentence for the pages and the command line that invited on the way."""
    text = f"Invited {len(result.invited)} {'person' if len(result.invited) == 1 else 'people'}"
    text += " without an account"
    if result.skipped:
        text += f"; {len(result.skipped)} not invited ({result.skipped[0][1]}"
        text += ", …)" if len(result.skipped) > 1 else ")"
    return text + "."


def _invite(
    *,
    organisation: Organisation,
    people: list[Person],
    identifiers: list[str],
    all_without_account: bool,
    allowed: QuerySet[Person],
    invited_by: User | None,
) -> InvitationsSent:
    result = InvitationsSent()
    directory = Person.objects.filter(organisation=organisation)
    if all_without_account:
        people = [*people, *people_without_account(allowed)]
    found, result.unknown = people_named(directory=directory, identifiers=identifiers)
    people = list(dict.fromkeys([*people, *found]))
    if not people and not all_without_account:
        messages = [MSG_UNKNOWN.format(value=value) for value in result.unknown]
        raise ValidationError({"people": messages or [MSG_NOBODY]})
    allowed_ids = set(allowed.filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    with_account = set(
        directory.filter(has_account_q(), pk__in=[p.pk for p in people]).values_list(
            "pk", flat=True
        )
    )
    now = timezone.now()
    for person in sorted(people, key=lambda p: (p.name, p.pk)):
        reason = _skip_reason(person, allowed_ids, with_account, organisation, now)
        if reason:
            result.skipped.append((person, reason))
        else:
            result.invited.append(_open(person=person, invited_by=invited_by, now=now))
    return result


def invitation_open_for_admin(*, person: Person) -> Invitation:
    """The operator's invitation of an organisation admin (palg.accounts.admins)."""
    return _open(person=person, invited_by=None, now=timezone.now(), org_admin=True)


def _skip_reason(person, allowed_ids, with_account, organisation, now) -> str:
    if person.organisation_id != organisation.pk or person.pk not in allowed_ids:
        return MSG_NOT_YOURS
    if person.pk in with_account:
        return MSG_HAS_ACCOUNT
    invitation = Invitation.objects.filter(person=person).first()
    if invitation is not None and invitation.state_at(now) == Invitation.State.INVITED:
        return MSG_PENDING.format(date=f"{timezone.localtime(invitation.expires_at):%d %B %Y}")
    return ""


@transaction.atomic
def _open(*, person: Person, invited_by: User | None, now, org_admin: bool = False) -> Invitation:
    """Open (or open again) the person's invitation with a new link, and queue its email.
    `org_admin` makes it the invitation of an organisation admin; sending it again keeps that."""
    invitation = Invitation.objects.select_for_update().filter(person=person).first()
    if invitation is None:
        invitation = Invitation.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            invited_by=invited_by,
            org_admin=org_admin,
            nonce=secrets.token_hex(16),
            # A placeholder until the row has its id, which the link's secret includes.
            digest=secrets.token_hex(32),
            sent_at=now,
            expires_at=expiry_from(now),
        )
    else:
        invitation.sends += 1
        invitation.nonce = secrets.token_hex(16)
        invitation.invited_by = invited_by or invitation.invited_by
        invitation.sent_at = now
        invitation.expires_at = expiry_from(now)
        invitation.revoked_at = None
        invitation.org_admin = invitation.org_admin or org_admin
    invitation.digest = token_digest(invitation_token(invitation))
    invitation.save()
    _queue(invitation, now=now)
    _event(invitation, Kind.INVITED, actor=invited_by)
    return invitation


Kind = SecurityEvent.Kind


def _event(invitation: Invitation, kind: str, *, actor: User | None = None, user=None) -> None:
    """The organisation's admins see invitations among its security events (no account yet:
    the event names the person's email)."""
    security_event_record(
        user=user,
        kind=kind,
        actor=actor,
        email=invitation.person.email,
        organisation_id=invitation.organisation_id,
    )


def _queue(invitation: Invitation, *, now) -> None:
    from palg.notify.services import notice_create  # palg.notify's models import ours

    notice_create(**notice_fields(invitation, now=now))


def notice_fields(invitation: Invitation, *, now) -> dict:
    """The outbox row for the invitation's current send: one key per send, so queuing it from
    here and from the planner, or twice, makes one email."""
    from palg.notify.models import Notice

    return {
        "key": f"account:invitation:{invitation.pk}:send:{invitation.sends}",
        "kind": Notice.Kind.ACCOUNT,
        "recipient_id": invitation.person_id,
        "account_invitation": invitation,
        "sequence": invitation.sends,
        "due_at": now,
    }


@transaction.atomic
def invitation_resend(*, actor: Actor, invitation_id: int) -> Invitation:
    """Send a new link (the old one stops working), for another PALG_INVITE_DAYS; reopens a
    revoked or expired invitation. Refused once accepted."""
    invitation = access.invitation_get_for_actor(actor=actor, invitation_id=invitation_id)
    if invitation.accepted_at is not None:
        raise ValidationError(MSG_ACCEPTED.format(name=invitation.person.name))
    if Person.objects.filter(pk=invitation.person_id).filter(has_account_q()).exists():
        raise ValidationError(f"{invitation.person.name} {MSG_HAS_ACCOUNT}.")
    invited_by = User.objects.get(pk=actor.user_id)
    return _open(person=invitation.person, invited_by=invited_by, now=timezone.now())


@transaction.atomic
def invitation_revoke(*, actor: Actor, invitation_id: int) -> bool:
    """Withdraw an open invitation: its link stops working and an email not yet sent is not
    sent. False when it was revoked already."""
    invitation = access.invitation_get_for_actor(actor=actor, invitation_id=invitation_id)
    if invitation.accepted_at is not None:
        raise ValidationError(MSG_ACCEPTED.format(name=invitation.person.name))
    revoked = bool(
        Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )
    if revoked:
        _event(invitation, Kind.INVITATION_REVOKED, actor=User.objects.get(pk=actor.user_id))
    return revoked


# Accepting -----------------------------------------------------------------------------------


def invitation_for_token(token: str, *, lock: bool = False) -> Invitation:
    """The open invitation a link names; InvitationInvalid, saying why, for any other link."""
    rows = Invitation.objects.select_related("person", "organisation")
    if lock:
        rows = rows.select_for_update(of=("self",))
    invitation = rows.filter(digest=token_digest(token)).first() if token.isalnum() else None
    if invitation is None or not secrets.compare_digest(invitation_token(invitation), token):
        raise InvitationInvalid(INVALID_FORGED, gone=False)
    state = invitation.state
    if state == Invitation.State.ACCEPTED:
        raise InvitationInvalid(INVALID_USED)
    if state == Invitation.State.REVOKED:
        raise InvitationInvalid(INVALID_REVOKED)
    if state == Invitation.State.EXPIRED:
        raise InvitationInvalid(INVALID_EXPIRED)
    if Person.objects.filter(pk=invitation.person_id).filter(has_account_q()).exists():
        raise InvitationInvalid(INVALID_HAS_ACCOUNT.format(email=invitation.person.email))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, password_again: str) -> User:
    """Make the invited person's account, with this password, linked to them and their
    organisation; the invitation is used up. Bad input changes nothing."""
    invitation = invitation_for_token(token, lock=True)
    person = invitation.person
    if password != password_again:
        raise ValidationError({"password_again": MSG_PASSWORDS_DIFFER})
    user = User(
        email=person.email.strip().lower(),
        display_name=person.name,
        organisation_id=invitation.organisation_id,
        person=person,
        is_org_admin=invitation.org_admin,
    )
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    # allauth keeps the account's address as its verified, primary one (the invitation reached
    # it), which password reset and single sign-on match on.
    email_address_sync(user=user)
    _event(invitation, Kind.INVITATION_ACCEPTED, user=user)
    return user


STATES = tuple(Invitation.State.values)
