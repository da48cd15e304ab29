"""The programme report: level 1 (attendance), level 3 (behaviour), level 4 (outcomes from the
survey waves), L >= C, response rates per wave and the methods note, for one programme and one
audience. The HTML page, the PDF, the CSV and the API all render the same `Report`.

Every figure is a `Row` (level, measure, breakdown, value, n, note). Levels 1 and 3 and L >= C
are computed by palg.impact.selectors' own functions, so the report never disagrees with the
impact page. Level 4 comes from pseudonymous per-respondent scale scores (`level4_inputs`) and
palg_evaluation's statistics. Nothing leaves without passing the floor (palg.impact.floor: at
least min_cell() people, and for sponsors at least 3 sets among the people each figure rests
on), and level 4's figures of a scale are checked against differencing as well (_differencing:
the baseline means through palg_evaluation.disclosure.suppress, and the later wave's mean
against the paired difference), so no group of fewer than min_cell() people, or for sponsors
from fewer than 3 sets, can be had by subtracting shown figures. Everything is
pooled across sets: no row is ever per set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.impact.floor import (
    MIN_SETS_FOR_SPONSORS,
    MSG_FEWER_PEOPLE,
    MSG_FEWER_SETS,
    MSG_NO_DATA,
    Audience,
    Figure,
    min_cell,
)
from palg.impact.pools import Pool, pools
from palg.impact.selectors import (
    LC_EXPLANATION,
    _change_weights,
    _changes_per_month,
    figures,
    lc_series,
)
from palg.programmes.models import Programme
from palg_evaluation import (
    SCALES,
    cell,
    completers_vs_dropouts,
    methods_note,
    mixed_model,
    paired_change,
    suppress,
)
from palg_evaluation.disclosure import falls_short

WAVE_ORDER = ("baseline", "mid", "end", "follow_up")
WAVE_NAMES = {
    "baseline": "Baseline",
    "mid": "Mid-programme",
    "end": "End of programme",
    "follow_up": "Follow-up",
}
LEVEL1 = "Level 1: attendance"
LEVEL3 = "Level 3: behaviour"
LEVEL4 = "Level 4: outcomes"
LC = "L ≥ C"
RESPONSE = "Response rates"
PROGRAMME = "programme (pooled across sets)"
MSG_NO_WAVES = "No survey waves yet."
MSG_NO_ANSWERS = "No survey answers yet."
MSG_SUPPRESSED = "not shown: could be derived from other shown figures"
ABOUT_ORGANISATION = "about the organisation, not people"
CSV_HEADER = ("level", "measure", "breakdown", "value", "n", "note")


@dataclass(frozen=True)
class Row:
    """One shown (or withheld) aggregate. `value` is None when withheld, and then `n` is None
    too (how few people there were is not said) and `note` says why."""

    level: str
    measure: str
    breakdown: str
    value: float | int | str | None
    n: int | None
    note: str = ""

    @property
    def shown(self) -> bool:
        return self.value is not None

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in CSV_HEADER}


@dataclass
class ScaleResult:
    """Level 4 for one scale: its per-wave means, paired change and mixed model rows."""

    scale: str
    name: str
    low: float
    high: float
    waves: list[Row] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


@dataclass
class Report:
    programme: Programme
    audience: Audience
    today: date
    min_cell: int
    level1: list[Row]
    level3: list[Row]
    lc: list[Row]  # one row per month for L, one per month for C
    lc_explanation: str
    scales: list[ScaleResult]
    responses: list[Row]
    methods: list[str]
    level4_empty: str = ""

    @property
    def rows(self) -> list[Row]:
        """Every aggregate the report shows, in the report's order (the CSV's rows)."""
        found = [*self.level1, *self.level3, *self.lc, *self.responses]
        for result in self.scales:
            found += [*result.waves, *result.rows]
        return found

    @property
    def is_sponsor(self) -> bool:
        return self.audience is Audience.SPONSOR


# Level 4's inputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level4Inputs:
    """Pseudonymous scale scores, (respondent, wave, scale, score) per row, how many people
    each wave asked, and the set each respondent answered a wave in ((respondent, wave) -> set
    id). Never rendered as they are. A respondent whose set is not known counts towards no set,
    so a sponsor's figure never rests on sets it cannot name (it is withheld instead)."""

    scores: list[tuple[str, str, str, float]]
    invited: dict[str, int]
    sets: dict[tuple[str, str], int] = field(default_factory=dict)
    # Who finished each wave: the response rate counts them (answers saved part-way still give
    # scores under the half-items rule). None: everyone with a score counts as finished.
    finished: dict[str, set[str]] | None = None

    def responded(self, wave: str, answered: set[str]) -> set[str]:
        return answered if self.finished is None else self.finished.get(wave, set())

    def sets_of(self, people: Iterable[str], waves: Iterable[str]) -> int:
        """How many distinct sets the people answered in, over those waves."""
        waves = tuple(waves)
        found = {self.sets.get((person, wave)) for person in people for wave in waves}
        found.discard(None)
        return len(found)


