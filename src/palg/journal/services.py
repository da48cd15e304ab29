"""Writes to private journals: the owner's free entries, the entries a session leaves behind
(the member's review sheet, the presenter's question harvest) and key rotation.

Deleting a session's entry deletes what it was copied from (the review sheet, the harvested
contributions), so nothing of it stays readable anywhere in palg.

Owner-only access is decided in palg.access (journal_entry_get_for_actor); a session's entries
are written for the person the sheet or harvest already belongs to, and only if they have an
account (a journal belongs to an account).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format

from palg import access
from palg.access import Actor
from palg.accounts.models import User
from palg.journal.crypto import JournalKeyError, rotate
from palg.journal.fields import sealed_columns
from palg.journal.models import JournalEntry

if TYPE_CHECKING:
    from palg.live.models import LiveSession, ReviewSheet

TITLE_MAX = 200
BODY_MAX = 20000

MSG_TITLE_EMPTY = "Give the entry a title."
MSG_BODY_EMPTY = "Write something in the entry."
MSG_TOO_LONG = "Keep it under {most} characters."
MSG_NOT_EDITABLE = (
    "Entries from a session keep what was written there; you can delete them, not edit them."
)
MSG_ROTATE_UNREADABLE = (
    "{count} journal {entries} cannot be decrypted with any configured key, so nothing was "
    "re-encrypted. Add the key they were encrypted with to PALG_JOURNAL_KEYS (after the new "
    "one) and run the command again."
)
MSG_ROTATE_TEXTS_UNREADABLE = (
    "{count} review sheet or question harvest {texts} cannot be decrypted with any configured "
    "key, so nothing was re-encrypted. Add the key they were encrypted with to "
    "PALG_JOURNAL_KEYS (after the new one) and run the command again."
)

REVIEW_SECTIONS = (
    ("next_steps", "My next steps"),
    ("others", "The most interesting thing about the others' problems"),
    ("set_working", "How the set worked"),
    ("about_me", "One thing I learned about myself"),
)


def _clean(*, title: str, body: str) -> tuple[str, str]:
    # A title is one line (it heads the entry in exports); the body keeps its line breaks.
    title, body = " ".join((title or "").split()), (body or "").strip()
    errors = {}
    if not title:
        errors["title"] = MSG_TITLE_EMPTY
    elif len(title) > TITLE_MAX:
        errors["title"] = MSG_TOO_LONG.format(most=TITLE_MAX)
    if not body:
        errors["body"] = MSG_BODY_EMPTY
    elif len(body) > BODY_MAX:
        errors["body"] = MSG_TOO_LONG.format(most=BODY_MAX)
    if errors:
        raise ValidationError(errors)
    return title, body


def journal_entry_create(*, actor: Actor, title: str, body: str) -> JournalEntry:
    """A free entry in the actor's own journal."""
    title, body = _clean(title=title, body=body)
    entry = JournalEntry(owner_id=actor.user_id, kind=JournalEntry.Kind.FREE)
    entry.seal(title=title, body=body)
    entry.save()
    return entry


def journal_entry_update(*, actor: Actor, entry_id: int, title: str, body: str) -> JournalEntry:
    """Change one of the actor's free entries (session entries are not edited)."""
    entry = access.journal_entry_get_for_actor(actor=actor, entry_id=entry_id)
    if entry.kind != JournalEntry.Kind.FREE:
        raise PermissionDenied(MSG_NOT_EDITABLE)
    title, body = _clean(title=title, body=body)
    entry.seal(title=title, body=body)
    entry.save(update_fields=["sealed", "updated_at"])
    return entry


@transaction.atomic
def journal_entry_delete(*, actor: Actor, entry_id: int) -> None:
    """Delete one of the actor's entries, of any kind, for good: with a session's entry goes
    its source (the review sheet, or the harvest), which nobody else reads anyway."""
    entry = access.journal_entry_get_for_actor(actor=actor, entry_id=entry_id)
    if entry.session_id is not None and actor.person_id is not None:
        _source_delete(entry, actor.person_id)
    entry.delete()


def _source_delete(entry: JournalEntry, person_id: int) -> None:
    from palg.live.contributions import harvest_delete
    from palg.live.review import review_sheet_delete

    if entry.kind == JournalEntry.Kind.REVIEW:
        review_sheet_delete(session_id=entry.session_id, author_id=person_id)
    elif entry.kind == JournalEntry.Kind.HARVEST:
        harvest_delete(session_id=entry.session_id, presenter_id=person_id)


# Entries a session leaves behind -------------------------------------------------------------


def _session_title(prefix: str, session: LiveSession) -> str:
    meeting = session.meeting
    when = date_format(timezone.localtime(meeting.starts_at), "j F Y")
    return f"{prefix}: {meeting.group.name}, {when}"


