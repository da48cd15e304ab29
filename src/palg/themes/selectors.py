"""Reading themes: a set's own statements (set content), and the theme map (released themes
only, under the release rule, never naming a set)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.people.models import Person
from palg.programmes.models import Group, Meeting, Programme
from palg.themes import engine, rule
from palg.themes.models import (
    Ask,
    ThemeCluster,
    ThemeResponse,
    ThemeRound,
    ThemeStatement,
    ThemeVote,
)
from palg.themes.services import _cluster_rows, required_consenters, voter_key
from palg_themes.identifying import Span, find_identifying, highlight

STATE = ThemeStatement.State
SUGGESTIONS = 3
REPRESENTATIVES = 3
# Directory columns (lower-case, as the people import keys them) that hold a job title: palg's
# Person has no title field, so a title arrives as an extra column of the import.
TITLE_KEYS = ("job title", "job_title", "jobtitle", "title", "position")
TREND_WINDOW = timedelta(days=91)
RISING, STEADY, FADING = "rising", "steady", "fading"


# The theme map ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    """A released theme as anyone outside the sets sees it: no set, no author, no date, and
    counts rounded to 5."""

    id: str  # ThemeCluster.key, never its primary key
    label: str
    statements: list[str]
    sets: int
    people: int
    trend: str
    # The representative statement's id: what "ours is the same" links to. Never shown.
    anchor_id: int = field(default=0, repr=False, compare=False)
    statement_ids: frozenset[int] = field(default=frozenset(), repr=False, compare=False)


@dataclass(frozen=True)
class ThemeMap:
    title: str
    programme: Programme | None
    themes: list[Theme]
    min_sets: int
    min_people: int


def _live_members(cluster: ThemeCluster, programme_id: int | None) -> list[ThemeStatement]:
    """The cluster's statements still released (withdrawn ones are gone at once, whether or not
    the clusters have been recomputed yet), within the programme if one is given, by rank."""
    rows = []
    for member in cluster.members.all():
        statement = member.statement
        if statement.state != STATE.RELEASED:
            continue
        if programme_id is not None and statement.group.round.programme_id != programme_id:
            continue
        rows.append(statement)
    return rows


def _trend(moments: list[datetime], now: datetime) -> str:
    """From the statements' dates: more in the last quarter than the one before, rising;
    fewer, fading; about as many, steady."""
    recent = sum(1 for m in moments if now - m <= TREND_WINDOW)
    before = sum(1 for m in moments if TREND_WINDOW < now - m <= 2 * TREND_WINDOW)
    if recent > before * 1.25:
        return RISING
    if recent < before * 0.75 or recent == 0:
        return FADING
    return STEADY


def _theme(cluster: ThemeCluster, programme_id: int | None, now: datetime) -> Theme | None:
    statements = _live_members(cluster, programme_id)
    sets = {s.group_id for s in statements}
    people = {c.person_id for s in statements for c in s.consents.all()}
    if not rule.released(sets=len(sets), people=len(people)):
        return None
    return Theme(
        id=cluster.key,
        label=cluster.label,
        statements=[s.text for s in statements[:REPRESENTATIVES]],
        sets=rule.rounded(len(sets)),
        people=rule.rounded(len(people)),
        trend=_trend([s.created_at for s in statements], now),
        anchor_id=statements[0].pk,
        statement_ids=frozenset(s.pk for s in statements),
    )


def released_themes(*, organisation_id: int, programme_id: int | None = None) -> list[Theme]:
    """The organisation's themes that meet the release rule (within one programme's sets if
    given), most supported first. Nothing below the rule is returned at all."""
    clusters = ThemeCluster.objects.filter(organisation_id=organisation_id).prefetch_related(
        "members__statement__consents", "members__statement__group__round"
    )
    now = timezone.now()
    themes = [t for c in clusters if (t := _theme(c, programme_id, now)) is not None]
    return sorted(themes, key=lambda t: (-t.people, -t.sets, t.label, t.id))


def released_theme_anchor(*, organisation_id: int, theme_id: str) -> int | None:
    """The statement that stands for a released theme (its representative), for a set that
    says "ours is the same"; None if the theme is not (or no longer) released."""
    cluster = (
        ThemeCluster.objects.filter(organisation_id=organisation_id, key=theme_id)
        .prefetch_related("members__statement__consents", "members__statement__group__round")
        .first()
    )
    theme = _theme(cluster, None, timezone.now()) if cluster is not None else None
    return theme.anchor_id if theme is not None else None


def programme_theme_map(*, actor: Actor, programme_id: int) -> ThemeMap:
    programme = access.theme_map_programme_get_for_actor(actor=actor, programme_id=programme_id)
    themes = released_themes(organisation_id=programme.organisation_id, programme_id=programme.pk)
    return ThemeMap(programme.name, programme, themes, rule.min_sets(), rule.min_people())


def organisation_theme_map(*, actor: Actor) -> ThemeMap:
    access.require_theme_map_reader(actor)
    themes = released_themes(organisation_id=actor.organisation_id)
    return ThemeMap("the organisation", None, themes, rule.min_sets(), rule.min_people())


# A set's own statements -----------------------------------------------------------------------


@dataclass(frozen=True)
class Directory:
    """What the identifying-details check compares a statement with."""

    names: list[str]
    set_names: list[str]
    titles: list[str]

    def spans(self, text: str) -> list[Span]:
        rare_below = settings.THEME_RARE_TITLE
        return find_identifying(text, names=self.names, set_names=self.set_names,
                                titles=self.titles, rare_below=rare_below)  # fmt: skip


def directory(organisation_id: int) -> Directory:
    people = Person.objects.filter(organisation_id=organisation_id).values_list(
        "name", "attributes"
    )
    names, titles = [], []
    for name, attributes in people:
        names.append(name)
        title = next((str(v) for k, v in (attributes or {}).items() if k in TITLE_KEYS), "")
        if title:
            titles.append(title)
    set_names = Group.objects.filter(round__programme__organisation_id=organisation_id).values_list(
        "name", flat=True
    )
    return Directory(names, list(set_names), titles)


@dataclass(frozen=True)
class Suggestion:
    theme_id: str
    label: str
    statement: str
    score: float


@dataclass
class StatementView:
    statement: ThemeStatement
    spans: list[Span]
    pieces: list[tuple[str, Span | None]]
    waiting_for: list[str]
    consented: list[str]
    i_consent: bool
    i_must_consent: bool
    suggestions: list[Suggestion] = field(default_factory=list)
    linked: str = ""
    ask: str = ""


@dataclass(frozen=True)
class SetThemes:
    group: Group
    meeting: Meeting | None
    statements: list[StatementView]
    can_write: bool


def _suggestions(text: str, themes: list[Theme]) -> list[Suggestion]:
    candidates = [" ".join([t.label.replace(" · ", " "), *t.statements]) for t in themes]
    return [
        Suggestion(themes[i].id, themes[i].label, themes[i].statements[0], round(score, 2))
        for i, score in engine.similar(text, candidates)[:SUGGESTIONS]
    ]


def _view(statement, actor, found: Directory, themes: list[Theme], names) -> StatementView:
    spans = found.spans(statement.text)
    required = required_consenters(statement)
    consented = {c.person_id for c in statement.consents.all()}
    view = StatementView(
        statement=statement,
        spans=spans,
        pieces=highlight(statement.text, spans),
        waiting_for=sorted(names.get(p, "") for p in required - consented),
        consented=sorted(names.get(p, "") for p in consented),
        i_consent=actor.person_id in consented,
        i_must_consent=actor.person_id in required,
    )
    if statement.ask is not None:
        view.ask = statement.ask.question
    if statement.is_draft:
        view.suggestions = _suggestions(statement.text, themes)
        linked = [t.label for t in themes if statement.same_as_id in t.statement_ids]
        view.linked = linked[0] if linked else ""
    return view


def set_themes(*, actor: Actor, group_id: int, meeting_id: int | None = None) -> SetThemes:
    """The set's theme statements the actor reads, newest first, each checked for identifying
    details, with who still has to consent and, for drafts, the released themes it resembles."""
    meeting = None
    if meeting_id is not None:
        meeting = access.theme_meeting_get_for_actor(actor=actor, meeting_id=meeting_id)
        group = meeting.group
    else:
        group = access.theme_set_get_for_actor(actor=actor, group_id=group_id)
    joined = access.joined_at(actor, group)
    statements = [
        s
        for s in ThemeStatement.objects.filter(group=group)
        .select_related("meeting", "ask")
        .prefetch_related("consents")
        if s.state != STATE.WITHDRAWN and access.theme_statement_open_to(s, joined)
    ]
    organisation_id = group.round.programme.organisation_id
    found = directory(organisation_id)
    themes = released_themes(organisation_id=organisation_id) if statements else []
    names = dict(Person.objects.filter(memberships__group=group).values_list("pk", "name"))
    views = [_view(s, actor, found, themes, names) for s in statements]
    can_write = access.group_membership_role(actor, group) == "member"
    return SetThemes(group, meeting, views, can_write)


# The loop back: asks, responses and rounds ----------------------------------------------------

MIN_VOTES = 10


def ask_themes(ask: Ask) -> list[Theme]:
    """The clusters of an ask's released answers that meet the release rule, most supported
    first; nothing below it. Clustered when read: an ask has few answers, and its page is for
    its programme's few overseers."""
    statements = list(
        ThemeStatement.objects.filter(ask=ask, state=STATE.RELEASED)
        .prefetch_related("consents")
        .order_by("id")
    )
    now = timezone.now()
    found = []
    for label, ranked in _cluster_rows(statements) if len(statements) > 1 else []:
        members = [statements[row] for row in ranked]
        sets = {s.group_id for s in members}
        people = {c.person_id for s in members for c in s.consents.all()}
        if not rule.released(sets=len(sets), people=len(people)):
            continue
        found.append((len(people), len(sets), label, members))
    found.sort(key=lambda f: (-f[0], -f[1], f[2]))
    return [
        Theme(
            id=str(number),
            label=label,
            statements=[s.text for s in members[:REPRESENTATIVES]],
            sets=rule.rounded(n_sets),
            people=rule.rounded(n_people),
            trend=_trend([s.created_at for s in members], now),
        )
        for number, (n_people, n_sets, label, members) in enumerate(found, start=1)
    ]


