"""Impact pages: a programme's pooled figures and L >= C, a set's own figures and pulse, and
the change event log. Glue between forms, palg.access and the impact services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from palg import access
from palg.access import Actor
from palg.impact import selectors, services
from palg.impact.floor import min_cell
from palg.impact.forms import ChangeEventForm
from palg.live.models import PULSE_QUESTIONS
from palg.live.review import PULSE_MIN_ANSWERS
from palg.programmes.forms import apply_errors

MSG_LOGGED = "Change event logged: {event}."
MSG_SAVED = "Change event saved: {event}."
MSG_DELETED = "Change event deleted: {event}."


def _actor(request) -> Actor:
    return Actor.from_user(request.user)


@login_required
@require_safe
def programme_impact(request, programme_id: int):
    actor = _actor(request)
    impact = selectors.programme_impact(actor=actor, programme_id=programme_id)
    can_log = access.change_event_programmes_for_actor(actor).filter(pk=programme_id).exists()
    context = {"impact": impact, "can_log": can_log, "min_cell": min_cell()}
    return render(request, "impact/programme.html", context)


def _report(request, programme_id: int):
    from palg.impact.report import programme_report

    return programme_report(actor=_actor(request), programme_id=programme_id)


@login_required
@require_safe
def programme_report(request, programme_id: int):
    from palg.impact import exports

    return HttpResponse(exports.html_page(_report(request, programme_id), request=request))


@login_required
@require_safe
def programme_report_pdf(request, programme_id: int):
    from palg.impact import exports

    response = HttpResponse(exports.pdf_bytes(_report(request, programme_id)),
                            content_type="application/pdf")  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="programme-{programme_id}-report.pdf"'
    return response


@login_required
@require_safe
def programme_report_csv(request, programme_id: int):
    from palg.impact import exports

    response = HttpResponse(exports.csv_text(_report(request, programme_id)),
                            content_type="text/csv; charset=utf-8")  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="programme-{programme_id}-report.csv"'
    return response


@login_required
@require_safe
def set_impact(request, group_id: int):
    impact = selectors.set_impact(actor=_actor(request), group_id=group_id)
    context = {"impact": impact, "questions": PULSE_QUESTIONS, "least": PULSE_MIN_ANSWERS}
    return render(request, "impact/set.html", context)


def _form(actor: Actor, data=None, **kwargs) -> ChangeEventForm:
    return ChangeEventForm(
        data, programmes=access.change_event_programmes_for_actor(actor), **kwargs
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def change_event_list(request):
    actor = _actor(request)
    events = selectors.change_event_list(actor=actor)
    form = _form(actor, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.change_event_create(actor=actor, **form.values())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, MSG_LOGGED.format(event=event))
            return redirect("change-event-list")
    return render(request, "impact/change_events.html", {"events": events, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def change_event_edit(request, event_id: int):
    actor = _actor(request)
    event = access.change_event_get_for_actor(actor=actor, event_id=event_id)
    initial = {"happened_on": event.happened_on, "title": event.title, "size": event.size,
               "programme": event.programme_id}  # fmt: skip
    form = _form(actor, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.change_event_update(actor=actor, event_id=event_id, **form.values())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, MSG_SAVED.format(event=event))
            return redirect("change-event-list")
    return render(request, "impact/change_event.html", {"event": event, "form": form})


@login_required
@require_POST
def change_event_delete(request, event_id: int):
    event = services.change_event_delete(actor=_actor(request), event_id=event_id)
    messages.success(request, MSG_DELETED.format(event=event))
    return redirect("change-event-list")
