"""The live session page, its poll and its controls: glue over palg.live.selectors and
palg.live.services, with palg.access deciding who sees what (set members and facilitator)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from palg import access
from palg.access import Actor
from palg.live import bidding, contributions, protocol, selectors, services
from palg.live.forms import (
    BidForm,
    ContributionForm,
    ControlForm,
    EndForm,
    NoteForm,
    PostAnywayForm,
    PrepareForm,
    PresentersForm,
)

TEMPLATE = "live/session.html"
MSG_PREPARED = "Session prepared: {name}."
MSG_ENDED = "The session has ended."
MSG_ENDED_HELD = "The session has ended, and the meeting is marked held with who came."
MSG_NOTED = "Saved to your journal: nobody else reads it."
MSG_NOT_LIVE = "The session is not running, so there is nothing to end."


def _actor(request) -> Actor:
    return Actor.from_request(request)  # with its session key, which poll tickets are bound to


def _page(
    request, actor, meeting_id: int, *, problems=(), prepare_form=None, partial=None, notice=""
):
    """The live page, or for htmx (and the poll, `partial`) only its #live panel."""
    view = selectors.session_view(actor=actor, meeting_id=meeting_id)
    template = protocol.TEMPLATES[view.session.template if view.session else _default(view)]
    if prepare_form is None and view.drives and view.status == "ready":
        prepare_form = PrepareForm(template=template)
    context = {
        "view": view,
        "template": template,
        "problems": list(problems),
        "prepare_form": prepare_form,
        "templates": protocol.TEMPLATES.values(),
        "notice": notice,
    }
    partial = request.htmx if partial is None else partial
    return render(request, f"{TEMPLATE}#live" if partial else TEMPLATE, context)


def _default(view) -> str:
    key = view.meeting.group.round.programme.session_template
    return key if key in protocol.TEMPLATES else protocol.DEFAULT_TEMPLATE


def _present(actor: Actor, meeting_id: int) -> None:
    """Note the viewer as present (for the quorum), at most twice a minute."""
    from palg.live import contract

    session = selectors.session_for_id(actor=actor, meeting_id=meeting_id)
    if session is not None:
        contract.presence_mark(session, actor)


@login_required
@require_GET
def live_session(request, meeting_id: int):
    """The live session: everyone in the set sees the same phase and clock."""
    actor = _actor(request)
    _present(actor, meeting_id)
    return _page(request, actor, meeting_id)


@login_required
@require_GET
def live_state(request, meeting_id: int):
    """The panel, as this viewer sees it; with `v`, 204 while that is still the current version.
    The page fetches it when live_version says the session has changed (bench/live_load.py
    measures both under load)."""
    from palg.live import contract

    actor = _actor(request)
    seen = request.GET.get("v", "")
    state = selectors.poll_state(actor=actor, meeting_id=meeting_id)
    if state.session_id is not None and actor.person_id is not None and not state.seen_lately:
        contract.presence_note(session_id=state.session_id, person_id=actor.person_id)
    if seen.isdigit() and int(seen) == state.version:
        return HttpResponse(status=204)
    return _page(request, actor, meeting_id, partial=True)


@require_GET
def live_version(request, meeting_id: int):
    """The once-a-second check of every screen: has the session moved on? The page's poll
    ticket (palg.access) stands in for the sign-in, so the answer costs one query. 204 while
    the screen shows the current version; otherwise an empty answer whose HX-Trigger
    "live-stale" makes the page fetch the panel from live_state, with the sign-in and the full
    access check. An expired ticket answers the same, and the new panel brings a new ticket."""
    from palg.live import contract

    ticket = access.poll_ticket_check(
        ticket=request.GET.get("t", ""),
        meeting_id=meeting_id,
        session_key=request.COOKIES.get(settings.SESSION_COOKIE_NAME),
    )
    if ticket.expired:
        return _stale()
    state = selectors.poll_version(ticket=ticket)
    if state is None:  # the holder has left the set since the ticket was issued
        raise Http404(access.MSG_NOT_FOUND)
    if state.session_id is not None and not state.seen_lately:
        contract.presence_note(session_id=state.session_id, person_id=ticket.person_id)
    seen = request.GET.get("v", "")
    if seen.isdigit() and int(seen) == state.version:
        return HttpResponse(status=204)
    return _stale()


def _stale() -> HttpResponse:
    response = HttpResponse(status=200)
    response["HX-Trigger"] = "live-stale"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def live_control(request, meeting_id: int):
    """A facilitator's control: start, pause, resume, next, previous, extend, hand. The end
    has a step of its own, live_end, where it is confirmed."""
    if request.POST.get("action") == "end":
        return _to_end(request, meeting_id)
    return submit(request, meeting_id, ControlForm(request.POST), lambda actor, data:
                  services.session_control(actor=actor, meeting_id=meeting_id,
                                           action=data["action"], version=data["version"],
                                           minutes=data["minutes"],
                                           person_id=data["person"]))  # fmt: skip


def _to_end(request, meeting_id: int) -> HttpResponse:
    target = reverse("live-end", args=[meeting_id])
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def live_end(request, meeting_id: int):
    """Ending the session, confirmed on a page of its own (it cannot be undone). Those who record
    attendance may mark the meeting held at the same time, with who came as the session saw it
    (they check and correct it first)."""
    actor = _actor(request)
    view = selectors.end_view(actor=actor, meeting_id=meeting_id)
    if not view.live:
        messages.info(request, MSG_NOT_LIVE)
        return redirect("live-session", meeting_id=meeting_id)
    data = request.POST if request.method == "POST" else None
    form = EndForm(data, members=view.memberships, recorded=view.suggested)
    problems = []
    if request.method == "POST" and form.is_valid():
        attendance = form.attendance() if view.records else None
        try:
            services.session_end(actor=actor, meeting_id=meeting_id, attendance=attendance)
        except ValidationError as error:
            problems = problems_of(form, error)
        else:
            messages.success(request, MSG_ENDED if attendance is None else MSG_ENDED_HELD)
            return redirect("live-session", meeting_id=meeting_id)
    return render(request, "live/end.html", {"view": view, "form": form, "problems": problems})


