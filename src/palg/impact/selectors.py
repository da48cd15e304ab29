"""Reads for impact: level 1 (attendance; a set's pulse, to that set only), level 3 (experiments
and learning cycles), L >= C, and the figures on leads' and sponsors' home pages.

Every figure leaves through palg.impact.floor.release for its audience: outside a set, pooled
over the programme's sets and resting on at least min_cell() people; for sponsors, over at
least 3 sets as well. Per-set figures and the pulse go to the set's own people only.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.impact.floor import Audience, Figure, release
from palg.impact.models import ChangeEvent
from palg.impact.pools import Pool, month_fractions, month_of, pools
from palg.live import review
from palg.programmes.models import Group, Programme

LC_EXPLANATION = (
    "A heuristic, not a validated metric: Revans's L ≥ C says an organisation copes when it "
    "learns at least as fast as it changes, so palg sets learning cycles per member-month (L) "
    "beside the size-weighted change events logged per month (C; small 1, medium 2, large 3) "
    "for you to compare their trends, not their units."
)


@dataclass(frozen=True)
class ImpactFigures:
    """Level 1 and level 3 figures, each shown or withheld with its reason."""

    attendance_rate: Figure  # per cent
    committed: Figure
    reported_back: Figure
    report_back_rate: Figure  # per cent of committed
    completed: Figure
    dropped: Figure
    median_days_to_report: Figure
    cycles: Figure
    cycles_per_member_month: Figure
    changes_per_month: Figure  # size-weighted; about the organisation, not people


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def figures(pool: Pool, audience: Audience, changes_per_month: float | None) -> ImpactFigures:
    owners = {"people": len(pool.owners), "sets": len(pool.card_sets), "audience": audience}
    members = {"people": len(pool.members), "sets": len(pool.member_sets), "audience": audience}
    median = statistics.median(pool.report_days) if pool.report_days else None
    rate = round(pool.cycles / pool.member_months, 2) if pool.member_months else None
    return ImpactFigures(
        attendance_rate=release(
            _percent(pool.present, pool.recorded),
            people=len(pool.attendees),
            sets=len(pool.attendance_sets),
            audience=audience,
        ),
        committed=release(pool.committed, **owners),
        reported_back=release(pool.reported_back, **owners),
        report_back_rate=release(_percent(pool.reported_back, pool.committed), **owners),
        completed=release(pool.completed, **owners),
        dropped=release(pool.dropped, **owners),
        median_days_to_report=release(
            median, people=len(pool.reporters), sets=len(pool.reporter_sets), audience=audience
        ),
        cycles=release(pool.cycles, **members),
        cycles_per_member_month=release(rate, **members),
        changes_per_month=Figure(changes_per_month)
        if changes_per_month is not None
        else Figure(None, "no months yet"),
    )


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# Change events ---------------------------------------------------------------------------


def change_events_counting_for(programme: Programme) -> QuerySet[ChangeEvent]:
    """The change events a programme's L >= C counts: its own and the organisation's."""
    return ChangeEvent.objects.filter(organisation_id=programme.organisation_id).filter(
        Q(programme=None) | Q(programme=programme)
    )


def change_event_list(*, actor: Actor) -> QuerySet[ChangeEvent]:
    return access.change_events_for_actor(actor).select_related("programme", "logged_by")


def _change_weights(programmes: list[Programme]) -> dict[int, dict[date, list[int]]]:
    """Per programme, per month: the weights of the change events it counts."""
    found: dict[int, dict[date, list[int]]] = {p.pk: defaultdict(list) for p in programmes}
    orgs = {p.organisation_id for p in programmes}
    events = ChangeEvent.objects.filter(organisation_id__in=orgs).values_list(
        "organisation_id", "programme_id", "happened_on", "size"
    )
    for org, pid, day, size in events:
        for p in programmes:
            if p.organisation_id == org and pid in (None, p.pk):
                found[p.pk][month_of(day)].append(ChangeEvent.WEIGHTS[size])
    return found


def _changes_per_month(pool: Pool, weights: dict[date, list[int]], today: date) -> float | None:
    """Size-weighted change events per month over the programme's life so far."""
    if pool.start is None or pool.start > today:
        return None
    months = month_fractions(pool.start, today)
    total = sum(sum(weights.get(m, ())) for m in months)
    return round(total / sum(months.values()), 2)


# L >= C --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LcMonth:
    """One month of the programme's life: L (learning cycles per member-month, withheld below
    the floor) beside C (size-weighted change events, and how many were logged)."""

    month: date
    learning: Figure
    change_weight: int
    change_count: int


