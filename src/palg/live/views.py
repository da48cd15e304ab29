"""The live session page, its poll and its controls: glue over palg.live.selectors and
palg.live.services, with palg.access deciding who sees what (set members and facilitator)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from palg.access import Actor
from palg.live import bidding, contributions, protocol, selectors, services
from palg.live.forms import (
    BidForm,
    ContributionForm,
    ControlForm,
    PostAnywayForm,
    PrepareForm,
    PresentersForm,
)

TEMPLATE = "live/session.html"
MSG_PREPARED = "Session prepared: {name}."


def _actor(request) -> Actor:
    return Actor.from_user(request.user)


def _page(request, actor, meeting_id: int, *, problems=(), prepare_form=None, status=200):
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
    }
    name = f"{TEMPLATE}#live" if request.htmx and not prepare_form else TEMPLATE
    return render(request, name, context, status=status)


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
    """The poll: 204 while the state is the version the screen shows, else the new panel.
    Every screen asks once a second, so the 204 costs one query beyond the sign-in's own
    (bench/live_load.py measures it under load)."""
    from palg.live import contract

    actor = _actor(request)
    seen = request.GET.get("v", "")
    state = selectors.poll_state(actor=actor, meeting_id=meeting_id)
    if state.session_id is not None and actor.person_id is not None and not state.seen_lately:
        contract.presence_note(session_id=state.session_id, person_id=actor.person_id)
    if seen.isdigit() and int(seen) == state.version:
        return HttpResponse(status=204)
    view = selectors.session_view(actor=actor, meeting_id=meeting_id)
    template = protocol.TEMPLATES[view.session.template if view.session else _default(view)]
    return render(request, f"{TEMPLATE}#live", {"view": view, "template": template})


@login_required
@require_POST
def live_control(request, meeting_id: int):
    """A facilitator's control: start, pause, resume, next, previous, extend, hand, end."""
    actor = _actor(request)
    form = ControlForm(request.POST)
    problems = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.session_control(
                actor=actor,
                meeting_id=meeting_id,
                action=data["action"],
                version=data["version"],
                minutes=data["minutes"],
                person_id=data["person"],
            )
        except ValidationError as error:
            problems = error.messages
    else:
        problems = _errors(form)
    return _after_change(request, actor, meeting_id, problems)


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


def _errors(form) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]


@login_required
@require_POST
def live_bid(request, meeting_id: int):
    """A member bids (or changes their bid) for airtime."""
    actor = _actor(request)
    form = BidForm(request.POST)
    problems = _errors(form) if not form.is_valid() else []
    if not problems:
        try:
            bidding.bid_place(actor=actor, meeting_id=meeting_id, **form.cleaned_data)
        except ValidationError as error:
            problems = error.messages
    return _after_change(request, actor, meeting_id, problems)


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
    actor = _actor(request)
    form = PresentersForm(request.POST, people=selectors.members_of(actor, meeting_id))
    problems = _errors(form) if not form.is_valid() else []
    if not problems:
        try:
            bidding.presenters_choose(
                actor=actor,
                meeting_id=meeting_id,
                person_ids=form.cleaned_data["presenters"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            problems = error.messages
    return _after_change(request, actor, meeting_id, problems)


@login_required
@require_POST
def live_contribute(request, meeting_id: int):
    """A question or a note for the current presenter. Advice-shaped input in a question phase
    comes back to its author alone, with the reason and an offer to rephrase or post anyway."""
    actor = _actor(request)
    form = ContributionForm(request.POST)
    problems = _errors(form) if not form.is_valid() else []
    if not problems:
        try:
            contributions.contribution_submit(
                actor=actor,
                meeting_id=meeting_id,
                text=form.cleaned_data["text"],
                replaces=form.cleaned_data["replaces"],
            )
        except ValidationError as error:
            problems = error.messages
    return _after_change(request, actor, meeting_id, problems)


@login_required
@require_POST
def live_post_anyway(request, meeting_id: int):
    """The author posts a returned question as they wrote it."""
    actor = _actor(request)
    form = PostAnywayForm(request.POST)
    problems = _errors(form) if not form.is_valid() else []
    if not problems:
        try:
            contributions.contribution_post_anyway(
                actor=actor,
                meeting_id=meeting_id,
                contribution_id=form.cleaned_data["contribution"],
            )
        except ValidationError as error:
            problems = error.messages
    return _after_change(request, actor, meeting_id, problems)
