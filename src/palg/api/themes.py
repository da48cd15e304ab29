"""Themes for the organisation: a set's members draft, consent to, link and withdraw theme
statements (set content: the set's members and facilitator read them); the theme map gives
the released themes to leads, sponsors and admins under the release rule (palg.themes.rule):
nothing below it, no set named, counts rounded to 5."""

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status

from palg import access
from palg.access import Actor
from palg.api import guard
from palg.api.auth import actor_for
from palg.api.schemas import READ_RESTRICTED, WRITE, Id, InputSchema, Text, path_id
from palg.themes import selectors, services
from palg.themes.models import KEY_LENGTH
from palg.themes.selectors import Theme

router = Router(tags=["themes"])
SetId = path_id("The set's id.")
StatementId = path_id("The theme statement's id.")
ProgrammeId = path_id("The programme's id.")
State = Literal["draft", "released", "withdrawn"]
Kind = Literal["name", "set", "email", "phone", "title"]


class SpanOut(Schema):
    start: int
    end: int
    kind: Kind
    text: str
    reason: str


class SuggestionOut(Schema):
    theme_id: str
    label: str
    statement: str = Field(description="The released theme's representative statement.")
    score: float


class StatementOut(Schema):
    id: int
    set_id: int
    meeting_id: int | None
    text: str
    state: State
    created_at: datetime
    identifying: list[SpanOut] = Field(
        description="Details that may point to someone: a nudge to rewrite, not a block."
    )
    consented: list[str] = Field(description="Members who consented to this wording.")
    waiting_for: list[str] = Field(description="Members whose consent it still needs.")
    same_as_theme: str = Field(description="The released theme it counts toward, if any.")
    ask_id: int | None = Field(description="The ask it answers, if any.")
    suggestions: list[SuggestionOut] = Field(
        description="For a draft: the released themes it most resembles."
    )


class StatementIn(InputSchema):
    text: Text = Field(max_length=2000, description="One short sentence; at most 280 characters.")
    meeting_id: Id | None = Field(
        None, description="The session whose process review drafts it (its members present "
        "consent); leave out on the set's page (every member consents).",
    )  # fmt: skip
    ask_id: Id | None = Field(
        None, description="An open ask of the set's programme this statement answers; its "
        "answers are pooled on the ask's page under the release rule.",
    )  # fmt: skip


class StatementPatch(InputSchema):
    text: Text = Field(max_length=2000)


class LinkIn(InputSchema):
    theme_id: Text | None = Field(
        max_length=KEY_LENGTH,
        description="A released theme's id ('ours is the same'), or null to keep it new.",
    )


class ThemeOut(Schema):
    id: str = Field(description="Random: it says nothing about other themes.")
    label: str
    statements: list[str] = Field(description="Up to 3 representative consented statements.")
    sets: int = Field(description="Sets supporting it, rounded to the nearest 5.")
    people: int = Field(description="People supporting it, rounded to the nearest 5.")
    trend: Literal["rising", "steady", "fading"]


class ThemeMapOut(Schema):
    min_sets: int
    min_people: int
    themes: list[ThemeOut]


def _statements(actor: Actor, set_id: int) -> list[dict]:
    return [_out(view) for view in selectors.set_themes(actor=actor, group_id=set_id).statements]


def _out(view) -> dict:
    s = view.statement
    return {
        "id": s.pk, "set_id": s.group_id, "meeting_id": s.meeting_id, "text": s.text,
        "state": s.state, "created_at": s.created_at,
        "identifying": [span.__dict__ for span in view.spans],
        "consented": view.consented, "waiting_for": view.waiting_for,
        "same_as_theme": view.linked, "ask_id": s.ask_id,
        "suggestions": [suggestion.__dict__ for suggestion in view.suggestions],
    }  # fmt: skip


