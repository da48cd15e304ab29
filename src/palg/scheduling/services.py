"""Writes for scheduling: a programme's time zone and blackouts, proposing and applying a set's
series of meetings, and private calendar feeds. Meetings are created and moved only through
palg.programmes.services, which checks who may schedule them."""

import hashlib
import secrets
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from palg import access, dates
from palg.access import Actor
from palg.programmes import services as programme_services
from palg.programmes.models import Group, Meeting, Programme
from palg.scheduling import ics, selectors, series
from palg.scheduling.models import Blackout, CalendarFeed, feed_digest
from palg.scheduling.selectors import OtherMeeting

MSG_NO_START = "Give the date the series starts from: the programme has no start date yet."
MSG_NO_SLOT = (
    "The set's members share no weekly slot, so choose the day and part of the day its "
    "meetings take."
)
MSG_UNKNOWN_SLOT = "“{slot}” is not a slot: use a day and part of the day such as tue-pm."
MSG_STALE = (
    "The proposal changed since you previewed it (a meeting or a blackout changed). Check the "
    "new proposal below and confirm again."
)
MSG_BLACKOUT_ORDER = "The last day cannot be before the first."
MSG_BLACKOUT_TOO_LONG = "A blackout covers at most a year; add a second one for longer."
MSG_SKIPPED = "Meeting {number} moves from {nominal} to {day}: {why}."
MSG_AFTER_PREVIOUS = "Meeting {number} moves from {nominal} to {day}, after meeting {previous}."
MSG_BLACKOUT_WHY = "{label} ({first} to {last})"
MSG_CLASH_PERSON = "{person} is also in {other}, which meets {when}."
MSG_CLASH_FACILITATOR = "{person} also facilitates {other}, which meets {when}."
MSG_LEFT_AS_THEY_ARE = "Left as scheduled, after the series: {days}."
MSG_PAST = "Meeting {number} would be on {day}, which has passed: check the first date."
MSG_PAST_WINDOW = (
    "Meeting {number} would be on {day}, after the last date palg accepts ({last}): choose an "
    "earlier first date."
)
ANOTHER_SET = "another set"
DAY = "%a %d %b %Y"
WHEN = "%a %d %b %Y, %H:%M"
FEED_TOKEN_BYTES = 32


# Time zone and blackouts ---------------------------------------------------------------------


@transaction.atomic
def programme_time_zone_set(*, actor: Actor, programme_id: int, time_zone: str) -> Programme:
    """Set the zone the programme's sets meet in (leads and admins). Meetings already scheduled
    keep their instant; new series are planned in the new zone."""
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    programme.time_zone = time_zone.strip()
    programme.full_clean(exclude=["organisation"])
    programme.save(update_fields=["time_zone", "updated_at"])
    return programme


@transaction.atomic
def blackout_create(
    *,
    actor: Actor,
    programme_id: int,
    label: str,
    starts_on: date,
    ends_on: date,
    organisation_wide: bool = False,
) -> Blackout:
    """Add days no set meets, for this programme (its leads and admins) or, with
    `organisation_wide`, for every programme of the organisation (staff)."""
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    if organisation_wide:
        access.require_staff(actor)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": MSG_BLACKOUT_ORDER})
    if ends_on - starts_on > timedelta(days=366):
        raise ValidationError({"ends_on": MSG_BLACKOUT_TOO_LONG})
    blackout = Blackout(
        organisation_id=programme.organisation_id,
        programme=None if organisation_wide else programme,
        label=label.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by_id=actor.person_id,
    )
    blackout.full_clean()
    blackout.save()
    return blackout


@transaction.atomic
def blackout_delete(*, actor: Actor, blackout_id: int) -> Blackout:
    blackout = access.blackout_get_for_actor(actor=actor, blackout_id=blackout_id)
    blackout.delete()
    return blackout


# Proposing and applying a set's series ------------------------------------------------------