@dataclass(frozen=True)
class AskPage:
    ask: Ask
    themes: list[Theme]
    responses: list[ThemeResponse]
    min_sets: int
    min_people: int


def ask_page(*, actor: Actor, ask_id: int) -> AskPage:
    ask = access.ask_get_for_actor(actor=actor, ask_id=ask_id)
    responses = list(ask.responses.all())
    return AskPage(ask, ask_themes(ask), responses, rule.min_sets(), rule.min_people())


def programme_asks(*, actor: Actor, programme_id: int) -> list[Ask]:
    programme = access.ask_programme_get_for_actor(actor=actor, programme_id=programme_id)
    return list(Ask.objects.filter(programme=programme))


def programme_rounds(programme_id: int) -> list[ThemeRound]:
    return list(ThemeRound.objects.filter(programme_id=programme_id))


def responses_for_programme(programme) -> list[ThemeResponse]:
    """What the programme's sets see: responses within the programme, and those to the
    organisation's themes."""
    from django.db.models import Q

    return list(
        ThemeResponse.objects.filter(organisation_id=programme.organisation_id)
        .filter(Q(programme=programme) | Q(programme=None))
        .select_related("ask")
    )


@dataclass(frozen=True)
class RoundResults:
    """Counts and shares, only once the round has closed with MIN_VOTES votes or more; `shown`
    False: no numbers at all. While it is open only `so_far` is given, the votes rounded down
    to a multiple of 5: counts that moved with each vote would let anyone watching the page
    read off a single person's vote."""

    shown: bool
    so_far: int = 0
    total: int = 0
    agree: int = 0
    disagree: int = 0
    passed: int = 0

    def share(self, n: int) -> int:
        return round(100 * n / self.total) if self.total else 0

    @property
    def agree_share(self) -> int:
        return self.share(self.agree)

    @property
    def disagree_share(self) -> int:
        return self.share(self.disagree)

    @property
    def pass_share(self) -> int:
        return self.share(self.passed)