def _one(actor: Actor, statement) -> dict:
    views = selectors.set_themes(actor=actor, group_id=statement.group_id).statements
    view = next((v for v in views if v.statement.pk == statement.pk), None)
    if view is None:  # withdrawn: no longer listed
        return {"id": statement.pk, "set_id": statement.group_id,
                "meeting_id": statement.meeting_id, "text": statement.text,
                "state": statement.state, "created_at": statement.created_at,
                "identifying": [], "consented": [], "waiting_for": [], "same_as_theme": "",
                "ask_id": statement.ask_id,
                "suggestions": []}  # fmt: skip
    return _out(view)


def writes_set(actor: Actor, *, set_id: int, **_: int) -> None:
    access.theme_set_get_for_actor(actor=actor, group_id=set_id, write=True)


def writes_statement(actor: Actor, *, statement_id: int, **_: int) -> None:
    access.theme_statement_get_for_actor(actor=actor, statement_id=statement_id, write=True)


@router.get(
    "/sets/{set_id}/themes",
    response={200: list[StatementOut], **READ_RESTRICTED},
    operation_id="set_theme_list",
    summary="A set's theme statements",
)
def set_theme_list(request: HttpRequest, set_id: SetId):
    """The set's theme statements (not withdrawn), for its members and facilitator only."""
    return _statements(actor_for(request), set_id)


@router.post(
    "/sets/{set_id}/themes",
    response={201: StatementOut, **WRITE},
    operation_id="theme_statement_create",
    summary="Draft a theme for the organisation",
)
@guard.access_first(writes_set)
def theme_statement_create(request: HttpRequest, set_id: SetId, payload: StatementIn):
    """A member drafts a theme; it is released once every member who must has consented."""
    actor = actor_for(request)
    statement = services.statement_draft(actor=actor, group_id=set_id, **payload.model_dump())
    return Status(201, _one(actor, statement))


@router.patch(
    "/themes/statements/{statement_id}",
    response={200: StatementOut, **WRITE},
    operation_id="theme_statement_update",
    summary="Change a draft theme's wording",
)
@guard.access_first(writes_statement)
def theme_statement_update(request: HttpRequest, statement_id: StatementId,
                           payload: StatementPatch):  # fmt: skip
    """Everyone consented to the old wording, so consents start over."""
    actor = actor_for(request)
    statement = services.statement_edit(actor=actor, statement_id=statement_id, text=payload.text)
    return _one(actor, statement)


@router.post(
    "/themes/statements/{statement_id}/consent",
    response={200: StatementOut, **WRITE},
    operation_id="theme_statement_consent",
    summary="Consent to release a draft theme",
)
def theme_statement_consent(request: HttpRequest, statement_id: StatementId):
    """The last consent needed releases it."""
    actor = actor_for(request)
    return _one(actor, services.statement_consent(actor=actor, statement_id=statement_id))


@router.post(
    "/themes/statements/{statement_id}/withdraw",
    response={200: StatementOut, **WRITE},
    operation_id="theme_statement_withdraw",
    summary="Withdraw the set's theme",
)
def theme_statement_withdraw(request: HttpRequest, statement_id: StatementId):
    """It leaves every theme on the map at once."""
    actor = actor_for(request)
    return _one(actor, services.statement_withdraw(actor=actor, statement_id=statement_id))


@router.post(
    "/themes/statements/{statement_id}/same",
    response={200: StatementOut, **WRITE},
    operation_id="theme_statement_link",
    summary="Say a draft theme is the same as a released one, or keep it new",
)
@guard.access_first(writes_statement)
def theme_statement_link(request: HttpRequest, statement_id: StatementId, payload: LinkIn):
    actor = actor_for(request)
    statement = services.statement_link(
        actor=actor, statement_id=statement_id, theme_id=payload.theme_id
    )
    return _one(actor, statement)


def _map(theme_map) -> dict:
    return {"min_sets": theme_map.min_sets, "min_people": theme_map.min_people,
            "themes": [_theme(t) for t in theme_map.themes]}  # fmt: skip


def _theme(theme: Theme) -> dict:
    return {"id": theme.id, "label": theme.label, "statements": theme.statements,
            "sets": theme.sets, "people": theme.people, "trend": theme.trend}  # fmt: skip


