"""Themes for the organisation: a set's members draft, consent to, link and withdraw theme
statements (set content: the set's members and facilitator read them); the theme map gives
the released themes to leads, sponsors and admins under the release rule (palg.themes.rule):
nothing below it, no set named, counts rounded to 5."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

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
    suggestions: list[SuggestionOut] = Field(
        description="For a draft: the released themes it most resembles."
    )


class StatementIn(InputSchema):
    text: Text = Field(max_length=2000, description="One short sentence; at most 280 characters.")
    meeting_id: Id | None = Field(
        None, description="The session whose process review drafts it (its members present "
        "consent); leave out on the set's page (every member consents).",
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
        "same_as_theme": view.linked,
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
