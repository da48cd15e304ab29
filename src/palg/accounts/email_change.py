"""A signed-in person's change of email address, through allauth's flow (pending until confirmed
from the new address), kept unique and in step with the account.

The account's address is `User.email`; allauth keeps its own `EmailAddress` rows. palg keeps one
verified, primary row for `User.email` (an account's address was set by an invitation that
reached it or by an admin), so allauth shows it as the current address and a pending change is
told apart from it. An address is refused when another person of the organisation's directory
has it (invitations and single sign-on find people by it), with a clear message; an address
that another account uses gets allauth's same answer as any other (no enumeration), but its
owner is not mailed and it can never be confirmed.
"""

from allauth.account.internal.flows.email_verification import verify_email
from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction

from palg.accounts.models import User
from palg.people.models import Person

MSG_DIRECTORY = (
    "That address belongs to someone else in your organisation's directory. If it is yours, "
    "ask your organisation admin to correct the directory."
)
MSG_TAKEN = "{email} cannot be used for your account. Your address has not changed."


def email_address_sync(*, user: User) -> EmailAddress | None:
    """Make the account's address allauth's verified, primary address (created if missing).
    A verified address other than it is a former one (an admin changed `User.email`): removed,
    so that it neither names this account nor keeps the address from its new owner. A pending
    change (unverified) stays."""
    if not user.email:
        return None
    with transaction.atomic():
        mine = EmailAddress.objects.filter(user=user).exclude(email=user.email)
        mine.filter(verified=True).delete()
        mine.filter(primary=True).update(primary=False)
        address, _ = EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"primary": True, "verified": True}
        )
    return address


def email_of_another_account(*, email: str, user: User) -> bool:
    others = User.objects.exclude(pk=user.pk)
    if others.filter(email__iexact=email).exists():
        return True
    verified = EmailAddress.objects.filter(email__iexact=email, verified=True)
    return verified.exclude(user=user).exists()


def email_of_another_person(*, email: str, user: User) -> bool:
    """True when someone else in the user's organisation's directory has this address."""
    if user.organisation_id is None:
        return False
    people = Person.objects.filter(organisation_id=user.organisation_id, email__iexact=email)
    if user.person_id is not None:
        people = people.exclude(pk=user.person_id)
    return people.exists()


def email_change_problem(*, email: str, user: User) -> str | None:
    """Why this address cannot become the user's (checked again when it is confirmed)."""
    if email_of_another_person(email=email, user=user):
        return MSG_DIRECTORY
    if email_of_another_account(email=email, user=user):
        return MSG_TAKEN.format(email=email)
    return None


def email_change_confirm(*, request, email_address: EmailAddress) -> bool:
    """allauth's confirmation: the pending address replaces the old one, `User.email` with it.
    Two confirmations racing for one address: the database's unique `User.email` decides."""
    try:
        with transaction.atomic():
            return verify_email(request, email_address)
    except IntegrityError:
        return False
