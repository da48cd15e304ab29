"""`palg journal-rotate-key`: re-encrypt every private journal entry, and every review sheet
and question harvest text, with the newest key in PALG_JOURNAL_KEYS, in one transaction
(README: Private journals)."""

from __future__ import annotations

from typing import Annotated

import typer

MSG_DONE = "Re-encrypted {count} journal {entries} with the newest key."
MSG_DONE_TEXTS = "Re-encrypted {count} review sheet and question harvest {texts} with it too."
MSG_NO_KEYS = (
    "PALG_JOURNAL_KEYS is not set: entries are encrypted with the key derived from "
    "PALG_SECRET_KEY, so there is nothing to rotate to. Set PALG_JOURNAL_KEYS to a new key "
    "first (README: Private journals)."
)


def journal_rotate_key(
    from_secret_key: Annotated[
        bool,
        typer.Option(
            "--from-secret-key",
            help="Also read entries encrypted before PALG_JOURNAL_KEYS was set (with the key "
            "derived from PALG_SECRET_KEY).",
        ),
    ] = False,
) -> None:
    """Re-encrypt every journal entry, review sheet and question harvest with the newest key
    (the first in PALG_JOURNAL_KEYS)."""
    from palg.cli import setup_django

    setup_django()
    from django.core.exceptions import ImproperlyConfigured, ValidationError

    from palg.journal import crypto, services

    if not crypto.configured_keys():
        typer.echo(MSG_NO_KEYS, err=True)
        raise typer.Exit(1)
    try:
        done = services.journal_rotate_key(with_derived=from_secret_key)
    except (ValidationError, ImproperlyConfigured) as error:
        for message in getattr(error, "messages", [str(error)]):
            typer.echo(message, err=True)
        raise typer.Exit(1) from None
    typer.echo(MSG_DONE.format(count=done.entries, entries=services.entries_word(done.entries)))
    if done.texts:
        typer.echo(MSG_DONE_TEXTS.format(count=done.texts, texts=services.texts_word(done.texts)))


def register(app: typer.Typer) -> None:
    app.command("journal-rotate-key")(journal_rotate_key)
