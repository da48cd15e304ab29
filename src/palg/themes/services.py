"""Theme statements: drafting, consent, release, withdrawal and the "ours is the same" link;
and recomputing the organisation's clusters. Every write goes through palg.access."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.people.models import Organisation
from palg.programmes.models import Attendance, Membership
from palg.themes import engine
from palg.themes.models import (
    TEXT_MAX,
    ThemeCluster,
    ThemeClusterStatement,
    ThemeConsent,
    ThemeStatement,
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
    *, actor: Actor, group_id: int, text: str, meeting_id: int | None = None
) -> ThemeStatement:
    """A member drafts a theme for the organisation on the set's page, or at a session's process
    review (`meeting_id`). Nothing leaves the set until every member who must has consented."""
    if meeting_id is not None:
        meeting = access.theme_meeting_get_for_actor(actor=actor, meeting_id=meeting_id, write=True)
        if meeting.group_id != group_id:
            raise Http404(access.MSG_NOT_FOUND)
    access.theme_set_get_for_actor(actor=actor, group_id=group_id, write=True)
    return ThemeStatement.objects.create(
        group_id=group_id, meeting_id=meeting_id, author_id=actor.person_id, text=clean_text(text)
    )


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
    rows = ThemeClusterStatement.objects.filter(
        cluster__organisation_id=organisation_id, statement__state=STATE.RELEASED
    ).values_list("cluster_id", "statement__text")
    clusters = sorted({cluster_id for cluster_id, _ in rows})
    number = {cluster_id: i for i, cluster_id in enumerate(clusters)}
    texts = [text for _, text in rows]
    found = engine.labels(texts, [number[cluster_id] for cluster_id, _ in rows])
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
        statements = list(
            ThemeStatement.objects.filter(
                group__round__programme__organisation_id=organisation_id, state=STATE.RELEASED
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


def _cluster_rows(statements: list[ThemeStatement]) -> list[tuple[str, list[int]]]:
    """(label, rows from the representative on, by likeness to it) per cluster."""
    texts = [s.text for s in statements]
    index = {s.pk: i for i, s in enumerate(statements)}
    confirmations = [
        (index[s.pk], index[s.same_as_id]) for s in statements if s.same_as_id in index
    ]
    assignment = engine.cluster(texts, confirmations)
    result = []
    for cid, (label, representative) in sorted(engine.labels(texts, assignment).items()):
        others = [r for r, c in enumerate(assignment) if c == cid and r != representative]
        order = [others[i] for i, _ in engine.similar(texts[representative],
                                                      [texts[r] for r in others])]  # fmt: skip
        ranked = [representative, *order, *(r for r in others if r not in order)]
        result.append((label, ranked))
    return result