def lc_series(pool: Pool, weights: dict[date, list[int]], audience: Audience, today: date):
    if pool.start is None or pool.start > today:
        return []
    rows = []
    for month in month_fractions(pool.start, today):
        member_months = pool.months.get(month, 0.0)
        rate = (
            round(pool.cycles_by_month.get(month, 0) / member_months, 2) if member_months else None
        )
        learning = release(
            rate,
            people=len(pool.month_members.get(month, ())),
            sets=len(pool.month_sets.get(month, ())),
            audience=audience,
        )
        month_weights = weights.get(month, [])
        rows.append(LcMonth(month, learning, sum(month_weights), len(month_weights)))
    return rows


# A programme's page --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeImpact:
    programme: Programme
    audience: Audience
    figures: ImpactFigures
    series: list[LcMonth]
    events: list[ChangeEvent]
    explanation: str = LC_EXPLANATION


def programme_impact(*, actor: Actor, programme_id: int, today: date | None = None):
    """A programme's pooled figures and L >= C series: for its leads and organisation admins,
    and (with the 3-set rule too) its sponsors; 403 for its members, 404 for anyone else."""
    programme, audience = access.programme_impact_get_for_actor(
        actor=actor, programme_id=programme_id
    )
    today = _today(today)
    pool = pools([programme], today=today)[programme.pk]
    weights = _change_weights([programme])[programme.pk]
    return ProgrammeImpact(
        programme=programme,
        audience=audience,
        figures=figures(pool, audience, _changes_per_month(pool, weights, today)),
        series=lc_series(pool, weights, audience, today),
        events=list(change_events_counting_for(programme).select_related("logged_by")),
    )


# A set's own page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SetImpact:
    group: Group
    figures: ImpactFigures
    pulse: list[review.PulseRow]


def set_impact(*, actor: Actor, group_id: int, today: date | None = None) -> SetImpact:
    """The set's own figures and pulse trend, for its members and facilitator only (403 for
    those who oversee the programme, 404 for anyone else). Experiments count as the set's
    learning-cycle page counts them: those made or written since the actor joined, and theirs."""
    group, pulse = review.pulse_trend(actor=actor, group_id=group_id)
    joined = access.joined_at(actor, group)
    readable = (
        Q(meeting__in=access.content_meetings_for_actor(actor, group))
        | Q(meeting=None, created_at__gte=joined)
        | Q(owner_id=actor.person_id)
    )
    programme = group.round.programme
    today = _today(today)
    pool = pools([programme], today=today, group_id=group.pk, cards=readable)[programme.pk]
    return SetImpact(group, figures(pool, Audience.SET, None), pulse)


# Home pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """A programme's row on a home page: its pooled figures for the viewer's audience."""

    programme: Programme
    figures: ImpactFigures


def headlines(
    *, programmes: list[Programme], audience: Audience, today: date | None = None
) -> list[Headline]:
    """Pooled figures for several programmes in a fixed number of queries. The caller has
    checked the actor's role in each (palg.web.home takes them from roles_of_actor)."""
    if not programmes:
        return []
    today = _today(today)
    found = pools(programmes, today=today)
    weights = _change_weights(programmes)
    return [
        Headline(
            p,
            figures(found[p.pk], audience, _changes_per_month(found[p.pk], weights[p.pk], today)),
        )
        for p in programmes
    ]


@dataclass
class LeadDashboard:
    """The lead's home page, one field per panel; each panel is a template in
    impact/panels/, included by impact/_lead_dashboard.html. A new panel is one more field
    here and one more include there."""

    meetings_this_week: list = field(default_factory=list)
    sets_without_facilitator: list[Group] = field(default_factory=list)
    sets_without_schedule: list[Group] = field(default_factory=list)
    meetings_in_blackouts: list = field(default_factory=list)
    rates: list[Headline] = field(default_factory=list)
    # palg.surveys.selectors.WaveCount of each open wave: counts of who answered, never who.
    open_waves: list = field(default_factory=list)


def lead_dashboard(
    *, programmes: list[Programme], now=None, today: date | None = None
) -> LeadDashboard:
    """The panels for the programmes an actor leads (the caller has checked the role)."""
    from palg.impact import dashboard

    now = now or timezone.now()
    return LeadDashboard(
        meetings_this_week=dashboard.meetings_this_week(programmes, now),
        sets_without_facilitator=dashboard.sets_without_facilitator(programmes),
        sets_without_schedule=dashboard.sets_without_schedule(programmes, now),
        meetings_in_blackouts=dashboard.meetings_in_blackouts(programmes, now),
        rates=headlines(programmes=programmes, audience=Audience.OVERSEER, today=today),
        open_waves=dashboard.open_waves(programmes, now),
    )
