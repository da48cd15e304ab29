"""Programmes, rounds, sets (groups), memberships and meetings.

Metadata (who is in which set, dates, attendance) lives here for every role that may see it.
Set content lives only in models listed in CONTENT_MODELS and is read through
palg.access.meeting_content_get_for_actor, never directly.
"""

import functools
import re
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from palg.dates import validate_day, validate_moment
from palg.people.models import Organisation, Person

# Hard limits on a programme's design and a meeting's length (the method's norms, narrower, are
# warnings in palg.programmes.norms). Services enforce them through full_clean; the web forms
# and the API schemas read them from here.
BOUNDS = {
    "min_group_size": (2, 50),
    "max_group_size": (2, 50),
    "cadence_weeks": (1, 52),
    "meeting_count": (1, 100),
    "meeting_minutes": (15, 720),
    "duration_minutes": (15, 720),
}
PURPOSE_MAX_LENGTH = 10_000


def bounded(name: str) -> list:
    low, high = BOUNDS[name]
    return [MinValueValidator(low), MaxValueValidator(high)]


MSG_TIME_ZONE = (
    "“{value}” is not a time zone we know. Use an IANA name such as Europe/London or "
    "America/New_York."
)


@functools.cache
def time_zone_names() -> frozenset[str]:
    """Every IANA time zone name zoneinfo can load (from the system or the tzdata package)."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(MSG_TIME_ZONE.format(value=value), code="time_zone")


def default_time_zone() -> str:
    """New programmes meet in the site's zone (PALG_TIME_ZONE) until their lead says otherwise."""
    return settings.TIME_ZONE


class SessionTemplate(models.TextChoices):
    REVANS_UK = "revans-uk", "Revans / UK action learning set"
    WIAL = "wial", "WIAL action learning"
    TROIKA = "troika", "Troika consulting"
    WISE_CROWDS = "wise-crowds", "Wise Crowds"
    BALINT = "balint", "Balint-style case"
    INTERVISION = "intervision", "Intervision incident method"
    FORUM = "forum-presentation", "Forum presentation"


class FacilitationModel(models.TextChoices):
    EXTERNAL = "external", "External set adviser throughout"
    FADING = "fading", "Adviser first, then members facilitate"
    INTERNAL = "internal", "Trained internal facilitator"
    SELF = "self", "Self-facilitated, rotating member"


