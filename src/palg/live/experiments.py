"""Experiment cards: commitments made in a live session, and the report-back on them.

In their commitment phase the presenter records what they will try as one or more experiment
cards (what I will try, what I expect, the signal I will watch, by when; why and who I might
involve if they like). At a later meeting of the same set, the report-back phase walks each
present member's open cards; the owner records what they did, what happened, what they learned
and what next, and may change the card's status. Every report and status change is a dated
entry, so a card keeps its whole history.

Cards are set content: the set's members and facilitator see them, nobody else (palg.access);
only a card's owner writes on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.live import protocol, services
from palg.live.models import CardEntry, ExperimentCard, LiveSession, Presence
from palg.people.models import Person
from palg.programmes.models import Attendance, Group, Meeting, Membership

MSG_PRESENTER_WRITES = "Only the presenter records their own experiment cards."
MSG_NOT_COMMITMENT = "Experiment cards are recorded by the presenter in their commitment phase."
MSG_OWNER_ONLY = "Only the card's owner reports on it."
MSG_NOT_REPORT_BACK = "Cards are reported on in the report-back phase of a running session."
MSG_MADE_TODAY = "This card was made at this meeting: report on it at the next one."
MSG_REQUIRED = "Fill this in."
MSG_TOO_LONG = "Keep it under {most} characters."
MSG_DUE_PAST = "Choose today or a later date."
MSG_DUE_FAR = "Choose a date within two years."
MSG_BAD_STATUS = "Choose planned, in progress, done or dropped."
MSG_EMPTY_REPORT = (
    "Say what you did, what happened, what you learned or what next, or change the status."
)
MSG_OWN_SET = "Write experiment cards for a set you are a member of."
MSG_OWNER_WRITES = "Only the card's owner changes it or adds observations."
MSG_SAME_STATUS = "The card is already {status}."
MSG_NOTICED_AHEAD = "Choose today or an earlier date."
MSG_NOTICED_BEFORE = "Choose a date from the day the card was made ({made}) onwards."
MAX_DAYS_AHEAD = 2 * 365
REPORT_FIELDS = ("did", "happened", "learned", "next")
CARD_REQUIRED = ("action", "expectation", "signal")


def _live_session(meeting: Meeting) -> LiveSession | None:
    session = LiveSession.objects.filter(meeting=meeting).first()
    live = (LiveSession.Status.RUNNING, LiveSession.Status.PAUSED)
    return session if session is not None and session.status in live else None


def current_step(session: LiveSession | None) -> protocol.Step | None:
    if session is None or session.status in (LiveSession.Status.READY, LiveSession.Status.ENDED):
        return None
    steps = services.steps_of(session)
    return steps[min(session.step, len(steps) - 1)] if steps else None


def committing(session: LiveSession | None) -> int | None:
    """The person id of the presenter whose commitment phase the session is in, if it is."""
    step = current_step(session)
    if step is None or step.presenter is None or step.phase.capture != protocol.Capture.CARD:
        return None
    return session.presenters[step.presenter]


def reporting_back(session: LiveSession | None) -> bool:
    """Whether the session is in its report-back phase (the check-in, in templates without one)."""
    step = current_step(session)
    return step is not None and protocol.reports_back(services.template_of(session), step.phase)


def _bump(session: LiveSession) -> None:
    LiveSession.objects.filter(pk=session.pk).update(version=F("version") + 1)


def _text(errors: dict, name: str, value: str, most: int, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[name] = MSG_REQUIRED
    elif len(value) > most:
        errors[name] = MSG_TOO_LONG.format(most=most)
    return value


def _max(field: str, model=ExperimentCard) -> int:
    return model._meta.get_field(field).max_length


def _due(errors: dict, due: date | None) -> date | None:
    if due is None:
        errors["due"] = MSG_REQUIRED
    elif due < timezone.localdate():
        errors["due"] = MSG_DUE_PAST
    elif due > timezone.localdate() + timedelta(days=MAX_DAYS_AHEAD):
        errors["due"] = MSG_DUE_FAR
    return due


def _card_fields(**values) -> dict:
    """A card's fields, trimmed; ValidationError naming each field that is missing or wrong."""
    errors: dict[str, str] = {}
    fields = {
        name: _due(errors, values[name]) if name == "due"
        else _text(errors, name, values[name], _max(name), required=name in CARD_REQUIRED)
        for name in ("action", "expectation", "signal", "due", "why", "involve")
    }  # fmt: skip
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def card_record(
    *,
    actor: Actor,
    meeting_id: int,
    action: str,
    expectation: str,
    signal: str,
    due: date | None,
    why: str = "",
    involve: str = "",
) -> ExperimentCard:
    """The presenter records an experiment card in their own commitment phase."""
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    if access.group_membership_role(actor, meeting.group) != Membership.Role.MEMBER:
        raise PermissionDenied(MSG_PRESENTER_WRITES)
    session = _live_session(meeting)
    if committing(session) != actor.person_id:
        raise ValidationError(MSG_NOT_COMMITMENT)
    fields = _card_fields(action=action, expectation=expectation, signal=signal, due=due,
                          why=why, involve=involve)  # fmt: skip
    card = ExperimentCard.objects.create(
        owner_id=actor.person_id,
        group=meeting.group,
        programme=meeting.group.round.programme,
        meeting=meeting,
        **fields,
    )
    _bump(session)
    return card


