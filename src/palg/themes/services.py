"""Theme statements: drafting, consent, release, withdrawal and the "ours is the same" link;
and recomputing the organisation's clusters. Every write goes through palg.access."""

from __future__ import annotations

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import salted_hmac

from palg import access
from palg.access import Actor
from palg.people.models import Organisation
from palg.programmes.models import Attendance, Membership
from palg.themes import engine
from palg.themes.models import (
    OWNER_MAX,
    RESPONSE_MAX,
    TEXT_MAX,
    Ask,
    ThemeCluster,
    ThemeClusterStatement,
    ThemeConsent,
    ThemeResponse,
    ThemeRound,
    ThemeStatement,
    ThemeVote,
)

MSG_TEXT_REQUIRED = "Write the theme: one short sentence about a pattern in the organisation."
MSG_TEXT_TOO_LONG = f"Keep a theme to {TEXT_MAX} characters or fewer: a pattern, not a story."
MSG_NOT_DRAFT = "This theme has already been released or withdrawn: it can no longer change."
MSG_ALREADY_WITHDRAWN = "This theme has already been withdrawn."
MSG_NOT_CONSENTER = (
    "Only the members present when the theme was drafted (or, drafted on the set's page, every "
    "member of the set then) consent to it."
)
MSG_ALREADY_CONSENTED = "You have already consented to this theme as it now reads."
MSG_THEME_GONE = "That theme is no longer on the map: choose again, or keep yours new."
MSG_ASK_NOT_OURS = "Choose one of the open asks of your set's programme, or none."
MSG_ASK_CLOSED = "This ask is closed: it takes no more answers."
MSG_ASK_ALREADY_CLOSED = "This ask is already closed."
MSG_QUESTION_REQUIRED = "Write the question you ask the sets."
MSG_QUESTION_TOO_LONG = f"Keep a question to {TEXT_MAX} characters or fewer."
MSG_RESPONSE_REQUIRED = "Write what you are changing."
MSG_RESPONSE_TOO_LONG = f"Keep a response to {RESPONSE_MAX} characters or fewer."
MSG_OWNER_REQUIRED = "Say who owns the change: a person or a team."
MSG_OWNER_TOO_LONG = f"Keep who owns it to {OWNER_MAX} characters or fewer."
MSG_ROUND_OPEN_ALREADY = "A round on this theme is already open in this programme."
MSG_ROUND_CLOSED = "This round is closed: its votes can no longer change."
MSG_ROUND_ALREADY_CLOSED = "This round is already closed."
MSG_CHOICE = "Choose agree, disagree or pass."

STATE = ThemeStatement.State


def clean_text(text: str | None) -> str:
    """The statement's text, trimmed and with runs of spaces folded; errors as constants."""
    value = " ".join((text or "").split())
    if not value:
        raise ValidationError({"text": MSG_TEXT_REQUIRED})
    if len(value) > TEXT_MAX:
        raise ValidationError({"text": MSG_TEXT_TOO_LONG})
    return value


def required_consenters(statement: ThemeStatement) -> set[int]:
    """Who must consent before the statement is released: at a meeting, the set's members
    marked present (all its members if nobody was marked); on the set's page, every member of
    the set when it was written. Always its author, and only people still in the set."""
    members = Membership.objects.filter(
        group_id=statement.group_id,
        role=Membership.Role.MEMBER,
        joined_at__lte=statement.created_at,
    ).values_list("person_id", flat=True)
    required = set(members)
    if statement.meeting_id is not None:
        present = set(
            Attendance.objects.filter(
                meeting_id=statement.meeting_id, status=Attendance.Status.PRESENT
            ).values_list("person_id", flat=True)
        )
        if present & required:
            required &= present
    current = set(
        Membership.objects.filter(
            group_id=statement.group_id, role=Membership.Role.MEMBER
        ).values_list("person_id", flat=True)
    )
    if statement.author_id is not None:
        required.add(statement.author_id)
    return required & current


def _organisation_id(statement: ThemeStatement) -> int:
    return statement.group.round.programme.organisation_id


def _recluster_later(organisation_id: int) -> None:
    from palg.themes.tasks import recluster

    recluster.enqueue(organisation_id)


