"""Airtime bidding: each member bids in one line (urgency A/B/C; a puzzle or a problem) and may
withdraw; the set chooses today's presenters, at most the template's number; a fairness ledger
shows who has presented when across the programme and suggests who is owed time.

Bidding stays open, before the start and through the opening phases (the bidding phase among
them), until the first case begins: a member who arrives late still bids, and the set may choose
again. A chosen presenter who withdraws, or turns their bid into a puzzle, is no longer chosen.

Puzzles (questions with an expert answer) are routed to the resources round, not to a case of
their own: Revans' L = P + Q keeps the set's time for problems.

Every change bumps the session's version, so every screen in the set shows it at its next poll.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from palg import access
from palg.access import Actor
from palg.live import protocol
from palg.live.models import Bid, LiveSession
from palg.live.services import (
    MSG_DRIVERS_ONLY,
    MSG_MOVED_ON,
    can_drive,
    session_prepare,
    template_of,
)
from palg.people.models import Person
from palg.programmes.models import Membership

MSG_MEMBERS_BID = "Only members of the set bid for airtime."
MSG_BIDDING_CLOSED = "Bidding is closed: the first case has started."
MSG_ONE_LINE = "Keep the bid to one line."
MSG_EMPTY = "Say in one line what you would bring."
MSG_NO_BID = "You have no bid to withdraw."
MSG_TOO_MANY = "Choose at most {most} presenter(s) today."
MSG_NONE_CHOSEN = "Choose at least one presenter."
MSG_NOT_BIDDING = "{person} has no bid today."
MSG_PUZZLE = (
    "{person}'s bid is a puzzle: it has an expert answer, so it goes to the resources round "
    "rather than a case of its own."
)
MSG_DUPLICATE = "Each presenter once."
MSG_CASES_STARTED = "The first case has started: presenters are chosen before it."


def _session(actor: Actor, meeting_id: int) -> LiveSession:
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    session = LiveSession.objects.filter(meeting=meeting).first()
    return session or session_prepare_as_member(actor, meeting_id)


def session_prepare_as_member(actor: Actor, meeting_id: int) -> LiveSession:
    """Members may bid before the facilitator opens the session: open it with the defaults
    (creating the row needs no driving rights; changing the plan does)."""
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    if can_drive(actor, LiveSession(meeting=meeting)):
        return session_prepare(actor=actor, meeting_id=meeting_id)
    session, _ = LiveSession.objects.get_or_create(
        meeting=meeting, defaults={"template": _programme_template(meeting)}
    )
    return session


def _programme_template(meeting) -> str:
    key = meeting.group.round.programme.session_template
    return key if key in protocol.TEMPLATES else protocol.DEFAULT_TEMPLATE


def _bump(session: LiveSession) -> None:
    LiveSession.objects.filter(pk=session.pk).update(version=F("version") + 1)


def _require_member(actor: Actor, session: LiveSession) -> None:
    role = access.group_membership_role(actor, session.meeting.group)
    if role != Membership.Role.MEMBER:
        raise PermissionDenied(MSG_MEMBERS_BID)


@transaction.atomic
def bid_place(
    *, actor: Actor, meeting_id: int, text: str, urgency: str = "B", nature: str = "problem"
) -> Bid:
    """Bid (or change one's bid) for airtime today."""
    session = _session(actor, meeting_id)
    _require_member(actor, session)
    if not bidding_open(session):
        raise ValidationError(MSG_BIDDING_CLOSED)
    text = " ".join(text.split())
    errors = {}
    if not text:
        errors["text"] = MSG_EMPTY
    elif len(text) > Bid._meta.get_field("text").max_length:
        errors["text"] = MSG_ONE_LINE
    if urgency not in Bid.Urgency.values:
        errors["urgency"] = f"Urgency is A, B or C, not {urgency!r}."
    if nature not in Bid.Nature.values:
        errors["nature"] = f"A bid is a problem or a puzzle, not {nature!r}."
    if errors:
        raise ValidationError(errors)
    bid, _ = Bid.objects.update_or_create(
        session=session,
        person_id=actor.person_id,
        defaults={"text": text, "urgency": urgency, "nature": nature, "withdrawn": False},
    )
    if nature == Bid.Nature.PUZZLE:
        _unchoose(session, actor.person_id)
    _bump(session)
    return bid


@transaction.atomic
def bid_withdraw(*, actor: Actor, meeting_id: int) -> None:
    session = _session(actor, meeting_id)
    _require_member(actor, session)
    if not bidding_open(session):
        raise ValidationError(MSG_BIDDING_CLOSED)
    updated = Bid.objects.filter(session=session, person_id=actor.person_id, withdrawn=False)
    if not updated.update(withdrawn=True):
        raise ValidationError(MSG_NO_BID)
    _unchoose(session, actor.person_id)
    _bump(session)


def _unchoose(session: LiveSession, person_id: int) -> None:
    """A presenter whose bid is withdrawn, or is now a puzzle, no longer presents today."""
    session.refresh_from_db(fields=["presenters"])
    if person_id in session.presenters:
        presenters = [pk for pk in session.presenters if pk != person_id]
        LiveSession.objects.filter(pk=session.pk).update(presenters=presenters)


@transaction.atomic
def presenters_choose(
    *, actor: Actor, meeting_id: int, person_ids: list[int], version: int
) -> LiveSession:
    """The set's choice of today's presenters, in speaking order: members with a problem bid,
    at most the template's number."""
    session = _session(actor, meeting_id)
    if not can_drive(actor, session):
        raise PermissionDenied(MSG_DRIVERS_ONLY)
    if _cases_started(session):
        raise ValidationError(MSG_CASES_STARTED)
    most = session.max_presenters or template_of(session).max_presenters
    bids = {b.person_id: b for b in session.bids.filter(withdrawn=False).select_related("person")}
    names = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))
    problems = []
    if not person_ids:
        problems.append(MSG_NONE_CHOSEN)
    if len(person_ids) > most:
        problems.append(MSG_TOO_MANY.format(most=most))
    if len(set(person_ids)) != len(person_ids):
        problems.append(MSG_DUPLICATE)
    for person_id in dict.fromkeys(person_ids):
        bid = bids.get(person_id)
        name = names.get(person_id, f"Person {person_id}")
        if bid is None:
            problems.append(MSG_NOT_BIDDING.format(person=name))
        elif bid.nature == Bid.Nature.PUZZLE:
            problems.append(MSG_PUZZLE.format(person=name))
    if problems:
        raise ValidationError({"presenters": problems})
    updated = LiveSession.objects.filter(pk=session.pk, version=version).update(
        presenters=list(person_ids), version=F("version") + 1
    )
    session.refresh_from_db()
    if not updated:
        raise ValidationError(MSG_MOVED_ON.format(phase="a newer state"))
    return session


