"""Reads: a participant's own waves, answers and scores; a programme's waves with response
counts for those who oversee it; and, for the statistics and report code only, pseudonymous
scores per wave (a respondent is an opaque id, never a person)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.programmes.models import Membership, Programme
from palg.surveys.models import Response, Wave
from palg_evaluation.instruments import Instrument, Scale, instrument
from palg_evaluation.scoring import score


@dataclass
class OwnWave:
    wave: Wave
    state: str
    response: Response | None

    @property
    def answered(self) -> int:
        return len(self.response.answers) if self.response else 0

    @property
    def finished(self) -> bool:
        return bool(self.response and self.response.finished_at)


def own_waves(*, actor: Actor, now: datetime | None = None) -> list[OwnWave]:
    """Every wave the actor answers, newest first, with their own response to it."""
    now = now or timezone.now()
    responses = {r.wave_id: r for r in access.own_responses_for_actor(actor)}
    waves = access.own_waves_for_actor(actor).order_by("-opens_on", "-id")
    return [OwnWave(w, w.state(now), responses.get(w.pk)) for w in waves]


def own_open_waves(*, actor: Actor, now: datetime | None = None) -> list[OwnWave]:
    return [w for w in own_waves(actor=actor, now=now) if w.state == Wave.State.OPEN]


def own_response(*, actor: Actor, wave: Wave) -> Response | None:
    return access.own_responses_for_actor(actor).filter(wave=wave).first()


# A participant's own scores ------------------------------------------------------------------


@dataclass
class ScalePoint:
    wave: Wave
    value: float


@dataclass
class ScaleTrend:
    scale: Scale
    instrument: Instrument
    points: list[ScalePoint] = field(default_factory=list)

    @property
    def change(self) -> float | None:
        return self.points[-1].value - self.points[0].value if len(self.points) > 1 else None

    def width(self, point: ScalePoint) -> int:
        """The point's position on the scale's range, as a percentage (for the bar)."""
        span = self.scale.high - self.scale.low
        return round(100 * (point.value - self.scale.low) / span) if span else 0


@dataclass
class ProgrammeScores:
    programme: Programme
    trends: list[ScaleTrend]


def own_scores(*, actor: Actor) -> list[ProgrammeScores]:
    """The actor's scores per programme and scale, wave by wave, from their own answers."""
    responses = access.own_responses_for_actor(actor).order_by("wave__opens_on")
    by_programme: dict[int, dict[str, ScaleTrend]] = defaultdict(dict)
    programmes = {}
    for response in responses:
        wave = response.wave
        programmes[wave.programme_id] = wave.programme
        trends = by_programme[wave.programme_id]
        scores = score(response.answers)
        for ins_id in wave.instruments:
            ins = instrument(ins_id)
            for scale in ins.scales:
                if scale.id in scores:
                    trend = trends.setdefault(scale.id, ScaleTrend(scale, ins))
                    trend.points.append(ScalePoint(wave, scores[scale.id]))
    return [
        ProgrammeScores(programmes[pid], list(trends.values()))
        for pid, trends in by_programme.items()
    ]


# Overseers: dates and response counts --------------------------------------------------------


@dataclass
class WaveCount:
    wave: Wave
    state: str
    invited: int
    started: int
    finished: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.finished / self.invited) if self.invited else None


def participants_of(programme: Programme) -> set[int]:
    """The person ids of the programme's set members (not facilitators): who a wave asks."""
    return set(
        Membership.objects.filter(
            group__round__programme=programme, role=Membership.Role.MEMBER
        ).values_list("person_id", flat=True)
    )


def wave_response_counts(*, programme: Programme, now: datetime | None = None) -> list[WaveCount]:
    """Each wave of the programme with how many were asked, started and finished: counts only,
    never who. For the programme's overseers (reached through palg.access.waves_for_actor)."""
    now = now or timezone.now()
    waves = Wave.objects.filter(programme=programme).annotate(
        started=Count("responses"),
        finished=Count("responses", filter=Q(responses__finished_at__isnull=False)),
    )
    invited = len(participants_of(programme))
    return [WaveCount(w, w.state(now), invited, w.started, w.finished) for w in waves]


def programme_waves(*, actor: Actor, programme: Programme) -> list[WaveCount]:
    access.waves_for_actor(actor, programme)  # overseers only
    return wave_response_counts(programme=programme)


# For the statistics and report code ----------------------------------------------------------


@dataclass(frozen=True)
class PseudonymousScore:
    wave_id: int
    wave_kind: str
    respondent: str  # an opaque pseudonym, the same across the programme's waves
    scale: str
    score: float
    # The set they answered about (Response.group): sponsors' figures must rest on 3 sets of
    # the people behind them, not of the programme. None when they were in no set then.
    group_id: int | None = None


def wave_scores_pseudonymous(*, programme: Programme) -> list[PseudonymousScore]:
    """Every scale score of every response to the programme's waves, by pseudonym.

    For the statistics and report code only, which must put them through disclosure control
    before anything is shown: never render these rows, and never join them back to people.
    Answers are decrypted here, in Python (the database cannot read them).
    """
    responses = Response.objects.filter(wave__programme=programme).select_related(
        "wave", "respondent"
    )
    rows = []
    for response in responses:
        scales = {s.id for ins in response.wave.instruments for s in instrument(ins).scales}
        for scale, value in score(response.answers).items():
            if scale in scales:
                rows.append(
                    PseudonymousScore(
                        response.wave_id,
                        response.wave.kind,
                        response.respondent.pseudonym,
                        scale,
                        value,
                        response.group_id,
                    )
                )
    return rows


def wave_finished_pseudonymous(*, programme: Programme) -> list[tuple[str, str, int | None]]:
    """(pseudonym, wave kind, set id) of every finished response to the programme's waves, for
    the report's response rates. Like wave_scores_pseudonymous: never render these rows."""
    return list(
        Response.objects.filter(wave__programme=programme, finished_at__isnull=False).values_list(
            "respondent__pseudonym", "wave__kind", "group_id"
        )
    )


def wave_response_totals(*, programme: Programme) -> dict[int, int]:
    """Finished responses per wave id, for the statistics and report code."""
    return {c.wave.pk: c.finished for c in wave_response_counts(programme=programme)}
