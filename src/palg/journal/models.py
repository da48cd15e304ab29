"""A leader's private journal. Its owner alone reads it (palg.access): not facilitators, not
organisation admins. Title and body are encrypted together at rest (palg.journal.crypto), so the
table holds only who owns an entry, its kind, its session and when it was written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.db import models

from palg.journal import crypto


@dataclass(frozen=True)
class Content:
    title: str
    body: str


class JournalEntry(models.Model):
    class Kind(models.TextChoices):
        REVIEW = "review", "Session review"
        FREE = "free", "Free entry"
        HARVEST = "harvest", "Question harvest"

    # Deleting an account deletes its journal. A deleted Person leaves the account (and so the
    # journal) in place: accounts.User.person is SET_NULL.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The session a review or harvest entry came from; the entry outlives the session.
    session = models.ForeignKey(
        "live.LiveSession", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A Fernet token of {"title": ..., "body": ...}: nothing readable in the row.
    sealed = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "journal entries"
        constraints = [
            # Importing a session's review sheet or harvest again updates its entry.
            models.UniqueConstraint(
                fields=["owner", "kind", "session"],
                condition=models.Q(session__isnull=False),
                name="journal_entry_once_per_session",
            )
        ]
        indexes = [models.Index(fields=["owner", "created_at"], name="journal_owner_created")]

    def __str__(self) -> str:
        # Never the content: this appears in logs and the admin.
        return f"{self.get_kind_display()} #{self.pk}"

    def seal(self, *, title: str, body: str) -> None:
        data = json.dumps({"title": title, "body": body}, ensure_ascii=False)
        self.sealed = crypto.encrypt(data.encode("utf-8"))

    def unseal(self) -> Content:
        """The title and body; crypto.JournalKeyError if no configured key opens them."""
        data = json.loads(crypto.decrypt(self.sealed))
        return Content(title=data["title"], body=data["body"])

    @property
    def from_session(self) -> bool:
        return self.kind != self.Kind.FREE
