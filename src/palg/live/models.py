"""A meeting run live, phase by phase. The state lives in the database, so every screen polls
the same truth, a reload or a server restart rejoins at the right phase, and two facilitators
pressing "next" together move it once (the `version` column: every change is a conditional
update on the version it was made from).

A live session is set content: its members and facilitator only (palg.access decides).
"""

from django.db import models

from palg.live.protocol import DEFAULT_TEMPLATE, TEMPLATES
from palg.people.models import Person
from palg.programmes.models import Meeting


class LiveSession(models.Model):
    class Status(models.TextChoices):
        READY = "ready", "Ready to start"
        RUNNING = "running", "Running"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="live")
    template = models.CharField(
        max_length=30,
        choices=[(key, t.name) for key, t in TEMPLATES.items()],
        default=DEFAULT_TEMPLATE,
    )
    # The facilitator's timebox changes, {phase key: minutes}, and optional phases left out.
    minutes = models.JSONField(default=dict, blank=True)
    skip = models.JSONField(default=list, blank=True)
    # Person ids of today's presenters, in speaking order (chosen at bidding).
    presenters = models.JSONField(default=list, blank=True)
    # At most this many presenters (the template's default when None).
    max_presenters = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.READY)
    step = models.PositiveSmallIntegerField(default=0)
    # The current step's clock: its start (moved forward by pauses), when it was paused, and
    # the minutes added to it.
    step_started_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    extra_seconds = models.PositiveIntegerField(default=0)
    # A member the facilitator handed facilitation to (the set's facilitator keeps control too).
    driver = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Live session of {self.meeting}"


class Bid(models.Model):
    """A member's one-line bid for airtime at a session (bidding phase, after Revans): how urgent
    it is and whether it is a puzzle (it has an expert answer: it goes to the resources round)
    or a problem (no single right answer: it goes to the set). Set content."""

    class Urgency(models.TextChoices):
        A = "A", "A: must be today"
        B = "B", "B: would like today"
        C = "C", "C: can wait"

    class Nature(models.TextChoices):
        PROBLEM = "problem", "A problem: no single right answer"
        PUZZLE = "puzzle", "A puzzle: someone knows the answer"

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="bids")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=200)
    urgency = models.CharField(max_length=1, choices=Urgency.choices, default=Urgency.B)
    nature = models.CharField(max_length=10, choices=Nature.choices, default=Nature.PROBLEM)
    withdrawn = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["urgency", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="bid_one_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.person}'s bid ({self.urgency})"
