"""A meeting run live, phase by phase. The state lives in the database, so every screen polls
the same truth, a reload or a server restart rejoins at the right phase, and two facilitators
pressing "next" together move it once (the `version` column: every change is a conditional
update on the version it was made from).

A live session is set content: its members and facilitator only (palg.access decides).
"""

from datetime import date

from django.db import models
from django.utils import timezone

from palg.journal.fields import SealedTextField
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


class Contribution(models.Model):
    """What a member types into the shared space during a case: a question (checked by the
    guardrail in question phases) or a note or offer for the presenter.

    The presenter owns the harvest: while the session runs, the set sees the posted ones; once
    it ends only the presenter does (their journal keeps them). A contribution the guardrail
    returned privately, and its author did not post, is the author's alone and is deleted when
    the session ends.

    Its text is encrypted at rest like a journal entry (palg.journal.fields): the database can
    neither show nor search it.
    """

    class Status(models.TextChoices):
        POSTED = "posted", "Posted"
        RETURNED = "returned", "Returned to its author"

    class Verdict(models.TextChoices):
        QUESTION = "question", "Question"
        ADVICE = "advice", "Advice-shaped"
        OTHER = "other", "Other"
        NOTE = "note", "Note for the presenter"

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="contributions")
    step = models.PositiveSmallIntegerField()
    phase = models.CharField(max_length=40)
    presenter = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    text = SealedTextField(max_length=1000)
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    kind = models.CharField(max_length=20, blank=True)  # open, closed, leading, ...
    cue = models.CharField(max_length=300, blank=True)  # why the guardrail said so
    suggestion = models.CharField(max_length=300, blank=True)  # its kind rewrite offer
    status = models.CharField(max_length=10, choices=Status.choices)
    posted_anyway = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} by {self.author} at {self.session}"


class GroupContract(models.Model):
    """The set's own ground rules, co-authored at its first meeting from a starter list
    (method guide §6), with the quorum the set needs to meet. Every member accepts the current
    version; changing it asks everyone to accept again. Set content."""

    group = models.OneToOneField(
        "programmes.Group", on_delete=models.CASCADE, related_name="contract"
    )
    rules = models.JSONField(default=list)
    quorum = models.PositiveSmallIntegerField(default=3)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Contract of {self.group}"


class ContractAcceptance(models.Model):
    contract = models.ForeignKey(
        GroupContract, on_delete=models.CASCADE, related_name="acceptances"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    accepted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contract", "person"], name="contract_accepted_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} accepted version {self.version} of {self.contract}"


class Presence(models.Model):
    """Who has the live session open: refreshed by their screen's polls (at most twice a
    minute), so the facilitator sees whether the set is quorate."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="presence")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="presence_once")]

    def __str__(self) -> str:
        return f"{self.person} at {self.session}"


class ExperimentCard(models.Model):
    """An action a member commits to try before the set meets again, written as an experiment:
    what I will try, what I expect, the signal I will watch, by when (method guide R8).

    A card belongs to its owner and their set (and through it the programme). It is set
    content: the set's members and facilitator see it, nobody else (palg.access). It links to
    the meeting where it was made; its entries keep its whole history.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in-progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    OPEN = (Status.PLANNED, Status.IN_PROGRESS)

    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="experiment_cards")
    group = models.ForeignKey(
        "programmes.Group", on_delete=models.CASCADE, related_name="experiment_cards"
    )
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="experiment_cards"
    )
    # Where it was made; None for a card its owner writes between meetings.
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="experiment_cards"
    )
    action = models.CharField("What I will try", max_length=300)
    expectation = models.CharField("What I expect", max_length=300)
    signal = models.CharField("The signal I will watch", max_length=300)
    due = models.DateField("By when")
    why = models.CharField("Why", max_length=300, blank=True)
    involve = models.CharField("Who I might involve", max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["group", "status"], name="card_group_status")]

    def __str__(self) -> str:
        return f"{self.owner}'s experiment: {self.action[:40]}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class CardEntry(models.Model):
    """A dated entry in a card's history: a report-back (what I did, what happened, what I
    learned, what next), a change of status, or an observation its owner noted between
    meetings (what they noticed, on the day they noticed it). Entries are only ever added.

    A report-back whose "what I learned" is filled is a learning cycle (palg.live.experiments).
    """

    class Kind(models.TextChoices):
        REPORT = "report", "Report-back"
        STATUS = "status", "Status change"
        OBSERVATION = "observation", "Observation"

    card = models.ForeignKey(ExperimentCard, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # The meeting it was reported at; None for an entry written between meetings.
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    did = models.TextField("What I did", max_length=1000, blank=True)
    happened = models.TextField("What happened", max_length=1000, blank=True)
    learned = models.TextField("What I learned", max_length=1000, blank=True)
    next = models.TextField("What next", max_length=1000, blank=True)
    # An observation's text and the day it was made (which may be before the day it was written
    # down); empty and None for other kinds.
    note = models.TextField("What I noticed", max_length=1000, blank=True)
    observed_on = models.DateField("Noticed on", null=True, blank=True)
    # The card's status before and after this entry (equal when it did not change).
    status_before = models.CharField(max_length=12, choices=ExperimentCard.Status.choices)
    status_after = models.CharField(max_length=12, choices=ExperimentCard.Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "card entries"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="observation") | models.Q(observed_on__isnull=False),
                name="card_observation_dated",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.card}"

    @property
    def day(self) -> date:
        """The day the entry is about: when an observation was made, else when it was written."""
        return self.observed_on or timezone.localdate(self.created_at)


class ReviewSheet(models.Model):
    """A member's individual review sheet at the close of a session (method guide §8). Private
    to its author: nobody else, not even the facilitator, reads it. Its answers are encrypted at
    rest like a journal entry (palg.journal.fields); deleting the journal entry that holds the
    sheet deletes the sheet (palg.journal.services.journal_entry_delete)."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="review_sheets")
    learned_1 = SealedTextField(max_length=500, blank=True)
    learned_2 = SealedTextField(max_length=500, blank=True)
    learned_3 = SealedTextField(max_length=500, blank=True)
    next_steps = SealedTextField(max_length=2000, blank=True)
    others = SealedTextField(max_length=2000, blank=True)
    set_working = SealedTextField(max_length=2000, blank=True)
    about_me = SealedTextField(max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "author"], name="review_sheet_once")
        ]

    def __str__(self) -> str:
        return f"{self.author}'s review of {self.session}"

    @property
    def learned(self) -> list[str]:
        return [text for text in (self.learned_1, self.learned_2, self.learned_3) if text]


# (key, short name, the question as asked)
PULSE_QUESTIONS = (
    ("trust", "Trust", "I could be open in this set today."),
    ("airtime", "Airtime balance", "Time was shared fairly between us."),
    ("questions", "Question quality", "Our questions helped the presenter think."),
    ("contract", "Keeping the contract", "We kept to our ground rules."),
)


def _pulse_range(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}), name=f"pulse_{name}_1_to_5"
    )


class PulseAnswer(models.Model):
    """A member's answers to the set-health pulse at a session, each 1 (not at all) to 5 (fully).
    Nobody reads one member's answers: the set sees means per session, and only when enough
    members answered (palg.live.review)."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="pulse")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    trust = models.PositiveSmallIntegerField()
    airtime = models.PositiveSmallIntegerField()
    questions = models.PositiveSmallIntegerField()
    contract = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="pulse_once"),
            *(_pulse_range(key) for key, _, _ in PULSE_QUESTIONS),
        ]

    def __str__(self) -> str:
        return f"Pulse answer at {self.session}"
