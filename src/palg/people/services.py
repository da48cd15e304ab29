"""Writes around the people import: uploads waiting for confirmation, and the operator's import
into an organisation named by slug (which may create it)."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction

from palg import access
from palg.access import Actor
from palg.people.importing import ImportReport, people_import_for_organisation
from palg.people.models import Conflict, Organisation

PENDING_DIR = "imports"
# Uploads nobody confirmed are removed after a day.
PENDING_MAX_AGE_SECONDS = 24 * 60 * 60
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,64}")

MSG_UNKNOWN_ORGANISATION = (
    "There is no organisation with the slug “{slug}”. Check the slug, or pass "
    "--create-organisation NAME to create it."
)
MSG_BAD_SLUG = (
    "“{slug}” is not a valid organisation slug: use letters, numbers, hyphens and underscores."
)


class OrganisationError(Exception):
    """The organisation named for an import does not exist or cannot be created."""


def _pending_path(actor: Actor, token: str) -> Path | None:
    # The file name carries the user's id, so a token only works for the user who uploaded.
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    return Path(settings.DATA_DIR) / PENDING_DIR / f"people-{actor.user_id}-{token}.csv"


def pending_import_save(*, actor: Actor, data: bytes) -> str:
    """Keep an uploaded file until its preview is confirmed; return the token that names it."""
    folder = Path(settings.DATA_DIR) / PENDING_DIR
    folder.mkdir(parents=True, exist_ok=True)
    _pending_cleanup(folder)
    token = secrets.token_urlsafe(32)
    path = _pending_path(actor, token)
    path.write_bytes(data)
    path.chmod(0o600)
    return token


def pending_import_read(*, actor: Actor, token: str) -> bytes | None:
    """The bytes saved under `token` by this user, or None if there are none (or they expired)."""
    path = _pending_path(actor, token)
    if path is None or not path.is_file():
        return None
    if time.time() - path.stat().st_mtime > PENDING_MAX_AGE_SECONDS:
        path.unlink(missing_ok=True)
        return None
    return path.read_bytes()


def pending_import_discard(*, actor: Actor, token: str) -> None:
    path = _pending_path(actor, token)
    if path is not None:
        path.unlink(missing_ok=True)


def _pending_cleanup(folder: Path) -> None:
    cutoff = time.time() - PENDING_MAX_AGE_SECONDS
    for path in folder.glob("people-*.csv"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def people_import_for_slug(
    *, slug: str, data: bytes, create_name: str | None = None, commit: bool = True
) -> tuple[Organisation, ImportReport]:
    """The operator's import: into the organisation `slug`, created as `create_name` if missing.

    A new organisation is only kept if the import is written: a failed import or a dry run
    leaves the database as it was."""
    with transaction.atomic():
        organisation = _organisation_for_import(slug=slug, create_name=create_name)
        report = people_import_for_organisation(organisation=organisation, data=data, commit=commit)
        if not commit:
            transaction.set_rollback(True)
    return organisation, report


def _organisation_for_import(*, slug: str, create_name: str | None) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is not None:
        return organisation
    if not create_name:
        raise OrganisationError(MSG_UNKNOWN_ORGANISATION.format(slug=slug))
    try:
        validate_slug(slug)
    except ValidationError as error:
        raise OrganisationError(MSG_BAD_SLUG.format(slug=slug)) from error
    return Organisation.objects.create(slug=slug, name=create_name)


# Declared conflicts: pairs who never share a set, in any programme ---------------------------

MSG_CONFLICT_SELF = "Choose two different people."
MSG_CONFLICT_EXISTS = "{a} and {b} are already kept apart."
MSG_CONFLICT_OTHER_ORG = "That person is not in your organisation."


def conflict_list(*, actor: Actor):
    return access.conflicts_for_actor(actor).select_related("first", "second")


@transaction.atomic
def conflict_create(*, actor: Actor, person_id: int, other_id: int) -> Conflict:
    """Keep two people of the organisation apart in every programme's sets."""
    people = access.people_for_actor(actor)
    if person_id == other_id:
        raise ValidationError({"other": MSG_CONFLICT_SELF})
    first, second = sorted((person_id, other_id))
    found = {p.pk: p for p in people.filter(pk__in=(first, second))}
    if len(found) != 2:
        raise ValidationError({"person": MSG_CONFLICT_OTHER_ORG})
    if Conflict.objects.filter(first_id=first, second_id=second).exists():
        message = MSG_CONFLICT_EXISTS.format(a=found[first], b=found[second])
        raise ValidationError({"other": message})
    return Conflict.objects.create(
        organisation_id=actor.organisation_id, first=found[first], second=found[second]
    )


@transaction.atomic
def conflict_delete(*, actor: Actor, conflict_id: int) -> None:
    access.conflict_get_for_actor(actor=actor, conflict_id=conflict_id).delete()
