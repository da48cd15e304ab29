"""Writes for email notices: creating them once per key, people's preferences (the page and
the unsubscribe link) and putting a failed notice back in the queue. Planning is in
palg.notify.planning and sending in palg.notify.sending."""

from datetime import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from palg.access import Actor
from palg.notify.models import Notice, NoticePreference
from palg.people.models import Person

UNSUBSCRIBE_SALT = "palg.notify.unsubscribe"
MSG_NO_PERSON = "Your account is not linked to a person in the directory, so no email is sent."
MSG_NOT_FAILED = "Only a failed notice can be sent again; {key} is {status}."


def notices_create(*, notices: list[Notice]) -> int:
    """Insert the notices whose key is new; return how many were new. Safe to call again and
    from several planners at once: the unique key keeps one row per key."""
    keys = [notice.key for notice in notices]
    known = set(Notice.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh = [notice for notice in notices if notice.key not in known]
    Notice.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(fresh)


def notice_create(**fields) -> Notice:
    """One notice; its existing row when the key is already there."""
    notice, _ = Notice.objects.get_or_create(key=fields.pop("key"), defaults=fields)
    return notice


def person_for_actor(actor: Actor) -> Person:
    if actor.person_id is None:
        raise Http404(MSG_NO_PERSON)
    return Person.objects.get(pk=actor.person_id)


def wants_nudges(person: Person) -> bool:
    preference = NoticePreference.objects.filter(person=person).first()
    return preference is None or preference.nudges


@transaction.atomic
def preference_set(*, person: Person, nudges: bool) -> NoticePreference:
    preference, _ = NoticePreference.objects.update_or_create(
        person=person, defaults={"nudges": nudges}
    )
    return preference


def unsubscribe_token(person: Person) -> str:
    """The token in every message's unsubscribe link: it names the person, signed, so the link
    works without signing in (and from a mail client's one-click List-Unsubscribe-Post)."""
    return signing.dumps({"person": person.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def person_for_token(token: str) -> Person:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return Person.objects.get(pk=data["person"])
    except (signing.BadSignature, KeyError, TypeError, Person.DoesNotExist):
        raise Http404("This unsubscribe link is not valid.") from None


def nudges_unsubscribe(*, token: str) -> Person:
    """Turn off nudges for the person an unsubscribe link names."""
    person = person_for_token(token)
    preference_set(person=person, nudges=False)
    return person


def notice_retry(*, key: str, due_at: datetime | None = None) -> Notice:
    """Put a failed notice back in the queue, after someone has checked it did not arrive (a
    notice fails when a worker died while sending it: palg.notify.sending)."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(key=key)
        if notice.status != Notice.Status.FAILED:
            raise ValidationError(MSG_NOT_FAILED.format(key=key, status=notice.status))
        notice.status = Notice.Status.PENDING
        notice.claim_token = ""
        notice.claimed_at = None
        if due_at is not None:
            notice.due_at = due_at
        notice.save(update_fields=["status", "claim_token", "claimed_at", "due_at"])
    return notice