def round_results(theme_round: ThemeRound) -> RoundResults:
    choices = list(theme_round.votes.values_list("choice", flat=True))
    if theme_round.is_open:
        return RoundResults(shown=False, so_far=len(choices) // 5 * 5)
    if len(choices) < MIN_VOTES:
        return RoundResults(shown=False)
    return RoundResults(
        shown=True,
        total=len(choices),
        agree=choices.count(ThemeVote.Choice.AGREE),
        disagree=choices.count(ThemeVote.Choice.DISAGREE),
        passed=choices.count(ThemeVote.Choice.PASS),
    )


@dataclass(frozen=True)
class RoundPage:
    round: ThemeRound
    results: RoundResults
    can_vote: bool
    can_manage: bool
    my_vote: str  # the actor's own vote ("" if none): shown to them alone


def round_page(*, actor: Actor, round_id: int) -> RoundPage:
    theme_round = access.theme_round_get_for_actor(actor=actor, round_id=round_id)
    roles = access.programme_roles(actor, theme_round.programme)
    can_vote = "set-member" in roles
    mine = ""
    if can_vote:
        vote = theme_round.votes.filter(voter=voter_key(theme_round.pk, actor.person_id)).first()
        mine = vote.choice if vote is not None else ""
    can_manage = access.programme_manages(actor, theme_round.programme)
    return RoundPage(theme_round, round_results(theme_round), can_vote, can_manage, mine)


@dataclass(frozen=True)
class SetLoop:
    """What comes back to a set: its programme's open asks, the responses its sets see, and
    its programme's rounds."""

    asks: list[Ask]
    responses: list[ThemeResponse]
    rounds: list[ThemeRound]


def set_loop(*, actor: Actor, group_id: int) -> SetLoop:
    group = access.theme_set_get_for_actor(actor=actor, group_id=group_id)
    return set_loop_for_group(group)


def set_loop_for_group(group: Group) -> SetLoop:
    programme = group.round.programme
    asks = list(Ask.objects.filter(programme=programme, closed_at=None))
    rounds = list(ThemeRound.objects.filter(programme=programme, closed_at=None))
    return SetLoop(asks, responses_for_programme(programme), rounds)


@dataclass(frozen=True)
class ProgrammeLoop:
    """The programme's map page's loop section, for its overseers."""

    asks: list[Ask]
    rounds: list[ThemeRound]
    responses: list[ThemeResponse]
    can_open_rounds: bool


def programme_loop(*, actor: Actor, programme) -> ProgrammeLoop:
    return ProgrammeLoop(
        list(Ask.objects.filter(programme=programme)),
        programme_rounds(programme.pk),
        responses_for_programme(programme),
        access.programme_manages(actor, programme),
    )