@router.get(
    "/programmes/{programme_id}/themes",
    response={200: ThemeMapOut, **READ_RESTRICTED},
    operation_id="programme_theme_map",
    summary="A programme's theme map",
)
def programme_theme_map(request: HttpRequest, programme_id: ProgrammeId):
    """Released themes of the programme's sets, for its leads, sponsors and admins."""
    return _map(selectors.programme_theme_map(actor=actor_for(request), programme_id=programme_id))


@router.get(
    "/themes",
    response={200: ThemeMapOut, **READ_RESTRICTED},
    operation_id="theme_map",
    summary="The organisation's theme map",
)
def theme_map(request: HttpRequest):
    """Released themes of all the organisation's sets, for its admins and the leads and
    sponsors of its programmes."""
    return _map(selectors.organisation_theme_map(actor=actor_for(request)))


# The loop back: asks, responses and agree / disagree rounds ----------------------------------

AskId = path_id("The ask's id.")
ThemeKey = Annotated[str, Path(max_length=KEY_LENGTH, description="A released theme's id.")]
RoundId = path_id("The round's id.")
Choice = Literal["agree", "disagree", "pass"]


class ThemeAskIn(InputSchema):
    question: Text = Field(max_length=2000, description="At most 280 characters.")


class ThemeAskOut(Schema):
    id: int
    programme_id: int
    question: str
    open: bool
    created_at: datetime
    closed_at: datetime | None


class ThemeResponseIn(InputSchema):
    text: Text = Field(max_length=4000, description="What we are changing; at most 2000.")
    owner: Text = Field(max_length=2000, description="Who owns it; at most 200 characters.")


class ThemeResponseToThemeIn(ThemeResponseIn):
    theme_id: Text = Field(max_length=KEY_LENGTH, description="A released theme's id.")


class ThemeResponseOut(Schema):
    id: int
    programme_id: int | None = Field(description="None: to every set of the organisation.")
    ask_id: int | None
    theme_label: str
    theme_statement: str
    text: str
    owner: str
    created_at: datetime


class ThemeAskDetailOut(ThemeAskOut):
    min_sets: int
    min_people: int
    themes: list[ThemeOut] = Field(
        description="Clusters of the released answers that meet the release rule; nothing else."
    )
    responses: list[ThemeResponseOut]


class ThemeRoundIn(InputSchema):
    theme_id: Text = Field(max_length=KEY_LENGTH, description="A released theme's id.")


class ThemeVoteIn(InputSchema):
    choice: Choice


class ThemeRoundResultsOut(Schema):
    shown: bool = Field(
        description="True only once the round has closed with 10 or more votes; otherwise no "
        "numbers at all."
    )
    so_far: int | None = Field(
        description="While the round is open: the votes so far, rounded down to a multiple of 5."
    )
    total: int | None
    agree: int | None
    disagree: int | None
    passed: int | None


class ThemeRoundOut(Schema):
    id: int
    programme_id: int
    theme_label: str
    theme_statement: str
    open: bool
    opened_at: datetime
    closed_at: datetime | None
    results: ThemeRoundResultsOut
    my_vote: Choice | None = Field(description="Your own vote, shown to you alone.")


class SetThemeLoopOut(Schema):
    asks: list[ThemeAskOut]
    responses: list[ThemeResponseOut]
    rounds: list[int] = Field(description="Open rounds of the programme (their ids).")


def _ask(ask) -> dict:
    return {
        "id": ask.pk, "programme_id": ask.programme_id, "question": ask.question,
        "open": ask.is_open, "created_at": ask.created_at, "closed_at": ask.closed_at,
    }  # fmt: skip


def _response(r) -> dict:
    return {"id": r.pk, "programme_id": r.programme_id, "ask_id": r.ask_id,
            "theme_label": r.theme_label, "theme_statement": r.theme_statement, "text": r.text,
            "owner": r.owner, "created_at": r.created_at}  # fmt: skip


