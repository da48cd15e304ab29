"""The participant's surveys (answer, one instrument per screen; my scores) and a programme's
wave plan for its overseers. Thin: palg.access decides who reaches what."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from palg import access
from palg.access import Actor
from palg.surveys import plan, selectors, services
from palg.surveys.forms import WaveForm, answers_from_post
from palg.surveys.models import PRIVATE_NOTE, SAVED_NOTE, THIS_GROUP_NOTE, Wave
from palg_evaluation.instruments import instrument

MSG_PLAN_SAVED = "Saved the survey waves."
MSG_FINISHED = "Thank you: your answers are saved. Only you can see them."
MSG_SAVED_LATER = "Saved. You can finish until the survey closes on {day}."
MSG_PICK = "Choose one of the answers."


def _this_group_note(group) -> str:
    if group is None:
        return THIS_GROUP_NOTE.replace(", {group}", "")  # "“This group” is your set."
    return format_html(THIS_GROUP_NOTE.replace("{group}", "<strong>{}</strong>"), group.name)


def _actor(request) -> Actor:
    return Actor.from_request(request)


@login_required
@never_cache
@require_GET
def my_surveys(request):
    waves = selectors.own_waves(actor=_actor(request))
    return render(request, "surveys/mine.html", {"waves": waves})


@login_required
@never_cache
@require_GET
def my_scores(request):
    scores = selectors.own_scores(actor=_actor(request))
    return render(request, "surveys/scores.html", {"programmes": scores})


def _next_step(wave: Wave, response) -> int:
    """The first instrument with a question left unanswered (the last one if none is)."""
    answers = response.answers if response else {}
    for step, ins in enumerate(wave.instruments):
        if any(item.id not in answers for item in instrument(ins).items):
            return step
    return max(len(wave.instruments) - 1, 0)


@login_required
@never_cache
@require_GET
def survey_answer(request, wave_id: int):
    """Where to carry on: the first screen with questions left."""
    actor = _actor(request)
    wave = access.own_wave_get_for_actor(actor=actor, wave_id=wave_id)
    response = selectors.own_response(actor=actor, wave=wave)
    return redirect("survey-step", wave_id=wave.pk, step=_next_step(wave, response))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def survey_step(request, wave_id: int, step: int):
    """One instrument's questions; POST saves them (Next, Back, Save for later, Finish)."""
    actor = _actor(request)
    wave = access.own_wave_get_for_actor(actor=actor, wave_id=wave_id)
    if step >= len(wave.instruments):
        raise Http404("This survey has no such screen.")
    ins = instrument(wave.instruments[step])
    state = wave.state(timezone.now())
    response = selectors.own_response(actor=actor, wave=wave)
    answers = response.answers if response else {}
    errors: list[str] = []
    if request.method == "POST":
        answers_in, blank, bad = answers_from_post(request.POST, ins.items)
        action = request.POST.get("action", "next")
        last = step == len(wave.instruments) - 1
        try:
            if bad:
                raise ValidationError(MSG_PICK)
            services.response_save(
                actor=actor,
                wave_id=wave.pk,
                answers=answers_in,
                clear=blank,
                finish=action == "finish" and last,
            )
        except ValidationError as error:
            errors = error.messages
            answers = {**answers, **answers_in}
        else:
            if action == "back" and step > 0:
                return redirect("survey-step", wave_id=wave.pk, step=step - 1)
            if action == "later":
                day = plan._day(wave.closes_on)
                messages.success(request, MSG_SAVED_LATER.format(day=day))
                return redirect("my-surveys")
            if action == "finish" and last:
                messages.success(request, MSG_FINISHED)
                return redirect("my-scores")
            return redirect(
                "survey-step", wave_id=wave.pk, step=min(step + 1, len(wave.instruments) - 1)
            )
    group = response.group if response and response.group else services._current_group(actor, wave)
    context = {
        "wave": wave,
        "state": state,
        "instrument": ins,
        "questions": [(item, answers.get(item.id)) for item in ins.items],
        "step": step,
        "steps": len(wave.instruments),
        "last": step == len(wave.instruments) - 1,
        "response": response,
        "group": group,
        "errors": errors,
        "closes": plan._day(wave.closes_on),
        "opens": plan._day(wave.opens_on),
        "frozen": state != Wave.State.OPEN,
        "private_note": PRIVATE_NOTE,
        "saved_note": SAVED_NOTE.format(closes=plan._day(wave.closes_on)),
        "this_group_note": _this_group_note(group),
    }
    return render(request, "surveys/answer.html", context, status=422 if errors else 200)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def programme_waves(request, programme_id: int):
    """The programme's waves: the plan (proposed until saved) for its leads and admins, dates
    and response counts for its sponsors."""
    actor = _actor(request)
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, oversee=True)
    manages = access.programme_manages(actor, programme)
    counts = selectors.programme_waves(actor=actor, programme=programme)
    forms, problems, proposed = [], [], not counts
    if manages:
        try:
            current = [
                plan.PlannedWave(c.wave.kind, c.wave.opens_on, c.wave.closes_on, c.wave.instruments)
                for c in counts
            ] or plan.wave_plan_propose(programme=programme)
        except ValidationError as error:
            problems, current = error.messages, []
        forms = [
            (
                w,
                WaveForm(
                    request.POST if request.method == "POST" else None,
                    prefix=w.kind,
                    initial={
                        "opens_on": w.opens_on,
                        "closes_on": w.closes_on,
                        "instruments": w.instruments,
                    },
                ),
            )
            for w in current
        ]
        if request.method == "POST" and forms and all(f.is_valid() for _, f in forms):
            waves = [
                plan.PlannedWave(
                    w.kind,
                    f.cleaned_data["opens_on"],
                    f.cleaned_data["closes_on"],
                    f.cleaned_data["instruments"],
                )
                for w, f in forms
            ]
            try:
                services.wave_plan_apply(actor=actor, programme_id=programme.pk, waves=waves)
            except ValidationError as error:
                problems = error.messages
            else:
                messages.success(request, MSG_PLAN_SAVED)
                return redirect("programme-waves", programme_id=programme.pk)
    elif request.method == "POST":
        access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    context = {
        "programme": programme,
        "counts": counts,
        "forms": forms,
        "problems": problems,
        "proposed": proposed,
        "manages": manages,
    }
    status = 422 if problems and request.method == "POST" else 200
    return render(request, "surveys/waves.html", context, status=status)
