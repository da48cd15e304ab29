"""Blackout dates and private calendar feeds. Meetings themselves live in palg.programmes."""

import hashlib

from django.conf import settings
from django.db import models

from palg.dates import validate_day
from palg.people.models import Organisation, Person
from palg.programmes.models import Programme


class Blackout(models.Model):
    """Days no set meets (a holiday, a closure, a busy season): organisation-wide when
    `programme` is empty, else for that programme only. Both dates are included."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="blackouts"
    )
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="blackouts"
    )
    label = models.CharField(max_length=200)
    starts_on = models.DateField(validators=[validate_day])
    ends_on = models.DateField(validators=[validate_day])
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_on", "ends_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="blackout_ordered_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.starts_on} to {self.ends_on})"

    def covers(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


def feed_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A person's private calendar feed. The URL's token is shown once, when it is made; only
    its SHA-256 digest is stored, so a copy of the database gives no one the feed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The ETag of the file last served (a quoted SHA-256, ics.etag) and when the file last
    # differed from the one before: the feed's Last-Modified. Kept here because a feed also
    # changes when its owner leaves a set, which changes no meeting.
    etag = models.CharField(max_length=66, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"Calendar feed of {self.user} ({state})"
