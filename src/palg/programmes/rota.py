"""Roles over time, without the database: the facilitator fading plan and the turns of a rota.

The external set adviser's aim is a self-facilitating set (method guide §5). A fading plan says
how facilitation passes to the members: the adviser facilitates the first `adviser_meetings`
meetings, then members facilitate in rotation with the adviser attending as observer until
meeting `observer_until`, and after that the adviser is on call. A rota names the facilitator
and the timekeeper of each meeting, fairly: nobody takes a turn twice before everyone has had
one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

# A meeting's stage in the plan (stored on each rota entry, so the record survives changes).
ADVISER = "adviser"
OBSERVED = "observed"
MEMBERS = "members"
STAGES = {
    ADVISER: "The adviser facilitates",
    OBSERVED: "A member facilitates; the adviser observes",
    MEMBERS: "A member facilitates; the adviser is on call",
}

MSG_ADVISER_TOO_MANY = (
    "The programme has {count} meeting{s}: the adviser can facilitate {count} at most."
)
MSG_OBSERVER_BEFORE = (
    "The adviser observes once members facilitate, so choose meeting {low} or later (the same "
    "number means the adviser steps back as soon as members take over)."
)
MSG_OBSERVER_AFTER_END = "The programme has {count} meeting{s}: choose meeting {count} at most."
MSG_NEGATIVE = "Choose 0 or more."


@dataclass(frozen=True)
class Plan:
    adviser_meetings: int
    observer_until: int

    def stage(self, number: int) -> str:
        """The stage of meeting `number` (1 for a set's first meeting)."""
        if number <= self.adviser_meetings:
            return ADVISER
        if number <= self.observer_until:
            return OBSERVED
        return MEMBERS

    def explain(self, meeting_count: int) -> str:
        """The plan in a sentence or two, for the programme page."""
        k, last = self.adviser_meetings, self.observer_until
        if k >= meeting_count:
            return "The set adviser facilitates every meeting; members take turns keeping time."
        if k == 0:
            opening = "Members facilitate in rotation from the first meeting"
        elif k == 1:
            opening = "The set adviser facilitates the first meeting; from meeting 2 members "
            opening += "facilitate in rotation"
        else:
            opening = f"The set adviser facilitates meetings 1-{k}; from meeting {k + 1} members "
            opening += "facilitate in rotation"
        middle = (
            f", with the adviser attending as observer until meeting {last}" if last > k else ""
        )
        ending = ", and then the adviser is on call." if last < meeting_count else "."
        return opening + middle + ending + " Members take turns keeping time throughout."


def default_plan(facilitation_model: str, meeting_count: int) -> Plan:
    """The plan a programme gets until its lead chooses one. Fading: the adviser facilitates
    about the first third, then observes as long again (6 meetings: 2, then observing until 4).
    An external or internal facilitator keeps facilitating; a self-facilitated set rotates
    from the start."""
    if facilitation_model == "self":
        return Plan(0, 0)
    if facilitation_model != "fading":
        return Plan(meeting_count, meeting_count)
    first = max(1, math.ceil(meeting_count / 3))
    return Plan(first, min(meeting_count, 2 * first))


def plan_problems(adviser_meetings: int, observer_until: int, meeting_count: int) -> dict:
    """Messages by field for a plan that does not fit the programme; empty if it does."""
    s = "" if meeting_count == 1 else "s"
    problems = {}
    if adviser_meetings < 0:
        problems["adviser_meetings"] = MSG_NEGATIVE
    elif adviser_meetings > meeting_count:
        problems["adviser_meetings"] = MSG_ADVISER_TOO_MANY.format(count=meeting_count, s=s)
    if observer_until > meeting_count:
        problems["observer_until"] = MSG_OBSERVER_AFTER_END.format(count=meeting_count, s=s)
    elif observer_until < adviser_meetings and "adviser_meetings" not in problems:
        problems["observer_until"] = MSG_OBSERVER_BEFORE.format(low=adviser_meetings)
    return problems


@dataclass(frozen=True)
class Turn:
    facilitator: Hashable | None
    timekeeper: Hashable | None


def turns[P: Hashable](
    members: Sequence[P],
    stages: Sequence[str],
    *,
    adviser: P | None = None,
    facilitated: Counter | None = None,
    timekept: Counter | None = None,
) -> list[Turn]:
    """A facilitator and a timekeeper for each meeting of `stages`, in order.

    `members` is the rotation order (people who have left the set are simply not in it);
    `facilitated` and `timekept` count the turns each member has already had. Whoever has had
    the fewest turns goes next, so nobody goes twice before everyone has gone once. The adviser
    facilitates the adviser-stage meetings; without an adviser, members do. The timekeeper is
    never that meeting's facilitator.
    """
    facilitated = Counter(facilitated or {})
    timekept = Counter(timekept or {})
    order = {person: i for i, person in enumerate(members)}
    found = []
    for stage in stages:
        if not members:
            found.append(Turn(adviser if stage == ADVISER else None, None))
            continue
        if stage == ADVISER and adviser is not None:
            facilitator = adviser
        else:
            facilitator = _next_facilitator(members, order, facilitated, timekept)
            facilitated[facilitator] += 1
        others = [p for p in members if p != facilitator]
        # Among equals, whoever facilitates soonest keeps time first: once it is their turn
        # to facilitate they cannot also keep time.
        timekeeper = (
            min(others, key=lambda p: (timekept[p], facilitated[p], order[p])) if others else None
        )
        if timekeeper is not None:
            timekept[timekeeper] += 1
        found.append(Turn(facilitator, timekeeper))
    return found


def _next_facilitator(members, order, facilitated, timekept):
    """The member with the fewest facilitation turns; among equals, one who leaves a member
    with the fewest timekeeping turns free to keep time."""
    fewest = min(facilitated[p] for p in members)
    candidates = sorted((p for p in members if facilitated[p] == fewest), key=order.__getitem__)
    least_timekept = min(timekept[p] for p in members)
    waiting = [p for p in members if timekept[p] == least_timekept]
    for person in candidates:
        if any(p != person for p in waiting):
            return person
    return candidates[0]
