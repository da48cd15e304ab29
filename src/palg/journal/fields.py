"""A text column encrypted at rest with the journal's keys (palg.journal.crypto), for private
writing kept outside the journal itself: review sheets and question harvests (palg.live.models).

The model attribute holds the plaintext; the column holds a Fernet token, so a copy of the
database alone reveals none of it. `palg journal-rotate-key` re-encrypts these columns with the
journal entries (palg.journal.services.journal_rotate_key).

The database cannot compare or search a token (each encryption of the same text differs), so
every lookup but `isnull` is refused: a filter on the text fails loudly instead of silently
matching nothing. Filter in Python after reading.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

from palg.journal import crypto

UNREADABLE = "(This text cannot be read: it was encrypted with a key that is no longer configured.)"


class Unreadable(str):
    """What a column reads as when no configured key opens its token. It is never written back:
    saving it would replace the only copy of the text with this notice."""


class SealedTextField(models.TextField):
    """A TextField whose column holds a Fernet token of its text. `max_length` still bounds the
    plaintext (in forms and services); the column itself is unbounded text."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        if isinstance(value, Unreadable):
            raise crypto.JournalKeyError()
        return crypto.encrypt(value.encode("utf-8"))

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        try:
            return crypto.decrypt(value).decode("utf-8")
        except crypto.JournalKeyError:
            return Unreadable(UNREADABLE)

    def get_lookup(self, lookup_name):
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_transform(self, lookup_name):
        return None


def sealed_columns() -> list[tuple[type[models.Model], SealedTextField]]:
    """Every encrypted column outside the journal table: (model, field)."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, SealedTextField)
    ]
