"""Shared helpers for the journal tests."""

from cryptography.fernet import Fernet

from palg.journal import services
from palg.journal.models import JournalEntry


def new_key() -> str:
    return Fernet.generate_key().decode()


def write(
    cast, role: str = "member", title: str = "Sleepless", body: str = "The reorg."
) -> JournalEntry:
    return services.journal_entry_create(actor=cast.actor(role), title=title, body=body)


def raw_row(entry_id: int) -> tuple:
    """The entry's row as the database holds it, bypassing the ORM."""
    from django.db import connection

    table = JournalEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [entry_id])
        return cursor.fetchone()