def _round(page) -> dict:
    r, results = page.round, page.results
    shown = results.shown
    return {
        "id": r.pk, "programme_id": r.programme_id, "theme_label": r.theme_label,
        "theme_statement": r.theme_statement, "open": r.is_open, "opened_at": r.opened_at,
        "closed_at": r.closed_at, "my_vote": page.my_vote or None,
        "results": {"shown": shown, "so_far": results.so_far if r.is_open else None,
                    "total": results.total if shown else None,
                    "agree": results.agree if shown else None,
                    "disagree": results.disagree if shown else None,
                    "passed": results.passed if shown else None},
    }  # fmt: skip


def asks_programme(actor: Actor, *, programme_id: int, **_: int) -> None:
    access.ask_programme_get_for_actor(actor=actor, programme_id=programme_id)


def asks_one(actor: Actor, *, ask_id: int, **_: int) -> None:
    access.ask_get_for_actor(actor=actor, ask_id=ask_id)


def responds_org(actor: Actor, *, theme_id: str, **_: int) -> None:
    """A reader of the organisation's map, and a theme on it: anything else is not found."""
    access.require_theme_map_reader(actor)
    services.released_theme(actor.organisation_id, theme_id, None)


def rounds_programme(actor: Actor, *, programme_id: int, **_: int) -> None:
    access.round_programme_get_for_actor(actor=actor, programme_id=programme_id)


def votes_round(actor: Actor, *, round_id: int, **_: int) -> None:
    access.theme_round_get_for_actor(actor=actor, round_id=round_id, vote=True)


@router.get(
    "/sets/{set_id}/themes/loop",
    response={200: SetThemeLoopOut, **READ_RESTRICTED},
    operation_id="set_theme_loop",
    summary="What comes back to a set: open asks, responses, open rounds",
)
def set_theme_loop(request: HttpRequest, set_id: SetId):
    """For the set's members and facilitator."""
    loop = selectors.set_loop(actor=actor_for(request), group_id=set_id)
    return {"asks": [_ask(a) for a in loop.asks],
            "responses": [_response(r) for r in loop.responses],
            "rounds": [r.pk for r in loop.rounds]}  # fmt: skip


@router.get(
    "/programmes/{programme_id}/asks",
    response={200: list[ThemeAskOut], **READ_RESTRICTED},
    operation_id="programme_ask_list",
    summary="A programme's asks of its sets",
)
def programme_ask_list(request: HttpRequest, programme_id: ProgrammeId):
    """For the programme's leads, sponsors and admins."""
    asks = selectors.programme_asks(actor=actor_for(request), programme_id=programme_id)
    return [_ask(a) for a in asks]


@router.post(
    "/programmes/{programme_id}/asks",
    response={201: ThemeAskOut, **WRITE},
    operation_id="ask_create",
    summary="Ask every set of a programme a question",
)
@guard.access_first(asks_programme)
def ask_create(request: HttpRequest, programme_id: ProgrammeId, payload: ThemeAskIn):
    ask = services.ask_create(actor=actor_for(request), programme_id=programme_id,
                              question=payload.question)  # fmt: skip
    return Status(201, _ask(ask))


@router.get(
    "/themes/asks/{ask_id}",
    response={200: ThemeAskDetailOut, **READ_RESTRICTED},
    operation_id="ask_detail",
    summary="An ask, with the clusters of its answers over the release rule",
)
def ask_detail(request: HttpRequest, ask_id: AskId):
    page = selectors.ask_page(actor=actor_for(request), ask_id=ask_id)
    return {**_ask(page.ask), "min_sets": page.min_sets, "min_people": page.min_people,
            "themes": [_theme(t) for t in page.themes],
            "responses": [_response(r) for r in page.responses]}  # fmt: skip


@router.post(
    "/themes/asks/{ask_id}/close",
    response={200: ThemeAskOut, **WRITE},
    operation_id="ask_close",
    summary="Close an ask: it takes no more answers",
)
def ask_close(request: HttpRequest, ask_id: AskId):
    return _ask(services.ask_close(actor=actor_for(request), ask_id=ask_id))