def _card_in_set(actor: Actor, meeting: Meeting, card_id: int) -> ExperimentCard:
    card = access.card_get_for_actor(actor=actor, card_id=card_id)
    if card.group_id != meeting.group_id:
        raise Http404(access.MSG_NOT_FOUND)
    return card


@transaction.atomic
def card_report(
    *,
    actor: Actor,
    meeting_id: int,
    card_id: int,
    did: str = "",
    happened: str = "",
    learned: str = "",
    next: str = "",
    status: str | None = None,
) -> CardEntry:
    """The owner reports back on a card from an earlier meeting (did, happened, learned, next)
    and may change its status; the entry is added to the card's history."""
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    card = _card_in_set(actor, meeting, card_id)
    if card.owner_id != actor.person_id:
        raise PermissionDenied(MSG_OWNER_ONLY)
    session = _live_session(meeting)
    if not reporting_back(session):
        raise ValidationError(MSG_NOT_REPORT_BACK)
    if card.meeting_id == meeting.pk:
        raise ValidationError(MSG_MADE_TODAY)
    errors: dict[str, str] = {}
    texts = {
        name: _text(errors, name, value, _max(name, CardEntry), required=False)
        for name, value in zip(REPORT_FIELDS, (did, happened, learned, next), strict=True)
    }
    after = card.status if status in (None, "") else status
    if after not in ExperimentCard.Status.values:
        errors["status"] = MSG_BAD_STATUS
    elif not errors and not any(texts.values()) and after == card.status:
        errors["__all__"] = MSG_EMPTY_REPORT
    if errors:
        raise ValidationError(errors)
    kind = CardEntry.Kind.REPORT if any(texts.values()) else CardEntry.Kind.STATUS
    entry = CardEntry.objects.create(
        card=card, kind=kind, meeting=meeting, status_before=card.status, status_after=after,
        **texts,
    )  # fmt: skip
    if after != card.status:
        card.status = after
        card.save(update_fields=["status", "updated_at"])
    _bump(session)
    return entry


# Between meetings ----------------------------------------------------------------------------


def _bump_live(group_id: int) -> None:
    """Let a running session of the set redraw its panel (a report-back shows the change)."""
    live = (LiveSession.Status.RUNNING, LiveSession.Status.PAUSED)
    LiveSession.objects.filter(meeting__group_id=group_id, status__in=live).update(
        version=F("version") + 1
    )


def card_get_to_write(*, actor: Actor, card_id: int) -> ExperimentCard:
    """A card its owner may change: 404 for anyone outside its set, 403 for its set's others."""
    card = access.card_get_for_actor(actor=actor, card_id=card_id)
    if card.owner_id != actor.person_id:
        raise PermissionDenied(MSG_OWNER_WRITES)
    return card


def _locked(card: ExperimentCard) -> ExperimentCard:
    return ExperimentCard.objects.select_for_update().get(pk=card.pk)


@transaction.atomic
def card_create(
    *,
    actor: Actor,
    group_id: int,
    action: str,
    expectation: str,
    signal: str,
    due: date | None,
    why: str = "",
    involve: str = "",
) -> ExperimentCard:
    """A member writes an experiment card between meetings, for one of their own sets; it comes
    back at that set's next report-back like a card made in a session."""
    group = access.group_get_for_actor(actor=actor, group_id=group_id)
    if access.group_membership_role(actor, group) != Membership.Role.MEMBER:
        raise PermissionDenied(MSG_OWN_SET)
    fields = _card_fields(action=action, expectation=expectation, signal=signal, due=due,
                          why=why, involve=involve)  # fmt: skip
    card = ExperimentCard.objects.create(
        owner_id=actor.person_id, group=group, programme=group.round.programme, **fields
    )
    _bump_live(group.pk)
    return card


