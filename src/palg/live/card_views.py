"""Experiment cards between meetings: a person's "My experiments" page, writing a card for one
of their sets, and a card's page, where its owner changes its status and adds dated
observations. Glue over palg.live.experiments, which (with palg.access) decides who may see and
write: a card's set sees it, only its owner writes, anyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from palg.access import Actor
from palg.live import experiments
from palg.live.forms import CardNewForm, CardStatusForm, ObservationForm
from palg.programmes.forms import apply_errors

MSG_CREATED = "Experiment saved. It comes back at your set's next report-back."
MSG_STATUS = "Status changed to {status}."
MSG_OBSERVED = "Observation added to the card."


def _actor(request) -> Actor:
    return Actor.from_user(request.user)


@login_required
@require_GET
def my_experiments(request):
    """The signed-in person's own cards: open ones first, then closed ones, across programmes."""
    mine = experiments.my_experiments(actor=_actor(request))
    return render(request, "live/my_experiments.html", {"mine": mine})


@login_required
@require_http_methods(["GET", "POST"])
def card_new(request):
    """Write an experiment card between meetings, for one of one's own sets."""
    actor = _actor(request)
    sets = experiments.own_sets(actor)
    if request.method == "GET":
        initial = {"group": request.GET.get("set") or (sets[0].pk if sets else None)}
        form = CardNewForm(initial=initial, sets=sets)
        return render(request, "live/card_new.html", {"form": form, "sets": sets})
    form = CardNewForm(request.POST, sets=sets)
    if form.is_valid():
        try:
            data = dict(form.cleaned_data)
            card = experiments.card_create(actor=actor, group_id=data.pop("group"), **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, MSG_CREATED)
            return redirect("card-detail", card_id=card.pk)
    return render(request, "live/card_new.html", {"form": form, "sets": sets})


def _card_page(request, actor: Actor, card_id: int, *, status_form=None, observation_form=None):
    card = experiments.card_get(actor=actor, card_id=card_id)
    owns = card.owner_id == actor.person_id
    if owns and status_form is None:
        status_form = CardStatusForm(initial={"status": card.status})
    if owns and observation_form is None:
        observation_form = ObservationForm(initial={"observed_on": timezone.localdate()})
    context = {"card": card, "owns": owns, "status_form": status_form,
               "observation_form": observation_form}  # fmt: skip
    return render(request, "live/card.html", context)


@login_required
@require_GET
def card_detail(request, card_id: int):
    """An experiment card and its whole history: its owner and set only (404 for anyone else).
    Its owner also gets the forms to change its status and add an observation."""
    return _card_page(request, _actor(request), card_id)


def _write(request, card_id: int, form, call, done: str, form_name: str):
    """Check the writer first (404/403), then the form and the service; on a problem, the card
    page again with the form as typed and its messages, and nothing changed."""
    actor = _actor(request)
    experiments.card_get_to_write(actor=actor, card_id=card_id)
    if form.is_valid():
        try:
            entry = call(actor, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done.format(status=entry.get_status_after_display().lower()))
            return redirect("card-detail", card_id=card_id)
    return _card_page(request, actor, card_id, **{form_name: form})


@login_required
@require_POST
def card_status(request, card_id: int):
    """The owner changes the card's status (planned, in progress, done, dropped)."""
    return _write(request, card_id, CardStatusForm(request.POST), lambda actor, data:
                  experiments.card_status_change(actor=actor, card_id=card_id, **data),
                  MSG_STATUS, "status_form")  # fmt: skip


@login_required
@require_POST
def card_observe(request, card_id: int):
    """The owner adds a dated observation to the card's history."""
    return _write(request, card_id, ObservationForm(request.POST), lambda actor, data:
                  experiments.card_observe(actor=actor, card_id=card_id, **data),
                  MSG_OBSERVED, "observation_form")  # fmt: skip