@dataclass
class Row:
    """One meeting of the proposal, and what applying it does: `new` creates it, `move` moves
    the set's existing meeting at this place in the series, `keep` leaves one already there and
    `held` leaves one already held (the proposal never moves a held meeting)."""

    planned: series.Planned
    action: str
    existing: Meeting | None = None
    notes: list[str] = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.planned.number

    @property
    def starts_at(self) -> datetime:
        return self.planned.starts_at

    @property
    def ends_at(self) -> datetime:
        return self.planned.ends_at


@dataclass
class Proposal:
    group: Group
    zone: ZoneInfo
    slot: str
    at: time
    start: date
    rows: list[Row]
    leftovers: list[Meeting]
    notes: list[str]

    @property
    def programme(self) -> Programme:
        return self.group.round.programme

    @property
    def clashes(self) -> list[str]:
        return [clash for row in self.rows for clash in row.clashes]

    @property
    def skipped(self) -> list[str]:
        return [note for row in self.rows for note in row.notes]

    @property
    def fingerprint(self) -> str:
        """Changes whenever applying would do something else: checked before applying."""
        parts = [
            f"{r.action}:{r.existing.pk if r.existing else ''}:{r.starts_at.isoformat()}"
            for r in self.rows
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def _schedulable_group(actor: Actor, group_id: int) -> Group:
    group = access.group_get_for_actor(actor=actor, group_id=group_id)
    if not access.group_can_schedule(actor, group):
        raise PermissionDenied(access.MSG_READ_ONLY)
    return group


def schedule_defaults(*, actor: Actor, group_id: int) -> dict:
    """What the proposal form starts from: the set's common slot, that part's usual time and
    the programme's start date (each None when there is none)."""
    group = _schedulable_group(actor, group_id)
    common = selectors.group_common_slots(group=group)
    slot = common[0] if common else None
    return {
        "slot": slot,
        "at": series.slot_start(slot)[1] if slot else None,
        "start": group.round.programme.start_date,
        "common": common,
    }


def schedule_propose(
    *,
    actor: Actor,
    group_id: int,
    slot: str | None = None,
    at: time | None = None,
    start: date | None = None,
) -> Proposal:
    """The set's full series from the programme's start date (or `start`), cadence and number
    of meetings, on the set's common slot (or `slot`) at the part's usual time (or `at`), in
    the programme's time zone: blackouts skipped, each move explained, and every overlap with
    another set's meeting that shares a person listed as a clash. Changes nothing."""
    group = _schedulable_group(actor, group_id)
    return _proposal(actor, group, slot, at, start)


def _proposal(actor, group, slot, at, start) -> Proposal:
    programme = group.round.programme
    start = start or programme.start_date
    if start is None:
        raise ValidationError({"start": MSG_NO_START})
    if not dates.day_in_window(start):  # a start date stored before the window was enforced
        raise ValidationError({"start": dates.window_message()})
    slot = slot or _common_slot(group)
    try:
        weekday, usual = series.slot_start(slot)
    except series.SeriesError:
        raise ValidationError({"slot": MSG_UNKNOWN_SLOT.format(slot=slot)}) from None
    at = at or usual
    zone = ZoneInfo(programme.time_zone)
    planned = _plan(programme, start, weekday, at, zone)
    existing = list(selectors.group_meetings(group=group).exclude(status=Meeting.Status.CANCELLED))
    rows = [_row(p, existing[i] if i < len(existing) else None) for i, p in enumerate(planned)]
    now = timezone.now()
    for row in rows:
        row.notes = [] if row.action == "held" else _why_moved(row.planned)
        if row.action in ("new", "move") and row.starts_at < now:
            row.notes.append(MSG_PAST.format(number=row.number, day=f"{row.starts_at:{DAY}}"))
    _add_clashes(actor, group, rows, zone)
    leftovers = existing[len(planned) :]
    return Proposal(group, zone, slot, at, start, rows, leftovers, _leftover_notes(leftovers, zone))


def _common_slot(group: Group) -> str:
    common = selectors.group_common_slots(group=group)
    if not common:
        raise ValidationError({"slot": MSG_NO_SLOT})
    return common[0]


def _plan(programme: Programme, start: date, weekday: int, at: time, zone: ZoneInfo):
    planned = _series(programme, start, weekday, at, zone)
    for meeting in planned:
        if not dates.moment_in_window(meeting.ends_at):
            day = f"{meeting.starts_at:{DAY}}"
            last = f"{dates.LAST_DAY:{DAY}}"
            raise ValidationError(
                {"start": MSG_PAST_WINDOW.format(number=meeting.number, day=day, last=last)}
            )
    return planned


def _series(programme: Programme, start: date, weekday: int, at: time, zone: ZoneInfo):
    try:
        return series.plan(
            start=start,
            weekday=weekday,
            at=at,
            cadence_weeks=programme.cadence_weeks,
            count=programme.meeting_count,
            minutes=programme.meeting_minutes,
            zone=zone,
            closures=selectors.closures_for(programme=programme),
        )
    except series.SeriesError as error:
        raise ValidationError({"start": str(error)}) from None


def _leftover_notes(leftovers: list[Meeting], zone: ZoneInfo) -> list[str]:
    if not leftovers:
        return []
    days = ", ".join(f"{m.starts_at.astimezone(zone):{DAY}}" for m in leftovers)
    return [MSG_LEFT_AS_THEY_ARE.format(days=days)]


def _row(planned: series.Planned, existing: Meeting | None) -> Row:
    if existing is None:
        return Row(planned, "new")
    if existing.status == Meeting.Status.HELD:
        # The series shows the meeting as it was held, so clashes are checked at its real time.
        held = _at(planned, existing.starts_at, existing.duration_minutes)
        return Row(held, "held", existing)
    planned = _at(planned, planned.starts_at, existing.duration_minutes)
    same = existing.starts_at == planned.starts_at
    return Row(planned, "keep" if same else "move", existing)


def _at(planned: series.Planned, starts_at: datetime, minutes: int) -> series.Planned:
    zone = planned.starts_at.tzinfo
    ends_at = series.after(starts_at, minutes).astimezone(zone)
    return replace(planned, starts_at=starts_at.astimezone(zone), ends_at=ends_at)


def _why_moved(planned: series.Planned) -> list[str]:
    if not planned.moved:
        return []
    days = {"number": planned.number, "nominal": f"{planned.nominal:{DAY}}"}
    days["day"] = f"{planned.day:{DAY}}"
    if planned.skipped:
        why = "; ".join(
            MSG_BLACKOUT_WHY.format(
                label=c.label, first=f"{c.starts_on:{DAY}}", last=f"{c.ends_on:{DAY}}"
            )
            for c in dict.fromkeys(planned.skipped)
        )
        return [MSG_SKIPPED.format(why=why, **days)]
    return [MSG_AFTER_PREVIOUS.format(previous=planned.number - 1, **days)]


def _add_clashes(actor: Actor, group: Group, rows: list[Row], zone: ZoneInfo) -> None:
    if not rows:
        return
    since = min(r.starts_at for r in rows)
    until = max(r.ends_at for r in rows)
    busy = selectors.busy_elsewhere(group=group, since=since, until=until)
    by_planned = {id(r.planned): r for r in rows}
    visible: dict[int, bool] = {}
    for planned, other in series.overlapping([r.planned for r in rows], busy):
        about: OtherMeeting = other.about
        if about.group.pk not in visible:
            visible[about.group.pk] = _sees(actor, about.group)
        name = about.group.label if visible[about.group.pk] else ANOTHER_SET
        when = f"{other.starts_at.astimezone(zone):{WHEN}}–{other.ends_at.astimezone(zone):%H:%M}"
        both = about.role_here == about.role_there == "facilitator"
        message = MSG_CLASH_FACILITATOR if both else MSG_CLASH_PERSON
        row = by_planned[id(planned)]
        row.clashes.append(
            f"Meeting {row.number}, {row.starts_at:{WHEN}}: "
            + message.format(person=about.person.name, other=name, when=when)
        )


def _sees(actor: Actor, group: Group) -> bool:
    """Name the other set only to someone who may see it; to anyone else it is 'another set'."""
    try:
        access.group_get_for_actor(actor=actor, group_id=group.pk)
    except Http404:
        return False
    return True


@dataclass(frozen=True)
class Applied:
    proposal: Proposal
    created: list[Meeting]
    moved: list[Meeting]
    kept: int


@transaction.atomic
def schedule_apply(
    *,
    actor: Actor,
    group_id: int,
    slot: str | None = None,
    at: time | None = None,
    start: date | None = None,
    location: str = "",
    fingerprint: str | None = None,
) -> Applied:
    """Create the proposal's new meetings (at `location`) and move the set's existing ones to
    their place in it, through the programmes services: all or nothing. With `fingerprint`
    (the previewed proposal's), refuses if the proposal has changed since."""
    group = _schedulable_group(actor, group_id)
    Group.objects.select_for_update().filter(pk=group.pk).first()  # one apply at a time
    proposal = _proposal(actor, group, slot, at, start)
    if fingerprint is not None and fingerprint != proposal.fingerprint:
        raise ValidationError(MSG_STALE, code="stale")
    created, moved, kept = [], [], 0
    for row in proposal.rows:
        if row.action == "new":
            created.append(
                programme_services.meeting_schedule(
                    actor=actor, group_id=group.pk, starts_at=row.starts_at, location=location
                )
            )
        elif row.action == "move":
            moved.append(
                programme_services.meeting_update(
                    actor=actor, meeting_id=row.existing.pk, starts_at=row.starts_at
                )
            )
        else:
            kept += 1
    return Applied(proposal, created, moved, kept)


# Private calendar feeds ---------------------------------------------------------------------


def feed_active(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at=None).first()


@transaction.atomic
def feed_create(*, user) -> tuple[CalendarFeed, str]:
    """A new feed for the user, replacing (revoking) any they had: the token is returned this
    once and only its digest is kept, so the old URL stops working and the new one is shown
    only now."""
    feed_revoke(user=user)
    token = secrets.token_urlsafe(FEED_TOKEN_BYTES)
    feed = CalendarFeed.objects.create(user=user, digest=feed_digest(token))
    return feed, token


def feed_revoke(*, user) -> int:
    """Revoke the user's feeds; how many were active."""
    return CalendarFeed.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())