@router.post(
    "/themes/asks/{ask_id}/responses",
    response={201: ThemeResponseOut, **WRITE},
    operation_id="ask_respond",
    summary="Respond to an ask: what we are changing, and who owns it",
)
@guard.access_first(asks_one)
def ask_respond(request: HttpRequest, ask_id: AskId, payload: ThemeResponseIn):
    response = services.response_to_ask(actor=actor_for(request), ask_id=ask_id,
                                        text=payload.text, owner=payload.owner)  # fmt: skip
    return Status(201, _response(response))


@router.post(
    "/programmes/{programme_id}/themes/responses",
    response={201: ThemeResponseOut, **WRITE},
    operation_id="programme_theme_respond",
    summary="Respond to a released theme of the programme: its sets see it",
)
@guard.access_first(asks_programme)
def programme_theme_respond(request: HttpRequest, programme_id: ProgrammeId,
                            payload: ThemeResponseToThemeIn):  # fmt: skip
    """404 for a theme not on the programme's map (below the rule, or no such theme)."""
    response = services.response_to_theme(
        actor=actor_for(request), programme_id=programme_id, theme_id=payload.theme_id,
        text=payload.text, owner=payload.owner,
    )  # fmt: skip
    return Status(201, _response(response))


@router.post(
    "/themes/{theme_id}/responses",
    response={201: ThemeResponseOut, **WRITE},
    operation_id="theme_respond",
    summary="Respond to a released theme of the organisation: every set sees it",
)
@guard.access_first(responds_org)
def theme_respond(request: HttpRequest, theme_id: ThemeKey, payload: ThemeResponseIn):
    """404 for a theme not on the organisation's map (below the rule, or no such theme)."""
    response = services.response_to_theme(actor=actor_for(request), theme_id=theme_id,
                                          text=payload.text, owner=payload.owner)  # fmt: skip
    return Status(201, _response(response))


@router.post(
    "/programmes/{programme_id}/themes/rounds",
    response={201: ThemeRoundOut, **WRITE},
    operation_id="round_open",
    summary="Open an anonymous agree / disagree round on a released theme",
)
@guard.access_first(rounds_programme)
def round_open(request: HttpRequest, programme_id: ProgrammeId, payload: ThemeRoundIn):
    actor = actor_for(request)
    theme_round = services.round_open(actor=actor, programme_id=programme_id,
                                      theme_id=payload.theme_id)  # fmt: skip
    return Status(201, _round(selectors.round_page(actor=actor, round_id=theme_round.pk)))


@router.get(
    "/themes/rounds/{round_id}",
    response={200: ThemeRoundOut, **READ_RESTRICTED},
    operation_id="round_detail",
    summary="A round and its results (once it has closed, with 10 votes or more)",
)
def round_detail(request: HttpRequest, round_id: RoundId):
    return _round(selectors.round_page(actor=actor_for(request), round_id=round_id))


@router.put(
    "/themes/rounds/{round_id}/vote",
    response={200: ThemeRoundOut, **WRITE},
    operation_id="round_vote",
    summary="Vote agree, disagree or pass (anonymous; changeable until the round closes)",
)
@guard.access_first(votes_round)
def round_vote(request: HttpRequest, round_id: RoundId, payload: ThemeVoteIn):
    actor = actor_for(request)
    services.round_vote(actor=actor, round_id=round_id, choice=payload.choice)
    return _round(selectors.round_page(actor=actor, round_id=round_id))


@router.post(
    "/themes/rounds/{round_id}/close",
    response={200: ThemeRoundOut, **WRITE},
    operation_id="round_close",
    summary="Close a round",
)
def round_close(request: HttpRequest, round_id: RoundId):
    actor = actor_for(request)
    services.round_close(actor=actor, round_id=round_id)
    return _round(selectors.round_page(actor=actor, round_id=round_id))