def _store(*, owner: User, kind: str, session: LiveSession, title: str, body: str) -> JournalEntry:
    """Create or update the owner's entry of this kind for this session."""
    entry = JournalEntry.objects.filter(owner=owner, kind=kind, session=session).first()
    entry = entry or JournalEntry(owner=owner, kind=kind, session=session)
    entry.seal(title=title, body=body)
    entry.save()
    return entry


def review_body(sheet: ReviewSheet) -> str:
    parts = []
    if sheet.learned:
        parts.append(
            "What I learned about my problem:\n" + "\n".join(f"- {t}" for t in sheet.learned)
        )
    for field, heading in REVIEW_SECTIONS:
        text = getattr(sheet, field)
        if text:
            parts.append(f"{heading}:\n{text}")
    return "\n\n".join(parts)


@transaction.atomic
def journal_review_import(*, sheet: ReviewSheet) -> JournalEntry | None:
    """Copy a saved review sheet into its author's journal (again: the entry is updated)."""
    owner = User.objects.filter(person_id=sheet.author_id).first()
    if owner is None:
        return None
    session = sheet.session
    title = _session_title("Review", session)
    return _store(owner=owner, kind=JournalEntry.Kind.REVIEW, session=session, title=title,
                  body=review_body(sheet))  # fmt: skip


def harvest_body(contributions) -> str:
    lines = []
    for item in contributions:
        label = "Note" if item.verdict == "note" else "Question"
        lines.append(f"- {label} from {item.author.name}: {item.text}")
    return "\n".join(lines)


@transaction.atomic
def journal_harvest_import(*, session: LiveSession) -> list[JournalEntry]:
    """At the session's end, each presenter's harvest (what was asked and noted for them)
    becomes an entry in their journal. Presenters with an empty harvest get none."""
    from palg.live.models import Contribution

    entries = []
    for person_id in dict.fromkeys(session.presenters):
        owner = User.objects.filter(person_id=person_id).first()
        posted = session.contributions.select_related("author").filter(
            presenter_id=person_id, status=Contribution.Status.POSTED
        )
        if owner is None or not posted:
            continue
        title = _session_title("Questions for me", session)
        entries.append(_store(owner=owner, kind=JournalEntry.Kind.HARVEST, session=session,
                              title=title, body=harvest_body(posted)))  # fmt: skip
    return entries


# Key rotation --------------------------------------------------------------------------------


def entries_word(count: int) -> str:
    return "entry" if count == 1 else "entries"


def texts_word(count: int) -> str:
    return "text" if count == 1 else "texts"


@dataclass(frozen=True)
class Rotation:
    entries: int  # journal entries re-encrypted
    texts: int  # encrypted texts outside the journal (review sheets, harvests)


@transaction.atomic
def journal_rotate_key(*, with_derived: bool = False) -> Rotation:
    """Re-encrypt every entry, and every review sheet and harvest text, with the newest key, all
    or nothing. `with_derived` also reads what was encrypted with the key derived from the
    secret key (used before PALG_JOURNAL_KEYS was set)."""
    entries = list(JournalEntry.objects.select_for_update().only("pk", "sealed"))
    unreadable = 0
    for entry in entries:
        try:
            entry.sealed = rotate(entry.sealed, with_derived=with_derived)
        except JournalKeyError:
            unreadable += 1
    columns, texts_unreadable = _rotate_sealed_columns(with_derived=with_derived)
    errors = []
    if unreadable:
        errors.append(
            MSG_ROTATE_UNREADABLE.format(count=unreadable, entries=entries_word(unreadable))
        )
    if texts_unreadable:
        errors.append(MSG_ROTATE_TEXTS_UNREADABLE.format(
            count=texts_unreadable, texts=texts_word(texts_unreadable)))  # fmt: skip
    if errors:
        raise ValidationError(errors)
    JournalEntry.objects.bulk_update(entries, ["sealed"], batch_size=500)
    texts = 0
    for model, field, rows in columns:
        model.objects.bulk_update(rows, [field.name], batch_size=500)
        texts += len(rows)
    return Rotation(entries=len(entries), texts=texts)


def _rotate_sealed_columns(*, with_derived: bool) -> tuple[list, int]:
    """Each encrypted column's rows, rotated, as (model, field, [rows to write]), and how many
    tokens no key opened. The raw tokens are read and written as plain text: through the
    field they would be decrypted on reading and encrypted again on writing."""
    columns, unreadable = [], 0
    for model, field in sealed_columns():
        raw = Cast(field.name, output_field=models.TextField())
        tokens = model.objects.select_for_update().annotate(token=raw).values_list("pk", "token")
        rows = []
        for pk, token in tokens:
            if not token:
                continue
            try:
                fresh = rotate(token, with_derived=with_derived)
            except JournalKeyError:
                unreadable += 1
                continue
            row = model(pk=pk)
            setattr(row, field.attname, models.Value(fresh, output_field=models.TextField()))
            rows.append(row)
        columns.append((model, field, rows))
    return columns, unreadable