@transaction.atomic
def statement_draft(
    *,
    actor: Actor,
    group_id: int,
    text: str,
    meeting_id: int | None = None,
    ask_id: int | None = None,
) -> ThemeStatement:
    """A member drafts a theme for the organisation on the set's page, or at a session's process
    review (`meeting_id`), possibly as an answer to an open ask of the set's programme
    (`ask_id`). Nothing leaves the set until every member who must has consented."""
    if meeting_id is not None:
        meeting = access.theme_meeting_get_for_actor(actor=actor, meeting_id=meeting_id, write=True)
        if meeting.group_id != group_id:
            raise Http404(access.MSG_NOT_FOUND)
    group = access.theme_set_get_for_actor(actor=actor, group_id=group_id, write=True)
    value = clean_text(text)
    if ask_id is not None:
        ask = Ask.objects.filter(pk=ask_id, programme_id=group.round.programme_id).first()
        if ask is None:
            raise ValidationError({"ask": MSG_ASK_NOT_OURS})
        if not ask.is_open:
            raise ValidationError({"ask": MSG_ASK_CLOSED})
    return ThemeStatement.objects.create(group_id=group_id, meeting_id=meeting_id, ask_id=ask_id,
                                         author_id=actor.person_id, text=value)  # fmt: skip


def _draft_for_write(actor: Actor, statement_id: int) -> ThemeStatement:
    statement = access.theme_statement_get_for_actor(
        actor=actor, statement_id=statement_id, write=True
    )
    if not statement.is_draft:
        raise ValidationError(MSG_NOT_DRAFT)
    return statement


@transaction.atomic
def statement_edit(*, actor: Actor, statement_id: int, text: str) -> ThemeStatement:
    """Change a draft's wording. Everyone consented to the old wording, so consents start over."""
    statement = _draft_for_write(actor, statement_id)
    value = clean_text(text)
    if value != statement.text:
        statement.text = value
        statement.save(update_fields=["text", "updated_at"])
        statement.consents.all().delete()
    return statement


@transaction.atomic
def statement_consent(*, actor: Actor, statement_id: int) -> ThemeStatement:
    """A member consents to release the draft as it reads; the last consent releases it."""
    statement = _draft_for_write(actor, statement_id)
    required = required_consenters(statement)
    if actor.person_id not in required:
        raise PermissionDenied(MSG_NOT_CONSENTER)
    _, created = ThemeConsent.objects.get_or_create(statement=statement, person_id=actor.person_id)
    if not created:
        raise ValidationError(MSG_ALREADY_CONSENTED)
    consented = set(statement.consents.values_list("person_id", flat=True))
    if required <= consented:
        statement.state = STATE.RELEASED
        statement.released_at = timezone.now()
        statement.save(update_fields=["state", "released_at", "updated_at"])
        _recluster_later(_organisation_id(statement))
    return statement


@transaction.atomic
def statement_withdraw(*, actor: Actor, statement_id: int) -> ThemeStatement:
    """Any member takes their set's theme back, draft or released. It leaves every cluster at
    once (and the map filters withdrawn statements out anyway); the clusters are recomputed."""
    statement = access.theme_statement_get_for_actor(
        actor=actor, statement_id=statement_id, write=True
    )
    if statement.state == STATE.WITHDRAWN:
        raise ValidationError(MSG_ALREADY_WITHDRAWN)
    was_released = statement.state == STATE.RELEASED
    statement.state = STATE.WITHDRAWN
    statement.withdrawn_at = timezone.now()
    statement.save(update_fields=["state", "withdrawn_at", "updated_at"])
    ThemeClusterStatement.objects.filter(statement=statement).delete()
    if was_released:
        organisation_id = _organisation_id(statement)
        themes_relabel(organisation_id=organisation_id)
        _recluster_later(organisation_id)
    return statement


def themes_relabel(*, organisation_id: int) -> None:
    """Label the clusters again from the statements they still hold, without re-clustering: a
    withdrawn statement's words must leave the labels at once, not when the task has run."""
    rows = list(
        ThemeClusterStatement.objects.filter(
            cluster__organisation_id=organisation_id, statement__state=STATE.RELEASED
        ).select_related("statement")
    )
    clusters = sorted({row.cluster_id for row in rows})
    number = {cluster_id: i for i, cluster_id in enumerate(clusters)}
    statements = [row.statement for row in rows]
    texts = [s.text for s in statements]
    assignment = [number[row.cluster_id] for row in rows]
    found = engine.labels(texts, assignment, statement_vectors(statements))
    for cluster_id in clusters:
        label = found.get(number[cluster_id], ("", 0))[0]
        ThemeCluster.objects.filter(pk=cluster_id).update(label=label[:200])


@transaction.atomic
def statement_link(*, actor: Actor, statement_id: int, theme_id: str | None) -> ThemeStatement:
    """ "Ours is the same" as a released theme (`theme_id`), or None: keep it new. The link is a
    confirmation the clustering must respect; consents start over, as for an edit."""
    from palg.themes.selectors import released_theme_anchor

    statement = _draft_for_write(actor, statement_id)
    anchor_id = None
    if theme_id is not None:
        anchor_id = released_theme_anchor(organisation_id=actor.organisation_id, theme_id=theme_id)
        if anchor_id is None:
            raise ValidationError({"theme_id": MSG_THEME_GONE})
    if anchor_id != statement.same_as_id:
        statement.same_as_id = anchor_id
        statement.save(update_fields=["same_as", "updated_at"])
        statement.consents.all().delete()
    return statement


