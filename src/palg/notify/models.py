"""The outbox: every email palg sends is first a Notice row with a unique key, so planning it
twice creates it once and the sender can claim it, send it and record that it went.

A notice holds no message text: the message is composed when it is sent, from the current
state (a moved meeting, a card closed meanwhile), and nothing said in a set is stored here.
"""

from django.db import models

from palg.accounts.models import Invitation
from palg.live.models import ExperimentCard, LiveSession
from palg.people.models import Person
from palg.programmes.models import Meeting


class Notice(models.Model):
    class Kind(models.TextChoices):
        INVITATION = "invitation", "Invitation"
        CANCELLATION = "cancellation", "Cancellation"
        REMINDER = "reminder", "Reminder"
        NUDGE = "nudge", "Nudge"
        SUMMARY = "summary", "Session summary"
        # An invitation to make an account (palg.accounts.invitations), not to a meeting.
        ACCOUNT = "account", "Account invitation"
        # A survey wave (palg.surveys): the invitation to answer and its one reminder.
        WAVE_INVITATION = "wave_invite", "Survey invitation"
        WAVE_REMINDER = "wave_remind", "Survey reminder"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    # e.g. "reminder:meeting:12:person:5"; also the source of the message's Message-ID.
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    # What the notice is about (one of them, by kind).
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    card = models.ForeignKey(
        ExperimentCard, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    session = models.ForeignKey(
        LiveSession, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    account_invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    wave = models.ForeignKey(
        "surveys.Wave", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The meeting's RFC 5545 SEQUENCE an invitation or cancellation was planned for; for an
    # account invitation, which of its sends (Invitation.sends) it carries.
    sequence = models.PositiveIntegerField(null=True, blank=True)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"], name="notice_status_due")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"


class NoticePreference(models.Model):
    """What a person wants to receive. Without a row, everything (nudges included)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="notice_preference"
    )
    nudges = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.person}: nudges {'on' if self.nudges else 'off'}"
