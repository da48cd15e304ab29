"""Reads of the actor's own journal, decrypted, and its exports (Markdown and JSON).

An entry no configured key opens is returned with `content=None` and its reason, never an
exception: pages and exports show that it is unreadable and carry on with the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.journal.crypto import JournalKeyError
from palg.journal.models import Content, JournalEntry

UNREADABLE_TITLE = "(cannot be read)"


@dataclass(frozen=True)
class ReadEntry:
    entry: JournalEntry
    content: Content | None
    problem: str = ""

    @property
    def title(self) -> str:
        return self.content.title if self.content else UNREADABLE_TITLE

    @property
    def body(self) -> str:
        return self.content.body if self.content else ""

    @property
    def readable(self) -> bool:
        return self.content is not None


def _read(entry: JournalEntry) -> ReadEntry:
    try:
        return ReadEntry(entry, entry.unseal())
    except JournalKeyError as error:
        return ReadEntry(entry, None, str(error))


def journal_list(*, actor: Actor) -> list[ReadEntry]:
    """The actor's entries, newest first, decrypted."""
    entries = access.journal_entries_for_actor(actor).select_related("session__meeting__group")
    return [_read(entry) for entry in entries]


def journal_entry_read(*, actor: Actor, entry_id: int) -> ReadEntry:
    """One of the actor's entries, decrypted (404 for anyone but its owner)."""
    return _read(access.journal_entry_get_for_actor(actor=actor, entry_id=entry_id))


# Exports -------------------------------------------------------------------------------------


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _session(entry: JournalEntry) -> dict | None:
    if entry.session is None:
        return None
    meeting = entry.session.meeting
    return {"set": meeting.group.name, "meeting_starts_at": _when(meeting.starts_at)}


def export_json(*, actor: Actor) -> str:
    """Every entry of the actor's journal as a JSON document."""
    entries = [
        {
            "id": item.entry.pk,
            "kind": item.entry.kind,
            "title": item.content.title if item.content else None,
            "body": item.content.body if item.content else None,
            "readable": item.readable,
            **({"problem": item.problem} if item.problem else {}),
            "created_at": _when(item.entry.created_at),
            "updated_at": _when(item.entry.updated_at),
            "session": _session(item.entry),
        }
        for item in journal_list(actor=actor)
    ]
    document = {
        "format": "palg-journal/1",
        "exported_at": _when(timezone.now()),
        "entries": entries,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export_markdown(*, actor: Actor) -> str:
    """Every entry of the actor's journal as one Markdown document, newest first."""
    lines = ["# My palg journal", "", f"Exported {_when(timezone.now())}.", ""]
    for item in journal_list(actor=actor):
        entry = item.entry
        lines += [f"## {item.title}", ""]
        meta = f"{entry.get_kind_display()} · written {_when(entry.created_at)}"
        if entry.updated_at - entry.created_at > timedelta(seconds=1):
            meta += f" · changed {_when(entry.updated_at)}"
        lines += [f"*{meta}*", "", item.body if item.readable else f"> {item.problem}", ""]
    return "\n".join(lines)