def level4_inputs(programme: Programme) -> Level4Inputs:
    """The programme's survey answers as scale scores by pseudonym
    (palg.surveys.selectors.wave_scores_pseudonymous: every response, finished or saved part-way,
    that has enough items for a score under the half-items rule), and how many each wave that
    has opened asked (its participants). A wave not open yet is left out."""
    from palg.surveys.models import Wave
    from palg.surveys.selectors import (
        wave_finished_pseudonymous,
        wave_response_counts,
        wave_scores_pseudonymous,
    )

    invited = {
        count.wave.kind: count.invited
        for count in wave_response_counts(programme=programme)
        if count.state != Wave.State.PLANNED
    }
    rows = [r for r in wave_scores_pseudonymous(programme=programme) if r.wave_kind in invited]
    scores = [(r.respondent, r.wave_kind, r.scale, r.score) for r in rows]
    sets = {(r.respondent, r.wave_kind): r.group_id for r in rows if r.group_id is not None}
    finished: dict[str, set[str]] = defaultdict(set)
    for respondent, wave, group_id in wave_finished_pseudonymous(programme=programme):
        if wave in invited:
            finished[wave].add(respondent)
            if group_id is not None:
                sets[(respondent, wave)] = group_id
    return Level4Inputs(scores, invited, sets, dict(finished))


# Building -------------------------------------------------------------------------------------


def _gate(value, *, people: int, sets: int, audience: Audience, k: int) -> Figure:
    """palg.impact.floor.release with the floor already read once (k = min_cell())."""
    if people == 0 or value is None:
        return Figure(None, MSG_NO_DATA)
    if people < k:
        return Figure(None, MSG_FEWER_PEOPLE.format(k=k))
    if audience is Audience.SPONSOR and sets < MIN_SETS_FOR_SPONSORS:
        return Figure(None, MSG_FEWER_SETS)
    return Figure(value)


def _row(level: str, measure: str, figure: Figure, n: int | None, note: str = "", **kw) -> Row:
    breakdown = kw.get("breakdown", PROGRAMME)
    if not figure.shown:
        return Row(level, measure, breakdown, None, None, figure.withheld)
    return Row(level, measure, breakdown, figure.value, n, note)


def _levels_1_3(pool: Pool, audience: Audience, changes: float | None):
    f = figures(pool, audience, changes)
    attendees, owners = len(pool.attendees), len(pool.owners)
    members, reporters = len(pool.members), len(pool.reporters)
    level1 = [
        _row(LEVEL1, "Attendance rate (%)", f.attendance_rate, attendees, "present / recorded"),
    ]
    level3 = [
        _row(LEVEL3, "Experiments committed", f.committed, owners),
        _row(LEVEL3, "Experiments reported back", f.reported_back, owners),
        _row(LEVEL3, "Report-back rate (%)", f.report_back_rate, owners),
        _row(LEVEL3, "Experiments completed", f.completed, owners),
        _row(LEVEL3, "Experiments dropped", f.dropped, owners),
        _row(LEVEL3, "Median days to report-back", f.median_days_to_report, reporters),
        _row(LEVEL3, "Learning cycles", f.cycles, members),
        _row(LEVEL3, "Learning cycles per member-month", f.cycles_per_member_month, members),
    ]
    return f, level1, level3


def _lc_rows(pool: Pool, weights, audience: Audience, today: date, f) -> list[Row]:
    rows = [
        _row(
            LC, "L: learning cycles per member-month", f.cycles_per_member_month, len(pool.members)
        ),  # fmt: skip
        Row(
            LC,
            "C: change events per month, weighted",
            PROGRAMME,
            f.changes_per_month.value,
            None,
            f.changes_per_month.withheld or "about the organisation, not people",
        ),  # fmt: skip
    ]
    for month in lc_series(pool, weights, audience, today):
        label = month.month.strftime("%Y-%m")
        people = len(pool.month_members.get(month.month, ()))
        rows.append(
            _row(
                LC,
                "L: learning cycles per member-month",
                month.learning,
                people,
                breakdown=f"month {label}",
            )  # fmt: skip
        )
        rows.append(
            Row(
                LC,
                "C: change events, weighted",
                f"month {label}",
                month.change_weight,
                None,
                f"{month.change_count} event(s) logged",
            )  # fmt: skip
        )
    return rows


def _p(p: float | None) -> str | None:
    """A p-value as a reader wants it: 3 decimals, or "< 0.001"."""
    if p is None:
        return None
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _r(x, digits: int = 2):
    return None if x is None else round(float(x), digits)


