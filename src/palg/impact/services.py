"""Logging the organisation's change events (the C of L >= C): admins, and the leads and
sponsors of its programmes (palg.access.change_events_for_actor)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.dates import day_in_window, window_message
from palg.impact.models import ChangeEvent

TITLE_MAX = ChangeEvent._meta.get_field("title").max_length
MSG_TITLE_REQUIRED = "Say what changed, in a few words."
MSG_TITLE_TOO_LONG = f"Keep the title to {TITLE_MAX} characters or fewer."
MSG_SIZE = "Choose the size: small, medium or large."
MSG_DAY_REQUIRED = "Give the day the change happened."
MSG_DAY_FUTURE = "Log a change once it has happened: choose today or an earlier day."
MSG_PROGRAMME = (
    "Choose one of the programmes you lead or sponsor, or none for the whole organisation."
)
FIELDS = ("happened_on", "title", "size", "programme_id")


def _clean(actor: Actor, values: dict) -> dict:
    errors: dict[str, str] = {}
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = MSG_TITLE_REQUIRED
    elif len(title) > TITLE_MAX:
        errors["title"] = MSG_TITLE_TOO_LONG
    if values.get("size") not in ChangeEvent.Size.values:
        errors["size"] = MSG_SIZE
    day = values.get("happened_on")
    if not isinstance(day, date):
        errors["happened_on"] = MSG_DAY_REQUIRED
    elif not day_in_window(day):
        errors["happened_on"] = window_message()
    elif day > timezone.localdate():
        errors["happened_on"] = MSG_DAY_FUTURE
    programme_id = values.get("programme_id")
    if programme_id is not None:
        mine = access.change_event_programmes_for_actor(actor).filter(pk=programme_id)
        if not mine.exists():
            errors["programme"] = MSG_PROGRAMME
    if errors:
        raise ValidationError(errors)
    return {"title": title, "size": values["size"], "happened_on": day,
            "programme_id": programme_id}  # fmt: skip


@transaction.atomic
def change_event_create(
    *,
    actor: Actor,
    happened_on: date | None,
    title: str,
    size: str,
    programme_id: int | None = None,
) -> ChangeEvent:
    """Log a change event for the actor's organisation, or for one of their programmes."""
    access.require_change_logger(actor)
    values = _clean(actor, {"happened_on": happened_on, "title": title, "size": size,
                            "programme_id": programme_id})  # fmt: skip
    return ChangeEvent.objects.create(
        organisation_id=actor.organisation_id, logged_by_id=actor.person_id, **values
    )


@transaction.atomic
def change_event_update(*, actor: Actor, event_id: int, **changes) -> ChangeEvent:
    """Change some of an event's fields (`happened_on`, `title`, `size`, `programme_id`)."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown change event fields: {sorted(unknown)}")
    event = access.change_event_get_for_actor(actor=actor, event_id=event_id)
    current = {name: getattr(event, name) for name in FIELDS}
    values = _clean(actor, {**current, **changes})
    for name, value in values.items():
        setattr(event, name, value)
    event.save()
    return event


@transaction.atomic
def change_event_delete(*, actor: Actor, event_id: int) -> ChangeEvent:
    event = access.change_event_get_for_actor(actor=actor, event_id=event_id)
    event.delete()
    return event
