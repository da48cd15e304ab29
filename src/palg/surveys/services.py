"""Writes: a programme's wave plan (proposed, applied, changed within the norms) and a person's
answers to a wave (saved as they go, finished, frozen once the wave closes)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from palg import access
from palg.access import Actor
from palg.programmes.models import Membership
from palg.surveys import plan
from palg.surveys.models import Respondent, Response, Wave
from palg.surveys.plan import PlannedWave, wave_plan_propose  # noqa: F401  (the plan's entry)
from palg_evaluation.instruments import instrument
from palg_evaluation.scoring import score

MSG_PLANNED = "This programme's waves are planned already: change their dates or instruments."
MSG_CLOSED_WAVE = "The {wave} wave has closed: its dates and instruments stay as they were."
MSG_OPEN_INSTRUMENTS = (
    "The {wave} wave is open: its instruments cannot change while people are answering."
)
MSG_OPENED_DATE = "The {wave} wave has opened already: its opening day cannot move."
MSG_NOT_OPEN_YET = "This survey opens on {day}; you can answer it from then."
MSG_FROZEN = "This survey closed on {day}: your answers are kept as they were and cannot change."
MSG_UNKNOWN_ITEM = "“{item}” is not a question of this survey."
MSG_BAD_VALUE = "{value!r} is not one of the answers to “{item}”."


def _invalid(problems: list[str]) -> ValidationError:
    return ValidationError([ValidationError(p, code="norms") for p in problems])


def _frozen_problems(wave: Wave, changed: PlannedWave, now) -> list[str]:
    """A closed wave keeps everything; an open one its instruments and its opening day."""
    label = wave.get_kind_display().lower()
    state = wave.state(now)
    same_dates = (changed.opens_on, changed.closes_on) == (wave.opens_on, wave.closes_on)
    same_instruments = list(changed.instruments) == list(wave.instruments)
    if state == Wave.State.CLOSED:
        return [] if same_dates and same_instruments else [MSG_CLOSED_WAVE.format(wave=label)]
    problems = []
    if state == Wave.State.OPEN:
        if not same_instruments:
            problems.append(MSG_OPEN_INSTRUMENTS.format(wave=label))
        if changed.opens_on != wave.opens_on:
            problems.append(MSG_OPENED_DATE.format(wave=label))
    return problems


def _save_plan(programme, waves: list[PlannedWave]) -> list[Wave]:
    existing = {w.kind: w for w in Wave.objects.select_for_update().filter(programme=programme)}
    now = timezone.now()
    problems = []
    for changed in waves:
        if changed.kind in existing:
            problems += _frozen_problems(existing[changed.kind], changed, now)
    kinds = {w.kind for w in waves}
    kept = [
        PlannedWave(w.kind, w.opens_on, w.closes_on, list(w.instruments))
        for kind, w in existing.items()
        if kind not in kinds
    ]
    problems += plan.wave_plan_problems(programme=programme, waves=[*waves, *kept])
    if problems:
        raise _invalid(problems)
    saved = []
    for changed in waves:
        wave = existing.get(changed.kind) or Wave(programme=programme, kind=changed.kind)
        wave.opens_on, wave.closes_on = changed.opens_on, changed.closes_on
        wave.instruments = list(changed.instruments)
        wave.save()
        saved.append(wave)
    return saved


@transaction.atomic
def wave_plan_apply(
    *, actor: Actor, programme_id: int, waves: list[PlannedWave] | None = None
) -> list[Wave]:
    """Save the programme's waves: without `waves`, the proposed plan (only while it has none);
    with them, the lead's version, checked as a whole against the norms."""
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    if waves is None:
        if Wave.objects.filter(programme=programme).exists():
            raise ValidationError(MSG_PLANNED, code="planned")
        waves = plan.wave_plan_propose(programme=programme)
    return _save_plan(programme, waves)


@transaction.atomic
def wave_update(
    *,
    actor: Actor,
    wave_id: int,
    opens_on: date | None = None,
    closes_on: date | None = None,
    instruments: list[str] | None = None,
) -> Wave:
    """Change one wave's dates or instruments within the norms (its leads and admins)."""
    wave = access.wave_get_for_actor(actor=actor, wave_id=wave_id, manage=True)
    changed = PlannedWave(
        kind=wave.kind,
        opens_on=opens_on or wave.opens_on,
        closes_on=closes_on or wave.closes_on,
        instruments=list(instruments if instruments is not None else wave.instruments),
    )
    (saved,) = _save_plan(wave.programme, [changed])
    return saved


def wave_items(wave: Wave) -> dict:
    """Item id -> Item, for every question the wave asks."""
    return {item.id: item for ins in wave.instruments for item in instrument(ins).items}


def _check_answers(wave: Wave, answers: dict[str, int]) -> None:
    items = wave_items(wave)
    errors = []
    for item_id, value in answers.items():
        item = items.get(item_id)
        if item is None:
            errors.append(MSG_UNKNOWN_ITEM.format(item=item_id))
        elif type(value) is not int or value not in {o.value for o in item.options}:
            errors.append(MSG_BAD_VALUE.format(value=value, item=item_id))
    if errors:
        raise _invalid(errors)
    score(answers)  # the scoring's own check: a ValueError here is a bug, not bad input


def _current_group(actor: Actor, wave: Wave):
    membership = (
        Membership.objects.filter(
            person_id=actor.person_id,
            role=Membership.Role.MEMBER,
            group__round__programme_id=wave.programme_id,
        )
        .select_related("group")
        .order_by("-group__round__number", "-id")
        .first()
    )
    return membership.group if membership else None


def refuse_unless_open(wave: Wave) -> None:
    now = timezone.now()
    state = wave.state(now)
    if state == Wave.State.PLANNED:
        raise ValidationError(MSG_NOT_OPEN_YET.format(day=plan._day(wave.opens_on)), code="early")
    if state == Wave.State.CLOSED:
        raise ValidationError(MSG_FROZEN.format(day=plan._day(wave.closes_on)), code="frozen")


@transaction.atomic
def response_save(
    *,
    actor: Actor,
    wave_id: int,
    answers: dict[str, int],
    clear: tuple[str, ...] | list[str] = (),
    finish: bool = False,
) -> Response:
    """Save some of the actor's answers to an open wave (merged into what they saved before;
    `clear` removes answers taken back) and, with `finish`, mark the response finished."""
    wave = access.own_wave_get_for_actor(actor=actor, wave_id=wave_id)
    refuse_unless_open(wave)
    _check_answers(wave, answers)
    items = wave_items(wave)
    unknown = [item for item in clear if item not in items]
    if unknown:
        raise _invalid([MSG_UNKNOWN_ITEM.format(item=item) for item in unknown])
    respondent, _ = Respondent.objects.get_or_create(
        programme_id=wave.programme_id, person_id=actor.person_id
    )
    response, created = Response.objects.select_for_update().get_or_create(
        wave=wave, respondent=respondent, defaults={"group": _current_group(actor, wave)}
    )
    merged = {k: v for k, v in response.answers.items() if k not in clear}
    merged.update(answers)
    response.answers = merged
    if finish and response.finished_at is None:
        response.finished_at = timezone.now()
    response.save()
    return response