def themes_recluster(*, organisation_id: int) -> int:
    """Recompute the organisation's clusters from its released statements; how many clusters.
    Idempotent; runs as a task after each release or withdrawal, and from the command line."""
    with transaction.atomic():
        # One recomputation at a time per organisation, so two never interleave their rows.
        Organisation.objects.select_for_update().filter(pk=organisation_id).first()
        # Answers to asks are pooled on their ask's page only, never on the theme map.
        statements = list(
            ThemeStatement.objects.filter(
                group__round__programme__organisation_id=organisation_id,
                state=STATE.RELEASED,
                ask=None,
            ).order_by("id")
        )
        rows = _cluster_rows(statements)
        ThemeCluster.objects.filter(organisation_id=organisation_id).delete()
        now = timezone.now()
        for label, ranked in rows:
            theme = ThemeCluster.objects.create(
                organisation_id=organisation_id, label=label[:200], computed_at=now
            )
            ThemeClusterStatement.objects.bulk_create(
                ThemeClusterStatement(cluster=theme, statement=statements[row], rank=rank)
                for rank, row in enumerate(ranked)
            )
    return len(rows)


def statement_vectors(statements: list[ThemeStatement]) -> np.ndarray:
    """The statements' embeddings: those stored, and the others made now and stored, so that a
    statement is embedded once however often its organisation is re-clustered."""
    missing = [s for s in statements if s.vector is None]
    if missing:
        for statement, vector in zip(missing, engine.embed([s.text for s in missing]), strict=True):
            statement.vector = vector.astype(np.float32).tobytes()
        ThemeStatement.objects.bulk_update(missing, ["vector"], batch_size=500)
    if not statements:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([np.frombuffer(bytes(s.vector), dtype=np.float32) for s in statements])


def _cluster_rows(statements: list[ThemeStatement]) -> list[tuple[str, list[int]]]:
    """(label, rows from the representative on, by likeness to it) per cluster."""
    texts = [s.text for s in statements]
    vectors = statement_vectors(statements)
    index = {s.pk: i for i, s in enumerate(statements)}
    confirmations = [
        (index[s.pk], index[s.same_as_id]) for s in statements if s.same_as_id in index
    ]
    assignment = engine.cluster(texts, confirmations, vectors)
    result = []
    for cid, (label, representative) in sorted(engine.labels(texts, assignment, vectors).items()):
        others = [r for r, c in enumerate(assignment) if c == cid and r != representative]
        # Most like the representative first (cosine of unit vectors; ties by row).
        likeness = vectors[others] @ vectors[representative] if others else []
        order = sorted(range(len(others)), key=lambda i: (-round(float(likeness[i]), 6), i))
        result.append((label, [representative, *(others[i] for i in order)]))
    return result


# The loop back: asks, responses, agree / disagree rounds ------------------------------------


def _clean(value: str | None, *, field: str, limit: int, required: str, too_long: str) -> str:
    text = " ".join((value or "").split()) if field != "text" else (value or "").strip()
    if not text:
        raise ValidationError({field: required})
    if len(text) > limit:
        raise ValidationError({field: too_long})
    return text


@transaction.atomic
def ask_create(*, actor: Actor, programme_id: int, question: str) -> Ask:
    """A sponsor, lead or admin asks every set of the programme a question."""
    programme = access.ask_programme_get_for_actor(actor=actor, programme_id=programme_id)
    value = _clean(question, field="question", limit=TEXT_MAX, required=MSG_QUESTION_REQUIRED,
                   too_long=MSG_QUESTION_TOO_LONG)  # fmt: skip
    return Ask.objects.create(programme=programme, author_id=actor.person_id, question=value)


@transaction.atomic
def ask_close(*, actor: Actor, ask_id: int) -> Ask:
    """No more answers; those released stay pooled on the ask's page."""
    ask = access.ask_get_for_actor(actor=actor, ask_id=ask_id)
    if not ask.is_open:
        raise ValidationError(MSG_ASK_ALREADY_CLOSED)
    ask.closed_at = timezone.now()
    ask.save(update_fields=["closed_at"])
    return ask