class Programme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programmes"
    )
    name = models.CharField(max_length=200)
    focus_area = models.CharField(max_length=200, blank=True)
    purpose = models.TextField(blank=True, max_length=PURPOSE_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    start_date = models.DateField(null=True, blank=True, validators=[validate_day])
    min_group_size = models.PositiveSmallIntegerField(
        default=4, validators=bounded("min_group_size")
    )
    max_group_size = models.PositiveSmallIntegerField(
        default=8, validators=bounded("max_group_size")
    )
    cadence_weeks = models.PositiveSmallIntegerField(default=4, validators=bounded("cadence_weeks"))
    meeting_count = models.PositiveSmallIntegerField(default=6, validators=bounded("meeting_count"))
    meeting_minutes = models.PositiveSmallIntegerField(
        default=180, validators=bounded("meeting_minutes")
    )
    facilitation_model = models.CharField(
        max_length=10, choices=FacilitationModel.choices, default=FacilitationModel.FADING
    )
    session_template = models.CharField(
        max_length=30, choices=SessionTemplate.choices, default=SessionTemplate.REVANS_UK
    )
    # Where the sets meet: meetings keep their local wall-clock time across DST changes, and
    # calendar files carry this zone (palg.scheduling).
    time_zone = models.CharField(
        max_length=64, default=default_time_zone, validators=[validate_time_zone]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return self.name


class ProgrammeRole(models.Model):
    """A person's role in one programme. Set membership is separate (Membership)."""

    class Role(models.TextChoices):
        LEAD = "lead", "Programme lead"
        FACILITATOR = "facilitator", "Facilitator"
        PARTICIPANT = "participant", "Participant"
        SPONSOR = "sponsor", "Sponsor"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="programme_roles")
    role = models.CharField(max_length=12, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person", "role"], name="programme_role_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} as {self.get_role_display()} of {self.programme}"


class Round(models.Model):
    """One grouping of a programme's cohort; later rounds regroup people who have not met."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="round_unique_number")
        ]

    def __str__(self) -> str:
        return f"Round {self.number}"


class GroupingDraft(models.Model):
    """A round's sets while the programme lead forms them, before they are published.

    Only leads and admins see a draft: the people in it learn their set when it is published
    (palg.programmes.forming.round_publish turns it into Groups and Memberships). `placements`
    lists every person as {"person": id, "group": index, "locked": bool}, in the order the
    grouping problem numbers them; `criteria` is what the lead chose. `version` goes up with
    every change, so that a change made from a stale page is refused instead of lost.
    """

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="draft")
    criteria = models.JSONField(default=dict)
    placements = models.JSONField(default=list)
    group_count = models.PositiveSmallIntegerField()
    seed = models.PositiveIntegerField(default=1)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Draft sets of {self.round}"


SET_PREFIX = re.compile(r"set\b", re.IGNORECASE)


class Group(models.Model):
    """An action learning set."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="group_unique_name_in_round")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """How pages name the set: "Set Falcon" for a set called "Falcon", and "Set 1", not
        "Set Set 1", for a set the forming page called "Set 1"."""
        return self.name if SET_PREFIX.match(self.name) else f"Set {self.name}"

    @property
    def programme(self) -> Programme:
        return self.round.programme


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        FACILITATOR = "facilitator", "Facilitator"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    # From when its holder reads the set's content (palg.access.meeting_open_to): meetings that
    # start or are planned after it, never those held before.
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.group} ({self.role})"


class MembershipChange(models.Model):
    """One change to who is in a set: someone added, removed or given another role, by whom and
    when. Metadata, shown on the set's page to its own people and to those who oversee it, so
    that nobody joins or leaves a set unseen. Rows are only ever added."""

    class Kind(models.TextChoices):
        ADDED = "added", "Added"
        REMOVED = "removed", "Removed"
        ROLE = "role", "Role changed"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="membership_changes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The role they have after the change (for a removal: the role they had).
    role = models.CharField(max_length=12, choices=Membership.Role.choices)
    by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display().lower()} in {self.group}"


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(validators=[validate_moment])
    duration_minutes = models.PositiveSmallIntegerField(
        default=180, validators=bounded("duration_minutes")
    )
    location = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    # RFC 5545 SEQUENCE: goes up whenever the meeting moves or is cancelled, so that calendars
    # replace their copy (palg.scheduling.ics) instead of keeping the old one.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the meeting last changed: the DTSTAMP and LAST-MODIFIED of its calendar event, so a
    # feed stays the same file from one fetch to the next until the meeting itself changes.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.group} on {self.starts_at:%Y-%m-%d}"


class Attendance(models.Model):
    """Who came: metadata that leads and sponsors may see."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=10, choices=Status.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.status} at {self.meeting}"


class MeetingRecord(models.Model):
    """The set's own record of a meeting: set content, for members and facilitator only."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="record")
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"Record of {self.meeting}"


class FadingPlan(models.Model):
    """How facilitation passes from the set adviser to the members, chosen by the programme
    lead when the programme fades (palg.programmes.rota explains the stages). Without a row a
    programme follows rota.default_plan."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="fading_plan"
    )
    adviser_meetings = models.PositiveSmallIntegerField()
    observer_until = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Fading plan of {self.programme}"


class RotaEntry(models.Model):
    """Who facilitates and who keeps time at one meeting: metadata, like attendance. The stage
    is kept with the entry, so a held meeting's record survives a later change of plan."""

    class Stage(models.TextChoices):
        ADVISER = "adviser", "The adviser facilitates"
        OBSERVED = "observed", "A member facilitates; the adviser observes"
        MEMBERS = "members", "A member facilitates; the adviser is on call"

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="rota")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    facilitator = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    timekeeper = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Rota of {self.meeting}"


# Models whose rows are a set's confidential content. The Django admin never registers these,
# and tests/test_confidentiality.py checks that every content model is listed here.
CONTENT_MODELS = (MeetingRecord,)