@dataclass(frozen=True)
class CalendarFile:
    """A calendar file as served: its bytes and its HTTP validators."""

    body: bytes
    etag: str
    last_modified: datetime | None


def feed_file(*, token: str) -> CalendarFile:
    """The feed of the token of an active feed of an active user linked to a person: every
    meeting of theirs; 404 for anything else, so a guess learns nothing. Records the use, and
    when the file differs from the one served before, that it changed then."""
    feed = (
        CalendarFeed.objects.select_related("user__person")
        .filter(digest=feed_digest(token), revoked_at=None, user__is_active=True)
        .first()
    )
    if feed is None or feed.user.person_id is None:
        raise Http404(access.MSG_NOT_FOUND)
    person = feed.user.person
    meetings = selectors.person_meetings(
        person_id=person.pk, organisation_id=feed.user.organisation_id
    )
    body = ics.feed(
        meetings, name=f"Action learning: {person.name}", uid=ics.calendar_uid("person", person.pk)
    )
    now = timezone.now()
    seen = {"last_used_at": now}
    etag = ics.etag(body)
    if etag != feed.etag:
        seen |= {"etag": etag, "changed_at": _next_second(now, feed.changed_at)}
    CalendarFeed.objects.filter(pk=feed.pk).update(**seen)
    return CalendarFile(body, etag, seen.get("changed_at", feed.changed_at))


def _next_second(now: datetime, before: datetime | None) -> datetime:
    """`now` to the second, but always later than `before`: HTTP dates count whole seconds,
    and a client holding `before` must see the change even if it came in the same second."""
    now = now.replace(microsecond=0)
    if before is not None and now <= before:
        return before.replace(microsecond=0) + timedelta(seconds=1)
    return now