def _cases_started(session: LiveSession) -> bool:
    """Whether the session is past its opening phases (check-in to bidding)."""
    if session.status == LiveSession.Status.READY:
        return False
    if session.status == LiveSession.Status.ENDED:
        return True
    opening = 0
    for phase in template_of(session).phases:
        if phase.per_presenter:
            break
        opening += 1
    return session.step >= opening


def bidding_open(session: LiveSession | None) -> bool:
    """Members bid, and the set chooses its presenters, until the first case starts."""
    return session is None or not _cases_started(session)


# The fairness ledger -------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerRow:
    person: Person
    presented: int  # times across the programme
    last: datetime | None
    bid: Bid | None
    owed: bool  # among those who have presented least, with a problem bid today


def ledger(session: LiveSession) -> list[LedgerRow]:
    """Who has presented how often and when across the programme (every round), for this set's
    members, those owed time first: fewest presentations, then longest ago."""
    group = session.meeting.group
    members = [m.person for m in group.memberships.filter(role=Membership.Role.MEMBER)
               .select_related("person")]  # fmt: skip
    counts: dict[int, int] = {p.pk: 0 for p in members}
    last: dict[int, datetime] = {}
    earlier = LiveSession.objects.filter(
        meeting__group__round__programme_id=group.round.programme_id,
        started_at__isnull=False,
    ).exclude(pk=session.pk)
    for presenters, when in earlier.values_list("presenters", "meeting__starts_at"):
        for person_id in presenters:
            if person_id in counts:
                counts[person_id] += 1
                last[person_id] = max(last.get(person_id, when), when)
    bids = {b.person_id: b for b in session.bids.filter(withdrawn=False)}

    def owed_first(person: Person) -> tuple:
        when = last.get(person.pk)
        return (counts[person.pk], when is not None, when.timestamp() if when else 0, person.name)

    order = sorted(members, key=owed_first)
    bidding = [p for p in order if p.pk in bids and bids[p.pk].nature == Bid.Nature.PROBLEM]
    fewest = min((counts[p.pk] for p in bidding), default=None)
    return [
        LedgerRow(
            person=p,
            presented=counts[p.pk],
            last=last.get(p.pk),
            bid=bids.get(p.pk),
            owed=p in bidding and counts[p.pk] == fewest,
        )
        for p in order
    ]
