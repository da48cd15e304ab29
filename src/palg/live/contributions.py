"""The shared space of a case: members type questions (checked by the guardrail in question
phases) and notes or offers for the presenter.

The guardrail nudges, never blocks: advice, and advice dressed as a question, goes back to its
author alone with a short, kind explanation and an offer to rephrase, and the author may post it
anyway. Open and closed questions are labelled. The facilitator sees counts per member (open,
closed, advice-shaped), never the returned text.

The presenter owns the harvest: after the session only the presenter sees what was asked and
noted for them; returned drafts nobody posted are deleted when the session ends.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from palg import access
from palg.access import Actor
from palg.live import protocol, services
from palg.live.models import Contribution, LiveSession
from palg.people.models import Person
from palg.programmes.models import Membership

MSG_MEMBERS_ONLY = "Only members of the set contribute here."
MSG_NOT_NOW = "The shared space is open during a case's question and note phases."
MSG_EMPTY = "Type your question first."
MSG_TOO_LONG = "Keep it under {most} characters."
MSG_PRESENTER = "This is your own case: listen, and note what strikes you in your journal."
MSG_NOT_YOURS = "That is not one of your returned questions."
MAX_LENGTH = 1000


@dataclass(frozen=True)
class Nudge:
    """The guardrail's private word to an author."""

    contribution: Contribution
    explanation: str
    suggestion: str


def classify(text: str) -> tuple[str, str, str, str]:
    """(label, kind, cue, suggestion) from the offline guardrail (palg_guardrail)."""
    from palg_guardrail import classify as guardrail

    verdict = guardrail(text)
    cues = "; ".join(str(getattr(cue, "explanation", cue)) for cue in verdict.cues)
    return verdict.label, verdict.kind, cues[:300], verdict.suggestion or ""


def _open_step(actor: Actor, meeting_id: int) -> tuple[LiveSession, protocol.Step]:
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    session = LiveSession.objects.filter(meeting=meeting).first()
    if access.group_membership_role(actor, meeting.group) != Membership.Role.MEMBER:
        raise PermissionDenied(MSG_MEMBERS_ONLY)
    if session is None or session.status not in (LiveSession.Status.RUNNING,
                                                  LiveSession.Status.PAUSED):  # fmt: skip
        raise ValidationError(MSG_NOT_NOW)
    step = services.steps_of(session)[session.step]
    if step.presenter is None or step.phase.capture != protocol.Capture.HARVEST:
        raise ValidationError(MSG_NOT_NOW)
    if session.presenters[step.presenter] == actor.person_id:
        raise ValidationError(MSG_PRESENTER)
    return session, step


