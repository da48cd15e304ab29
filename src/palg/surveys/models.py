"""Survey waves of a programme and the answers given in them.

A wave opens at the start of `opens_on` and closes at the end of `closes_on`, both days in the
programme's time zone. Its instruments are ids of palg_evaluation.instruments.INSTRUMENTS.

Answers are a person's alone (palg.access): nobody else reads them, admins, leads and
facilitators included, and the answer model is not registered in the Django admin. Each
Response's answers are one JSON object encrypted at rest (SealedTextField, the journal's keys),
so a copy of the database shows who answered which wave and when, never what. Statistics see
a Respondent's opaque pseudonym (one per person and programme, so waves can be paired), never
the person: the Respondent row is the only link between the two, so deleting it (and its
responses) erases a person's answers in one operation.
"""

from __future__ import annotations

import json
import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import models

from palg.journal.fields import SealedTextField, Unreadable
from palg.people.models import Person
from palg.programmes.models import Group, Programme
from palg_evaluation.burden import answering_minutes

# The answering page's notes around the questions (surveys/answer.html shows these), counted in
# the answering-time estimate as shown: a closing day reads as four words ("Monday 21 December
# 2026"), a set's name as two. Short, because every word is read on a phone.
PRIVATE_NOTE = "Only you see your answers."
SAVED_NOTE = "Saved as you go; finish by {closes}."
THIS_GROUP_NOTE = "“This group” is your set, {group}."
FRAMING_WORDS = sum(
    len(note.format(closes="Monday 21 December 2026", group="Set one").split())
    for note in (PRIVATE_NOTE, SAVED_NOTE, THIS_GROUP_NOTE)
)


class Wave(models.Model):
    class Kind(models.TextChoices):
        BASELINE = "baseline", "Baseline"
        MID = "mid", "Mid-programme"
        END = "end", "End of programme"
        FOLLOW_UP = "follow_up", "Follow-up"

    class State(models.TextChoices):
        PLANNED = "planned", "Not open yet"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="waves")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    opens_on = models.DateField()
    closes_on = models.DateField()
    instruments = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "opens_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="wave_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} wave of {self.programme}"

    @property
    def minutes(self) -> int:
        """About how many minutes it takes on a phone (palg_evaluation.burden's estimate), with
        the answering page's own notes read once."""
        return answering_minutes(self.instruments, framing_words=FRAMING_WORDS)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.programme.time_zone)

    @property
    def opens_at(self) -> datetime:
        return datetime.combine(self.opens_on, time.min, tzinfo=self.zone)

    @property
    def closes_at(self) -> datetime:
        return datetime.combine(self.closes_on + timedelta(days=1), time.min, tzinfo=self.zone)

    def state(self, now: datetime) -> str:
        if now < self.opens_at:
            return self.State.PLANNED
        return self.State.OPEN if now < self.closes_at else self.State.CLOSED

    def is_open(self, now: datetime) -> bool:
        return self.state(now) == self.State.OPEN

    @property
    def days_open(self) -> int:
        return (self.closes_on - self.opens_on).days + 1


def new_pseudonym() -> str:
    return secrets.token_hex(8)


class Respondent(models.Model):
    """The link between a person and the pseudonym their answers carry in one programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    pseudonym = models.CharField(max_length=32, unique=True, default=new_pseudonym)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "person"], name="respondent_once")
        ]

    def __str__(self) -> str:
        return f"Respondent {self.pseudonym}"


class Response(models.Model):
    """One person's answers to one wave, saved as they go and frozen when the wave closes."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="responses")
    # The set "this group" meant when they answered (psychological safety is about it).
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # {"cbi.p1": 2, ...} as JSON, encrypted at rest.
    sealed_answers = SealedTextField(default="{}")
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "respondent"], name="response_once_per_wave")
        ]

    def __str__(self) -> str:
        # Never the answers: this appears in logs.
        return f"Response #{self.pk}"

    @property
    def answers(self) -> dict[str, int]:
        """The answers; empty when no configured key opens them."""
        if isinstance(self.sealed_answers, Unreadable):
            return {}
        return json.loads(self.sealed_answers or "{}")

    @answers.setter
    def answers(self, value: dict[str, int]) -> None:
        self.sealed_answers = json.dumps(value, sort_keys=True)


def today_in(zone: ZoneInfo, now: datetime) -> date:
    return now.astimezone(zone).date()