def _level4(inputs: Level4Inputs, audience: Audience, k: int):
    by_scale: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    answered: dict[str, set[str]] = defaultdict(set)
    for respondent, wave, scale, value in inputs.scores:
        by_scale[scale][wave][respondent] = value
        answered[wave].add(respondent)
    waves = [w for w in WAVE_ORDER if w in inputs.invited or w in answered]

    responses = []
    for wave in waves:
        finished = inputs.responded(wave, answered.get(wave, set()))
        invited, responded = inputs.invited.get(wave, 0), len(finished)
        rate = round(100 * responded / invited) if invited else None
        sets = inputs.sets_of(finished, (wave,))
        figure = _gate(rate, people=responded, sets=sets, audience=audience, k=k)
        responses.append(
            _row(
                RESPONSE,
                "Response rate (%)",
                figure,
                responded,
                f"{responded} of {invited} finished" if figure.shown else "",
                breakdown=f"wave {WAVE_NAMES[wave]}",
            )  # fmt: skip
        )
    results = [
        _scale(scale_id, by_scale[scale_id], audience, inputs, k)
        for scale_id in SCALES
        if scale_id in by_scale
    ]
    return responses, results


class _Release:
    """Level 4's figures for one scale: each rests on a population (`sizes`, by key: how many
    people, and `sets`: in how many distinct sets they answered) and is shown only if that
    population passes the floor (and, for sponsors, spans 3 sets) and `hidden` (see
    _differencing) does not hold its key."""

    def __init__(self, sizes, sets, hidden, audience: Audience, k: int):
        self.sizes, self.sets, self.hidden = sizes, sets, hidden
        self.audience, self.k = audience, k

    def row(self, key, measure, value, note="", *, breakdown):
        people, sets = self.sizes[key], self.sets[key]
        figure = _gate(value, people=people, sets=sets, audience=self.audience, k=self.k)
        if figure.shown and key in self.hidden:
            figure = Figure(None, MSG_SUPPRESSED)
        return _row(LEVEL4, measure, figure, people, note, breakdown=breakdown)


def _differencing(before, after, later: str, span: str, k: int, spread) -> set:
    """The keys to withhold so that no group of fewer than k people (or, for sponsors, from
    fewer than 3 sets: `spread(people, waves)` says whether people are spread widely enough)
    can be had by subtracting shown figures. Sums of the same variable are compared: baseline
    scores (the baseline mean, the completers' and the drop-outs' baseline means) through
    palg_evaluation's suppress; and the paired mean difference links the pairs' baseline and
    later scores, so the later wave's mean is withheld when it and the difference would give
    away the later-only people's scores (fewer than k of them, or from too few sets) or, when
    everyone in it is paired, the drop-outs' baseline (likewise). Each wave's mean is otherwise
    a different variable, and the mixed model's estimates and the effect sizes are not sums
    over people: those pass the floor alone."""
    common = set(before) & set(after)
    dropouts, later_only = set(before) - common, set(after) - common
    hidden = suppress(
        [
            cell("wave", "baseline", before),
            cell("completers", span, common),
            cell("drop-outs", span, dropouts),
        ],
        floor=k,
        enough=lambda people: spread(people, ("baseline",)),
    )

    def risky(people, wave):
        return falls_short(people, k, lambda them: spread(them, (wave,)))

    if len(common) >= k and (
        risky(later_only, later) or (not later_only and risky(dropouts, "baseline"))
    ):
        hidden.add(("wave", later))
    return hidden


def _spread(inputs: Level4Inputs, audience: Audience):
    """Whether people answering in waves span enough sets for the audience: 3 for sponsors."""
    if audience is not Audience.SPONSOR:
        return lambda people, waves: True
    return lambda people, waves: inputs.sets_of(people, waves) >= MIN_SETS_FOR_SPONSORS


