"""The owner exports everything in their journal, as Markdown or JSON."""

import json

from django.urls import reverse

from palg.journal.models import JournalEntry
from tests.journal.helpers import new_key, write


def export(client, fmt: str):
    return client.get(reverse("journal-export", args=[fmt]))


def fill(cast):
    write(cast, title="First", body="One\nand more")
    write(cast, title="Second", body="Two")
    entry = write(cast, title="From a session", body="Learned: trust")
    JournalEntry.objects.filter(pk=entry.pk).update(kind=JournalEntry.Kind.REVIEW)
    write(cast, "other_member", title="Bob's", body="Not Alice's")


def test_the_json_export_parses_and_holds_every_entry(cast, client_as):
    fill(cast)
    response = export(client_as("member"), "json")
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="palg-journal-')
    document = json.loads(response.content)
    entries = document["entries"]
    assert [e["title"] for e in entries] == ["From a session", "Second", "First"]
    assert entries[2]["body"] == "One\nand more"
    assert [e["kind"] for e in entries] == ["review", "free", "free"]
    assert all(e["readable"] for e in entries)
    assert {"id", "created_at", "updated_at", "session"} <= set(entries[0])


def test_the_markdown_export_contains_every_entry(cast, client_as):
    fill(cast)
    response = export(client_as("member"), "markdown")
    assert response["Content-Type"].startswith("text/markdown")
    assert response["Content-Disposition"].endswith('.md"')
    markdown = response.content.decode()
    for title, body in [("First", "One\nand more"), ("Second", "Two"),
                        ("From a session", "Learned: trust")]:  # fmt: skip
        assert f"## {title}\n" in markdown and body in markdown
    assert "Session review" in markdown


def test_exports_hold_only_the_owners_entries(cast, client_as):
    fill(cast)
    client = client_as("admin")
    assert json.loads(export(client, "json").content)["entries"] == []
    assert "Alice" not in export(client, "markdown").content.decode()
    bob = json.loads(export(client_as("other_member"), "json").content)["entries"]
    assert [e["title"] for e in bob] == ["Bob's"]


def test_an_unreadable_entry_is_marked_in_the_exports_not_dropped(cast, client_as, settings):
    settings.JOURNAL_KEYS = [new_key()]
    write(cast, title="Locked")
    settings.JOURNAL_KEYS = [new_key()]
    write(cast, title="Open")
    client = client_as("member")
    entries = json.loads(export(client, "json").content)["entries"]
    assert [(e["title"], e["readable"]) for e in entries] == [("Open", True), (None, False)]
    assert "no longer configured" in entries[1]["problem"]
    assert "## (cannot be read)" in export(client, "markdown").content.decode()


def test_an_unknown_export_format_is_404(cast, client_as):
    assert export(client_as("member"), "pdf").status_code == 404
