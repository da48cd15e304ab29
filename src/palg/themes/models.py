"""Themes for the organisation (issue 14; method.md R12): what a set decides the organisation
may hear, and the clusters that pool those statements across sets.

A `ThemeStatement` is set content while it is a draft: its set's members and facilitator only
(palg.access.theme_statement_get_for_actor). It leaves the set only once every member who must
consent has (`ThemeConsent`), and then only inside a `ThemeCluster` that meets the release rule
(palg.themes.rule): never alone, never with its set's name. Any member can withdraw it later.
"""

import secrets

from django.db import models

from palg.people.models import Organisation, Person
from palg.programmes.models import Group, Meeting

TEXT_MAX = 280
KEY_LENGTH = 16


def new_key() -> str:
    return secrets.token_hex(KEY_LENGTH // 2)


class ThemeStatement(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        RELEASED = "released", "Released"
        WITHDRAWN = "withdrawn", "Withdrawn"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="theme_statements")
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The session whose process review drafted it: its members present consent. None: drafted
    # on the set's page, and every member of the set then consents.
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="theme_statements"
    )
    text = models.CharField(max_length=TEXT_MAX)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    # "Ours is the same": a released statement of a theme the set said this one matches. The
    # clustering keeps the two together (a confirmation); it outlives re-clustering, which a
    # link to a ThemeCluster would not.
    same_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An answer to a sponsor's ask (Ask): pooled with the ask's other answers, under the same
    # release rule, on the ask's page only, never on the theme map.
    ask = models.ForeignKey(
        "Ask", null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    released_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Its embedding (palg_embed, float32), made when it is first clustered and kept, so that a
    # statement is embedded once: re-embedding every statement at every re-clustering would
    # take minutes for a large organisation. Cleared if the text could change (it cannot once
    # released).
    vector = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "group"])]

    def __str__(self) -> str:
        return f"Theme statement {self.pk} of {self.group} ({self.state})"

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT


class ThemeConsent(models.Model):
    """One member's consent to release a statement as it now reads (an edit removes them all)."""

    statement = models.ForeignKey(ThemeStatement, on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "person"], name="theme_consent_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} consents to {self.statement}"


class ThemeCluster(models.Model):
    """One theme: released statements of the organisation's sets that the clustering grouped,
    as of `computed_at`. Recomputed whole (palg.themes.services.themes_recluster); whether anyone
    outside the sets sees it is decided at read time by the release rule."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="theme_clusters"
    )
    # How pages and the API name the theme: random, because sequential ids would show gaps where
    # clusters below the release rule sit, and the rule says those are not even counted.
    key = models.CharField(max_length=KEY_LENGTH, unique=True, default=new_key)
    label = models.CharField(max_length=200)
    computed_at = models.DateTimeField()
    statements = models.ManyToManyField(
        ThemeStatement, through="ThemeClusterStatement", related_name="clusters"
    )

    class Meta:
        ordering = ["label", "id"]

    def __str__(self) -> str:
        return self.label


class ThemeClusterStatement(models.Model):
    """A statement in a cluster; `rank` 0 is the representative, then by likeness to it."""

    cluster = models.ForeignKey(ThemeCluster, on_delete=models.CASCADE, related_name="members")
    statement = models.ForeignKey(ThemeStatement, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "statement"], name="theme_cluster_member")
        ]

    def __str__(self) -> str:
        return f"{self.statement} in {self.cluster} at rank {self.rank}"


# The loop back (issue 14 section 4; method.md R12, R16) ---------------------------------------

RESPONSE_MAX = 2000
OWNER_MAX = 200


class Ask(models.Model):
    """A sponsor's (or lead's) question to every set of a programme. Sets see it while it is
    open and may answer with a theme statement (`ThemeStatement.ask`); the answers reach the
    asker only as clusters over the release rule."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="theme_asks"
    )
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    question = models.CharField(max_length=TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.question

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ThemeResponse(models.Model):
    """The loop back: what a sponsor or lead is changing about a released theme or an ask, and
    who owns it. Every set of the programme sees it (of the organisation when `programme` is
    None: a response to a theme of the organisation's map). A theme's label and statements are
    copied, because clusters are recomputed whole and their keys do not last."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="theme_responses"
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="theme_responses",
    )
    ask = models.ForeignKey(
        Ask, null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    theme_label = models.CharField(max_length=200, blank=True)
    theme_statement = models.CharField(max_length=TEXT_MAX, blank=True)
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=RESPONSE_MAX)
    owner = models.CharField(max_length=OWNER_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Response {self.pk}"


class ThemeRound(models.Model):
    """A programme-wide anonymous agree / disagree round on a released theme, opened by a lead:
    how far the theme is shared beyond the sets that raised it. The theme is copied, as for a
    response."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="theme_rounds"
    )
    theme_label = models.CharField(max_length=200)
    theme_statement = models.CharField(max_length=TEXT_MAX)
    opened_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"Round on {self.theme_label}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ThemeVote(models.Model):
    """One participant's vote in a round. Anonymous: the voter is stored only as a keyed hash
    of (round, person) (palg.themes.services.voter_key), enough to keep one vote each and let
    the voter change it, and nothing any page, export or admin could turn back into a name."""

    class Choice(models.TextChoices):
        AGREE = "agree", "Agree"
        DISAGREE = "disagree", "Disagree"
        PASS = "pass", "Pass"

    round = models.ForeignKey(ThemeRound, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=64)
    choice = models.CharField(max_length=8, choices=Choice.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "voter"], name="theme_vote_one_each")
        ]

    def __str__(self) -> str:
        return f"A vote in {self.round}"