def _scale(scale_id: str, per_wave, audience: Audience, inputs: Level4Inputs, k: int):
    scale = SCALES[scale_id]
    name = scale.name
    result = ScaleResult(scale_id, name, scale.low, scale.high)
    present = [w for w in WAVE_ORDER if per_wave.get(w)]
    later = next((w for w in ("end", "mid") if w in present), None)
    # Each figure's population: its people, and the waves whose sets they are counted in.
    populations = {("wave", w): (set(per_wave[w]), (w,)) for w in present}
    hidden: set = set()
    comparing = "baseline" in present and later is not None
    if comparing:
        before, after = per_wave["baseline"], per_wave[later]
        common = sorted(set(before) & set(after))
        span = f"baseline → {WAVE_NAMES[later].lower()}"
        populations |= {
            ("pairs", span): (set(common), ("baseline", later)),
            ("completers", span): (set(common), ("baseline",)),
            ("drop-outs", span): (set(before) - set(after), ("baseline",)),
            ("model", "all waves"): ({p for w in present for p in per_wave[w]}, present),
        }
        hidden = _differencing(before, after, later, span, k, _spread(inputs, audience))
    sizes = {key: len(people) for key, (people, _) in populations.items()}
    sets = {key: inputs.sets_of(*population) for key, population in populations.items()}
    release = _Release(sizes, sets, hidden, audience, k)
    for wave in present:
        scores = per_wave[wave]
        result.waves.append(
            release.row(
                ("wave", wave),
                f"{name}: mean",
                _r(sum(scores.values()) / len(scores)),
                breakdown=f"wave {WAVE_NAMES[wave]}",
            )  # fmt: skip
        )
    if not comparing:
        return result
    rows = result.rows
    change = paired_change([before[p] for p in common], [after[p] for p in common])
    pairs = ("pairs", span)

    def add(measure, value, note=""):
        rows.append(release.row(pairs, f"{name}: {measure}", value, note, breakdown=span))

    add("mean difference (later - baseline)", _r(change.mean_diff))
    if change.inference:
        ci = change.ci95_d_z
        add(
            "d_z (mean difference / SD of differences)",
            _r(change.d_z),
            f"bootstrap 95% CI {ci[0]:.2f} to {ci[1]:.2f}, {change.resamples} resamples, "
            f"seed {change.seed}"
            if ci
            else (change.reason or ""),
        )
        add("Hedges' g", _r(change.hedges_g))
        add("Wilcoxon signed-rank p", _p(change.wilcoxon_p))
    else:
        add("pairs (descriptives only)", change.n, change.reason or "")

    respondents, waves, scores = [], [], []
    for wave in present:
        for person, value in per_wave[wave].items():
            respondents.append(person)
            waves.append(wave)
            scores.append(value)
    model = mixed_model(respondents, waves, scores, wave_order=present)
    key = ("model", "all waves")
    if model.inference:
        for effect in model.effects:
            note = f"95% CI {effect.ci_low:.2f} to {effect.ci_high:.2f}, p {_p(effect.p)}"
            rows.append(
                release.row(
                    key,
                    f"{name}: mixed model, difference from baseline",
                    _r(effect.estimate),
                    note,
                    breakdown=f"wave {WAVE_NAMES[effect.wave]}",
                )  # fmt: skip
            )
    else:
        rows.append(
            release.row(
                key,
                f"{name}: mixed model, respondents",
                model.n_respondents,
                model.reason or "",
                breakdown="all waves",
            )  # fmt: skip
        )

    drop = completers_vs_dropouts(before, set(after))
    for label, group, key in (
        ("completers", drop.completers, ("completers", span)),
        ("drop-outs", drop.dropouts, ("drop-outs", span)),
    ):
        rows.append(
            release.row(
                key,
                f"{name}: baseline mean of {label}",
                _r(group.mean),
                drop.reason or "",
                breakdown=span,
            )  # fmt: skip
        )
    return result


def _empty(inputs: Level4Inputs) -> str:
    if inputs.scores:
        return ""
    return MSG_NO_ANSWERS if inputs.invited else MSG_NO_WAVES


def build_report(
    programme: Programme,
    audience: Audience,
    today: date | None = None,
    *,
    inputs: Level4Inputs | None = None,
) -> Report:
    """The report on `programme` for `audience` (the caller has decided the audience: through
    palg.access for people, OVERSEER for the operator's command line). `inputs` replaces the
    programme's own survey scores (the benchmark and the statistics tests give their own)."""
    today = today or timezone.localdate()
    k = min_cell()
    pool = pools([programme], today=today)[programme.pk]
    weights = _change_weights([programme])[programme.pk]
    f, level1, level3 = _levels_1_3(pool, audience, _changes_per_month(pool, weights, today))
    inputs = level4_inputs(programme) if inputs is None else inputs
    responses, scales = _level4(inputs, audience, k)
    return Report(
        programme=programme,
        audience=audience,
        today=today,
        min_cell=k,
        level1=level1,
        level3=level3,
        lc=_lc_rows(pool, weights, audience, today, f),
        lc_explanation=LC_EXPLANATION,
        scales=scales,
        responses=responses,
        methods=methods_note(),
        level4_empty=_empty(inputs),
    )


def programme_report(*, actor: Actor, programme_id: int, today: date | None = None) -> Report:
    """The report for the actor: the full pooled view for the programme's leads and the
    organisation's admins, the sponsor view (3 sets behind every figure) for its sponsors; 403
    for its members, 404 for anyone else (palg.access.programme_impact_get_for_actor)."""
    programme, audience = access.programme_impact_get_for_actor(
        actor=actor, programme_id=programme_id
    )
    return build_report(programme, audience, today)