def _response_fields(text: str | None, owner: str | None) -> tuple[str, str]:
    body = _clean(text, field="text", limit=RESPONSE_MAX, required=MSG_RESPONSE_REQUIRED,
                  too_long=MSG_RESPONSE_TOO_LONG)  # fmt: skip
    who = _clean(owner, field="owner", limit=OWNER_MAX, required=MSG_OWNER_REQUIRED,
                 too_long=MSG_OWNER_TOO_LONG)  # fmt: skip
    return body, who


def released_theme(organisation_id: int, theme_id: str | None, programme_id: int | None):
    """The released theme the actor sees (on the programme's map, or the organisation's); 404
    for any other id, a theme below the rule included: it does not exist for them."""
    from palg.themes.selectors import released_themes

    themes = released_themes(organisation_id=organisation_id, programme_id=programme_id)
    theme = next((t for t in themes if t.id == theme_id), None) if theme_id else None
    if theme is None:
        raise Http404(access.MSG_NOT_FOUND)
    return theme


@transaction.atomic
def response_to_theme(
    *, actor: Actor, theme_id: str, text: str, owner: str, programme_id: int | None = None
) -> ThemeResponse:
    """What the responder is changing about a released theme, and who owns it. With a
    programme: a theme of its map, seen by its sets; without: a theme of the organisation's
    map, seen by every set of the organisation."""
    if programme_id is not None:
        programme = access.ask_programme_get_for_actor(actor=actor, programme_id=programme_id)
        organisation_id = programme.organisation_id
    else:
        access.require_theme_map_reader(actor)
        organisation_id = actor.organisation_id
    theme = released_theme(organisation_id, theme_id, programme_id)
    body, who = _response_fields(text, owner)
    return ThemeResponse.objects.create(
        organisation_id=organisation_id, programme_id=programme_id, author_id=actor.person_id,
        theme_label=theme.label[:200], theme_statement=theme.statements[0] if theme.statements
        else "", text=body, owner=who,
    )  # fmt: skip


@transaction.atomic
def response_to_ask(*, actor: Actor, ask_id: int, text: str, owner: str) -> ThemeResponse:
    """What the asker is changing in answer to what the sets said; every set of its programme
    sees it."""
    ask = access.ask_get_for_actor(actor=actor, ask_id=ask_id)
    body, who = _response_fields(text, owner)
    return ThemeResponse.objects.create(
        organisation_id=ask.programme.organisation_id, programme_id=ask.programme_id, ask=ask,
        author_id=actor.person_id, text=body, owner=who,
    )  # fmt: skip


@transaction.atomic
def round_open(*, actor: Actor, programme_id: int, theme_id: str) -> ThemeRound:
    """A lead opens a programme-wide anonymous round on a released theme of the organisation."""
    programme = access.round_programme_get_for_actor(actor=actor, programme_id=programme_id)
    theme = released_theme(programme.organisation_id, theme_id, None)
    statement = theme.statements[0] if theme.statements else ""
    if ThemeRound.objects.filter(programme=programme, theme_label=theme.label[:200],
                                 theme_statement=statement, closed_at=None).exists():  # fmt: skip
        raise ValidationError(MSG_ROUND_OPEN_ALREADY)
    return ThemeRound.objects.create(programme=programme, theme_label=theme.label[:200],
                                     theme_statement=statement,
                                     opened_by_id=actor.person_id)  # fmt: skip


def voter_key(round_id: int, person_id: int) -> str:
    """Who voted, kept only as a keyed hash: enough for one vote each, and for the voter to see
    and change their own, never a name anyone (the database's reader included) reads back."""
    return salted_hmac(
        "palg.themes.vote", f"{round_id}:{person_id}", algorithm="sha256"
    ).hexdigest()


@transaction.atomic
def round_vote(*, actor: Actor, round_id: int, choice: str) -> ThemeRound:
    """Agree, disagree or pass: one vote each, changeable until the round closes."""
    theme_round = access.theme_round_get_for_actor(actor=actor, round_id=round_id, vote=True)
    if choice not in ThemeVote.Choice.values:
        raise ValidationError({"choice": MSG_CHOICE})
    if not theme_round.is_open:
        raise ValidationError(MSG_ROUND_CLOSED)
    ThemeVote.objects.update_or_create(
        round=theme_round,
        voter=voter_key(theme_round.pk, actor.person_id),
        defaults={"choice": choice},
    )
    return theme_round


@transaction.atomic
def round_close(*, actor: Actor, round_id: int) -> ThemeRound:
    theme_round = access.theme_round_get_for_actor(actor=actor, round_id=round_id, manage=True)
    if not theme_round.is_open:
        raise ValidationError(MSG_ROUND_ALREADY_CLOSED)
    theme_round.closed_at = timezone.now()
    theme_round.save(update_fields=["closed_at"])
    return theme_round