@transaction.atomic
def card_status_change(*, actor: Actor, card_id: int, status: str) -> CardEntry:
    """The owner moves their card to planned, in progress, done or dropped; the change is a
    dated entry in its history."""
    card = _locked(card_get_to_write(actor=actor, card_id=card_id))
    if status not in ExperimentCard.Status.values:
        raise ValidationError({"status": MSG_BAD_STATUS})
    if status == card.status:
        label = card.get_status_display().lower()
        raise ValidationError({"status": MSG_SAME_STATUS.format(status=label)})
    entry = CardEntry.objects.create(
        card=card, kind=CardEntry.Kind.STATUS, status_before=card.status, status_after=status
    )
    card.status = status
    card.save(update_fields=["status", "updated_at"])
    _bump_live(card.group_id)
    return entry


def _noticed_on(errors: dict, card: ExperimentCard, day: date | None) -> date | None:
    made = timezone.localdate(card.created_at)
    if day is None:
        errors["observed_on"] = MSG_REQUIRED
    elif day > timezone.localdate():
        errors["observed_on"] = MSG_NOTICED_AHEAD
    elif day < made:
        errors["observed_on"] = MSG_NOTICED_BEFORE.format(made=f"{made:%d %b %Y}")
    return day


@transaction.atomic
def card_observe(*, actor: Actor, card_id: int, observed_on: date | None, note: str) -> CardEntry:
    """The owner notes what they noticed on a given day (today or earlier, not before the card
    was made). The set sees it in the card's history and at the next report-back."""
    card = _locked(card_get_to_write(actor=actor, card_id=card_id))
    errors: dict[str, str] = {}
    day = _noticed_on(errors, card, observed_on)
    note = _text(errors, "note", note, _max("note", CardEntry), required=True)
    if errors:
        raise ValidationError(errors)
    entry = CardEntry.objects.create(
        card=card, kind=CardEntry.Kind.OBSERVATION, observed_on=day, note=note,
        status_before=card.status, status_after=card.status,
    )  # fmt: skip
    _bump_live(card.group_id)
    return entry


# Reads ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Walk:
    """One present member's cards in the report-back walk."""

    person: Person
    cards: list[ExperimentCard]


def history() -> Prefetch:
    """A card's entries in the order things happened: by the day each is about (an
    observation's day, else the day it was written), then as written."""
    day = Coalesce("observed_on", TruncDate("created_at"))
    return Prefetch("entries", queryset=CardEntry.objects.order_by(day, "created_at", "id"))


def _with_history(cards) -> list[ExperimentCard]:
    return list(cards.select_related("owner", "meeting").prefetch_related(history()))


def cards_made(session: LiveSession) -> list[ExperimentCard]:
    """The cards made at this session, presenter by presenter in speaking order."""
    order = {person: i for i, person in enumerate(session.presenters)}
    cards = _with_history(ExperimentCard.objects.filter(meeting_id=session.meeting_id))
    return sorted(cards, key=lambda c: (order.get(c.owner_id, len(order)), c.created_at, c.pk))


def present(session: LiveSession) -> set[int]:
    """Members who have had this session open, or are recorded as present at its meeting."""
    seen = Presence.objects.filter(session=session).values_list("person_id", flat=True)
    came = Attendance.objects.filter(
        meeting_id=session.meeting_id, status=Attendance.Status.PRESENT
    ).values_list("person_id", flat=True)
    return set(seen) | set(came)


def report_walk(session: LiveSession) -> list[Walk]:
    """Each present member's open cards from earlier meetings of the set (and any reported on
    at this one, whatever their status now), members by name."""
    group = session.meeting.group
    members = group.memberships.filter(role=Membership.Role.MEMBER, person_id__in=present(session))
    people = [m.person for m in members.select_related("person").order_by("person__name")]
    cards = _with_history(
        ExperimentCard.objects.filter(group=group, owner__in=people)
        .exclude(meeting_id=session.meeting_id)
        .filter(Q(status__in=ExperimentCard.OPEN) | Q(entries__meeting_id=session.meeting_id))
        .distinct()
    )
    return [Walk(p, [c for c in cards if c.owner_id == p.pk]) for p in people]


def card_get(*, actor: Actor, card_id: int) -> ExperimentCard:
    """A card with its whole history, for its owner and its set."""
    card = access.card_get_for_actor(actor=actor, card_id=card_id)
    return _with_history(ExperimentCard.objects.filter(pk=card.pk))[0]


