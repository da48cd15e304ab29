"""Organisation admins, appointed by the operator (`palg accounts admin`).

A new install has no one who can sign in: the operator creates the organisation and names its
first admin, who gets an invitation like everyone else (one email, a link that works once) and,
on accepting it, an account that manages the organisation's people and accounts. Someone who
already has an account in the organisation is made an admin at once. The admin is a person of
the organisation's directory, like every account holder; if the import has not put them there
yet, they are added with the name given.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.db.models.functions import Lower

from palg import access
from palg.access import Actor
from palg.accounts.events import Kind, security_event_record
from palg.accounts.invitations import invitation_open_for_admin
from palg.accounts.models import Invitation, User
from palg.people.models import Organisation, Person
from palg.people.selectors import people_named

MSG_NO_ORGANISATION = "No organisation has the slug {slug!r}; give --create NAME to create it."
MSG_BAD_SLUG = "{slug!r} is not a valid slug: use letters, digits, hyphens and underscores."
MSG_BAD_EMAIL = "{email!r} is not a valid email address."
MSG_NEEDS_NAME = "{email} is not in {organisation}'s directory; give --name to add them."
MSG_OTHER_ORGANISATION = "{email} has an account in another organisation ({organisation})."
MSG_DEACTIVATED = "{email}'s account is deactivated; an admin must reactivate it first."
MSG_ID_TAKEN = "The directory id {external_id!r} belongs to {name} <{email}> already."


@dataclass
class Appointment:
    """What appointing did: `created` (the organisation is new), `added` (the person is new in
    the directory), and either an invitation sent or an existing account made admin."""

    organisation: Organisation
    person: Person
    created: bool = False
    added: bool = False
    invitation: Invitation | None = None
    account: User | None = None
    already: bool = False


def organisation_get_or_create(*, slug: str, name: str = "") -> tuple[Organisation, bool]:
    """The organisation with this slug; created with `name` if given, else ValidationError."""
    found = Organisation.objects.filter(slug=slug).first()
    if found is not None:
        return found, False
    if not name.strip():
        raise ValidationError(MSG_NO_ORGANISATION.format(slug=slug))
    try:
        validate_slug(slug)
    except ValidationError:
        raise ValidationError(MSG_BAD_SLUG.format(slug=slug)) from None
    return Organisation.objects.create(slug=slug, name=name.strip()), True


@transaction.atomic
def organisation_admin_appoint(
    *, slug: str, email: str, create: str = "", name: str = "", external_id: str = ""
) -> Appointment:
    """Make `email` an admin of the organisation `slug` (created, named `create`, if missing):
    an account in the organisation becomes admin; anyone else is invited as admin. Bad input
    raises ValidationError and changes nothing."""
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(MSG_BAD_EMAIL.format(email=email)) from None
    organisation, created = organisation_get_or_create(slug=slug, name=create)
    account = User.objects.annotate(lower=Lower("email")).filter(lower=email.lower()).first()
    if account is not None:
        return _grant(organisation=organisation, account=account, created=created)
    person, added = _directory_person(
        organisation=organisation, email=email, name=name, external_id=external_id
    )
    invitation = invitation_open_for_admin(person=person)
    return Appointment(
        organisation=organisation,
        person=person,
        created=created,
        added=added,
        invitation=invitation,
    )


def _grant(*, organisation: Organisation, account: User, created: bool) -> Appointment:
    if account.organisation_id != organisation.pk:
        other = account.organisation.name if account.organisation_id else "none"
        raise ValidationError(
            MSG_OTHER_ORGANISATION.format(email=account.email, organisation=other)
        )
    if not account.is_active:
        raise ValidationError(MSG_DEACTIVATED.format(email=account.email))
    appointment = Appointment(
        organisation=organisation,
        person=account.person,
        created=created,
        account=account,
        already=account.is_org_admin,
    )
    if not account.is_org_admin:
        User.objects.filter(pk=account.pk).update(is_org_admin=True)
        account.is_org_admin = True
        security_event_record(
            user=account, kind=Kind.ADMIN_GRANTED, organisation_id=organisation.pk
        )
    return appointment


def _directory_person(
    *, organisation: Organisation, email: str, name: str, external_id: str
) -> tuple[Person, bool]:
    directory = Person.objects.filter(organisation=organisation)
    found, _ = people_named(directory=directory, identifiers=[email])
    if found:
        return found[0], False
    if not name.strip():
        raise ValidationError(MSG_NEEDS_NAME.format(email=email, organisation=organisation.name))
    external_id = external_id.strip() or email
    holder = directory.filter(external_id=external_id).first()
    if holder is not None:
        raise ValidationError(
            MSG_ID_TAKEN.format(external_id=external_id, name=holder.name, email=holder.email)
        )
    person = Person.objects.create(
        organisation=organisation, external_id=external_id, name=name.strip(), email=email
    )
    return person, True


# An admin names or removes other admins of their organisation (the Accounts page, the API).

MSG_ADMIN_SELF = (
    "You cannot remove your own admin role. Ask another organisation admin, so that the "
    "organisation always keeps one."
)
MSG_ADMIN_INACTIVE = "{name}'s account is deactivated; reactivate it first."


@transaction.atomic
def organisation_admin_grant(*, actor: Actor, account_id: int) -> bool:
    """Make an account of the admin's organisation an admin too; False if it was one."""
    account = access.account_get_for_actor(actor=actor, account_id=account_id)
    if not account.is_active:
        raise ValidationError(MSG_ADMIN_INACTIVE.format(name=account), code="inactive")
    if not User.objects.filter(pk=account.pk, is_org_admin=False).update(is_org_admin=True):
        return False
    security_event_record(user=account, kind=Kind.ADMIN_GRANTED, actor=_user(actor))
    return True


@transaction.atomic
def organisation_admin_revoke(*, actor: Actor, account_id: int) -> bool:
    """Take the admin role from another account of the organisation; False if it had none.
    Nobody removes their own, so an organisation cannot lose its last admin this way."""
    account = access.account_get_for_actor(actor=actor, account_id=account_id)
    if account.pk == actor.user_id:
        raise ValidationError(MSG_ADMIN_SELF, code="self")
    if not User.objects.filter(pk=account.pk, is_org_admin=True).update(is_org_admin=False):
        return False
    security_event_record(user=account, kind=Kind.ADMIN_REVOKED, actor=_user(actor))
    return True


def _user(actor: Actor) -> User:
    return User.objects.get(pk=actor.user_id)