@login_required
@require_GET
def live_presence(request, meeting_id: int):
    """Who is here now, on the screens of those who run the session (refreshed by itself)."""
    presence = selectors.presence_get(actor=_actor(request), meeting_id=meeting_id)
    if presence is None:
        return HttpResponse(status=204)
    context = {"presence": presence, "meeting_id": meeting_id}
    return render(request, "live/_presence.html", context)


@login_required
@require_POST
def live_prepare(request, meeting_id: int):
    """Before the start: the template, its timeboxes and the optional phases to leave out."""
    actor = _actor(request)
    view = selectors.session_view(actor=actor, meeting_id=meeting_id)
    current = protocol.TEMPLATES[view.session.template if view.session else _default(view)]
    form = PrepareForm(request.POST, template=current)
    if form.is_valid():
        chosen = form.cleaned_data["template"]
        # A new template starts from its own timeboxes; otherwise keep the typed ones.
        changes = (
            {"template": chosen}
            if chosen != current.key
            else {"minutes": form.minutes(), "skip": form.cleaned_data["skip"]}
        )
        try:
            session = services.session_prepare(actor=actor, meeting_id=meeting_id, **changes)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            name = protocol.TEMPLATES[session.template].name
            messages.success(request, MSG_PREPARED.format(name=name))
            return redirect("live-session", meeting_id=meeting_id)
    return _page(request, actor, meeting_id, prepare_form=form)


def _after_change(request, actor, meeting_id: int, problems: list[str]):
    """The panel for htmx (with any problems), else back to the page with messages."""
    if not request.htmx:
        for problem in problems:
            messages.error(request, problem)
        return redirect("live-session", meeting_id=meeting_id)
    return _page(request, actor, meeting_id, problems=problems)


def problems_of(form, error: ValidationError | None = None) -> list[str]:
    """Form or service errors as sentences that name their field ("What I expect: ...")."""
    if error is not None and not hasattr(error, "error_dict"):
        return list(error.messages)
    errors = error.message_dict if error is not None else form.errors
    problems = []
    for name, messages_ in errors.items():
        field = form.fields.get(name)
        label = field.label if field is not None and name != NON_FIELD_ERRORS else ""
        problems += [f"{label}: {message}" if label else message for message in messages_]
    return problems


def submit(request, meeting_id: int, form, call):
    """Validate the form, call the service with the actor and the form's data, and answer with
    the live panel (or the page), carrying any problems."""
    actor = _actor(request)
    problems = [] if form.is_valid() else problems_of(form)
    if not problems:
        try:
            call(actor, form.cleaned_data)
        except ValidationError as error:
            problems = problems_of(form, error)
    return _after_change(request, actor, meeting_id, problems)


@login_required
@require_POST
def live_bid(request, meeting_id: int):
    """A member bids (or changes their bid) for airtime."""
    return submit(request, meeting_id, BidForm(request.POST), lambda actor, data:
                  bidding.bid_place(actor=actor, meeting_id=meeting_id, **data))  # fmt: skip


@login_required
@require_POST
def live_bid_withdraw(request, meeting_id: int):
    actor = _actor(request)
    try:
        bidding.bid_withdraw(actor=actor, meeting_id=meeting_id)
    except ValidationError as error:
        return _after_change(request, actor, meeting_id, error.messages)
    return _after_change(request, actor, meeting_id, [])


@login_required
@require_POST
def live_presenters(request, meeting_id: int):
    """The facilitator records the set's choice of presenters, in order."""
    form = PresentersForm(request.POST, people=selectors.members_of(_actor(request), meeting_id))
    return submit(request, meeting_id, form, lambda actor, data:
                  bidding.presenters_choose(actor=actor, meeting_id=meeting_id,
                                            person_ids=data["presenters"],
                                            version=data["version"]))  # fmt: skip


@login_required
@require_POST
def live_contribute(request, meeting_id: int):
    """A question or a note for the current presenter. Advice-shaped input in a question phase
    comes back to its author alone, with the reason and an offer to rephrase or post anyway."""
    return submit(request, meeting_id, ContributionForm(request.POST), lambda actor, data:
                  contributions.contribution_submit(actor=actor, meeting_id=meeting_id,
                                                    text=data["text"],
                                                    replaces=data["replaces"]))  # fmt: skip


@login_required
@require_POST
def live_note(request, meeting_id: int):
    """A private note in a phase whose notes go to one's own journal."""
    actor = _actor(request)
    form = NoteForm(request.POST)
    problems = [] if form.is_valid() else problems_of(form)
    if not problems:
        try:
            services.session_note(
                actor=actor, meeting_id=meeting_id, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            problems = problems_of(form, error)
    if not request.htmx and not problems:
        messages.success(request, MSG_NOTED)
    if not request.htmx:
        return _after_change(request, actor, meeting_id, problems)
    return _page(request, actor, meeting_id, problems=problems,
                 notice="" if problems else MSG_NOTED)  # fmt: skip


@login_required
@require_POST
def live_post_anyway(request, meeting_id: int):
    """The author posts a returned question as they wrote it."""
    return submit(request, meeting_id, PostAnywayForm(request.POST), lambda actor, data:
                  contributions.contribution_post_anyway(
                      actor=actor, meeting_id=meeting_id,
                      contribution_id=data["contribution"]))  # fmt: skip