def cards_for_session(*, actor: Actor, meeting_id: int) -> tuple[list, list[Walk]]:
    """(the cards made at this meeting, the report-back walk) for the set's own people."""
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    session = LiveSession.objects.filter(meeting=meeting).first()
    if session is None:
        return [], []
    return cards_made(session), report_walk(session)


@dataclass(frozen=True)
class CardRow:
    """One of a person's cards on their "My experiments" page."""

    card: ExperimentCard
    last_observation: CardEntry | None


@dataclass(frozen=True)
class MyExperiments:
    open: list[CardRow]
    closed: list[CardRow]
    sets: list[Group]  # the sets they can write a card for
    cycles: int
    cycles_per_set: list[tuple[Group, int]]


def _row(card: ExperimentCard) -> CardRow:
    seen = [e for e in card.entries.all() if e.kind == CardEntry.Kind.OBSERVATION]
    return CardRow(card, seen[-1] if seen else None)


def own_sets(actor: Actor) -> list[Group]:
    """The sets the actor is a member of (not facilitator), newest round first."""
    if actor.person_id is None:  # an account that is nobody in the directory is in no set
        return []
    return list(
        Group.objects.filter(
            memberships__person_id=actor.person_id,
            memberships__role=Membership.Role.MEMBER,
            round__programme__organisation_id=actor.organisation_id,
        )
        .select_related("round__programme")
        .order_by("-round__programme__created_at", "-round__number", "name")
    )


def my_experiments(*, actor: Actor) -> MyExperiments:
    """The actor's own cards across programmes: open ones by due date, then closed ones, most
    recently changed first; with their learning cycles in all and per set."""
    cards = list(
        ExperimentCard.objects.filter(
            owner_id=actor.person_id, programme__organisation_id=actor.organisation_id
        )
        .select_related("group__round__programme", "meeting")
        .prefetch_related(history())
    )
    open_ = sorted((c for c in cards if c.is_open), key=lambda c: (c.due, c.created_at, c.pk))
    closed = sorted((c for c in cards if not c.is_open), key=lambda c: c.updated_at, reverse=True)
    counts = _cycle_counts(_cycles().filter(card__owner_id=actor.person_id), "card__group")
    groups = {c.group_id: c.group for c in cards}
    return MyExperiments(
        open=[_row(c) for c in open_],
        closed=[_row(c) for c in closed],
        sets=own_sets(actor),
        cycles=sum(counts.values()),
        cycles_per_set=[(groups[g], n) for g, n in sorted(counts.items())],
    )


# Learning cycles -----------------------------------------------------------------------------
#
# A learning cycle is an experiment reported back with a learning: a report-back entry whose
# "what I learned" is filled. A card reported back with a learning at two meetings has gone
# round twice. The counts are set content: the set's members and facilitator see them, and a
# person their own; overseers get no individual numbers.


def _cycles():
    return CardEntry.objects.filter(kind=CardEntry.Kind.REPORT).exclude(learned="")


def _cycle_counts(entries, by: str) -> dict[int, int]:
    rows = entries.order_by().values(by).annotate(n=Count("id"))
    return {row[by]: row["n"] for row in rows}


@dataclass(frozen=True)
class SetCycles:
    group: Group
    total: int
    per_person: list[tuple[Person, int]]  # its members, and anyone else with cards in it


def set_learning_cycles(*, actor: Actor, group_id: int) -> SetCycles:
    """The set's learning cycles, in all and per person: for its members and facilitator (403
    for overseers, 404 for anyone who cannot see the set)."""
    group = access.group_get_for_actor(actor=actor, group_id=group_id)
    if not access.group_reads_content(actor, group):
        raise PermissionDenied(access.MSG_CONTENT)
    counts = _cycle_counts(
        _cycles().filter(card__group=group).filter(_since_joining(actor, group)), "card__owner"
    )
    members = group.memberships.filter(role=Membership.Role.MEMBER).values_list("person_id")
    people = Person.objects.filter(Q(pk__in=members) | Q(pk__in=counts)).order_by("name", "pk")
    return SetCycles(group, sum(counts.values()), [(p, counts.get(p.pk, 0)) for p in people])


def _since_joining(actor: Actor, group: Group) -> Q:
    """Report-backs the actor may count: given at meetings they read, written between meetings
    since they joined, or their own."""
    joined_at = access.joined_at(actor, group)
    return (
        Q(meeting__in=access.content_meetings_for_actor(actor, group))
        | Q(meeting=None, created_at__gte=joined_at)
        | Q(card__owner_id=actor.person_id)
    )


def person_learning_cycles(*, actor: Actor) -> int:
    """The actor's own learning cycles across all their sets."""
    return _cycles().filter(card__owner_id=actor.person_id).count()