def _clean(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": MSG_EMPTY})
    if len(text) > MAX_LENGTH:
        raise ValidationError({"text": MSG_TOO_LONG.format(most=MAX_LENGTH)})
    return text


def _bump(session: LiveSession) -> None:
    LiveSession.objects.filter(pk=session.pk).update(version=F("version") + 1)


@transaction.atomic
def contribution_submit(
    *, actor: Actor, meeting_id: int, text: str, replaces: int | None = None
) -> Contribution | Nudge:
    """Post a question or note to the current case; in a question phase, advice-shaped input
    comes back as a Nudge (kept for its author only) instead of being posted. `replaces` is the
    author's returned draft that this rephrasing supersedes."""
    session, step = _open_step(actor, meeting_id)
    text = _clean(text)
    if replaces is not None:
        _own_returned(actor, session, replaces).delete()
    fields = {
        "session": session,
        "step": session.step,
        "phase": step.phase.key,
        "presenter_id": session.presenters[step.presenter],
        "author_id": actor.person_id,
        "text": text,
    }
    if not step.phase.takes_questions:
        contribution = Contribution.objects.create(
            **fields, verdict=Contribution.Verdict.NOTE, status=Contribution.Status.POSTED
        )
        _bump(session)
        return contribution
    label, kind, cue, suggestion = classify(text)
    if label == Contribution.Verdict.ADVICE:
        returned = Contribution.objects.create(
            **fields,
            verdict=label,
            kind=kind,
            cue=cue,
            suggestion=suggestion[:300],
            status=Contribution.Status.RETURNED,
        )
        return Nudge(returned, cue, suggestion)
    contribution = Contribution.objects.create(
        **fields, verdict=label, kind=kind, cue=cue, status=Contribution.Status.POSTED
    )
    _bump(session)
    return contribution


def _own_returned(actor: Actor, session: LiveSession, contribution_id: int) -> Contribution:
    draft = Contribution.objects.filter(
        pk=contribution_id,
        session=session,
        author_id=actor.person_id,
        status=Contribution.Status.RETURNED,
    ).first()
    if draft is None:
        raise ValidationError({"contribution": MSG_NOT_YOURS})
    return draft


@transaction.atomic
def contribution_post_anyway(*, actor: Actor, meeting_id: int, contribution_id: int):
    """The author keeps their wording: the returned question is posted as it was."""
    session, _ = _open_step(actor, meeting_id)
    draft = _own_returned(actor, session, contribution_id)
    draft.status, draft.posted_anyway = Contribution.Status.POSTED, True
    draft.save(update_fields=["status", "posted_anyway"])
    _bump(session)
    return draft


def close(session: LiveSession) -> None:
    """At the session's end: returned drafts nobody posted are deleted (they were their
    author's alone); posted contributions stay, for their presenter only."""
    session.contributions.filter(status=Contribution.Status.RETURNED).delete()


def harvest_delete(*, session_id: int, presenter_id: int) -> None:
    """The presenter deleted the journal entry that holds their harvest: what was asked and
    noted for them in the ended session goes too (after the end it was theirs alone to read),
    so it is readable nowhere (palg.journal.services.journal_entry_delete)."""
    Contribution.objects.filter(
        session_id=session_id, session__status=LiveSession.Status.ENDED, presenter_id=presenter_id
    ).delete()


# Reads ---------------------------------------------------------------------------------------


def shared(session: LiveSession, actor: Actor, presenter_id: int | None) -> list[Contribution]:
    """What this viewer sees of a case's shared space: while the session runs, the posted
    contributions (and their own returned drafts); after it, the presenter alone sees theirs."""
    qs = session.contributions.select_related("author").filter(presenter_id=presenter_id)
    if session.status == LiveSession.Status.ENDED:
        return harvest(session, actor) if presenter_id == actor.person_id else []
    mine = qs.filter(author_id=actor.person_id, status=Contribution.Status.RETURNED)
    return list(qs.filter(status=Contribution.Status.POSTED)) + list(mine)


def harvest(session: LiveSession, actor: Actor) -> list[Contribution]:
    """After the session: everything asked and noted for this presenter, theirs alone."""
    return list(
        session.contributions.select_related("author").filter(
            presenter_id=actor.person_id, status=Contribution.Status.POSTED
        )
    )


@dataclass(frozen=True)
class MemberCounts:
    person: Person
    open: int
    closed: int
    advice: int  # advice-shaped, posted or returned (the facilitator never sees their text)
    notes: int
    share: float  # of all questions asked this session: the airtime balance


def counts(session: LiveSession) -> list[MemberCounts]:
    """Per member: open and closed questions, advice-shaped input and notes, and each member's
    share of the questions (the airtime balance)."""
    tally: Counter = Counter()
    for author, verdict, kind in session.contributions.values_list("author_id", "verdict", "kind"):
        key = "advice" if verdict == "advice" else kind if verdict == "question" else verdict
        tally[(author, key)] += 1
    members = [m.person for m in session.meeting.group.memberships
               .filter(role=Membership.Role.MEMBER).select_related("person")]  # fmt: skip
    asked = {p.pk: tally[(p.pk, "open")] + tally[(p.pk, "closed")] for p in members}
    total = sum(asked.values()) or 1
    return [
        MemberCounts(
            person=p,
            open=tally[(p.pk, "open")],
            closed=tally[(p.pk, "closed")],
            advice=tally[(p.pk, "advice")],
            notes=tally[(p.pk, "note")],
            share=asked[p.pk] / total,
        )
        for p in sorted(members, key=lambda p: p.name)
    ]
