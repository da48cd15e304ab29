"""Theme pages: a set's themes (on its page, or at a session's process review), and the theme
map of a programme or the organisation. Glue between forms, palg.access and the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from palg import access
from palg.access import Actor
from palg.programmes.forms import apply_errors
from palg.themes import rule, selectors, services
from palg.themes.forms import (
    AnswerForm,
    AskForm,
    LinkForm,
    ResponseForm,
    StatementForm,
    VoteForm,
)

MSG_DRAFTED = "Theme drafted. It goes out only when every member who must has consented."
MSG_EDITED = "Theme changed: everyone consents again to the new wording."
MSG_CONSENTED = "You consented."
MSG_RELEASED = (
    "Everyone has consented: the theme is released. It reaches the theme map only inside a "
    "theme raised by at least {sets} sets and {people} people, and never with your set's name."
)
MSG_WITHDRAWN = "Theme withdrawn: it has left every theme on the map."
MSG_LINKED = "Noted: your theme counts toward that released theme."
MSG_KEPT_NEW = "Noted: your theme stays a theme of its own."
MSG_BAD_CHOICE = "Choose one of the themes offered, or keep yours new."


def _actor(request) -> Actor:
    return Actor.from_user(request.user)


def _page(request, actor, *, group_id=None, meeting_id=None, form=None, errors=None, status=200):
    themes = selectors.set_themes(actor=actor, group_id=group_id, meeting_id=meeting_id)
    loop = selectors.set_loop_for_group(themes.group)
    context = {
        "themes": themes,
        "loop": loop,
        "form": form or AnswerForm(asks=loop.asks, initial={"ask": request.GET.get("ask")}),
        "errors": errors or {},
        "min_sets": rule.min_sets(),
        "min_people": rule.min_people(),
    }
    return render(request, "themes/set.html", context, status=status)


def _draft(request, *, group_id: int, meeting_id: int | None):
    actor = _actor(request)
    if request.method != "POST":
        return _page(request, actor, group_id=group_id, meeting_id=meeting_id)
    # Access before input: the services check it again; here so that a refused visitor gets
    # their 403 or 404 whatever they sent.
    if meeting_id is not None:
        access.theme_meeting_get_for_actor(actor=actor, meeting_id=meeting_id, write=True)
    group = access.theme_set_get_for_actor(actor=actor, group_id=group_id, write=True)
    asks = selectors.set_loop_for_group(group).asks
    form = AnswerForm(request.POST, asks=asks)
    if form.is_valid():
        try:
            services.statement_draft(actor=actor, group_id=group_id, meeting_id=meeting_id,
                                     text=form.cleaned_data["text"],
                                     ask_id=form.cleaned_data.get("ask"))  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error, fallback="text")
        else:
            messages.success(request, MSG_DRAFTED)
            return redirect(request.path)
    return _page(request, actor, group_id=group_id, meeting_id=meeting_id, form=form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def set_themes(request, group_id: int):
    """The set's themes for the organisation; a member drafts one here."""
    return _draft(request, group_id=group_id, meeting_id=None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_themes(request, meeting_id: int):
    """The same at a session's process review: its members present consent."""
    meeting = access.theme_meeting_get_for_actor(actor=_actor(request), meeting_id=meeting_id)
    return _draft(request, group_id=meeting.group_id, meeting_id=meeting_id)


def _back(statement):
    if statement.meeting_id is not None:
        return redirect("meeting-themes", statement.meeting_id)
    return redirect("set-themes", statement.group_id)


def _statement_page(request, actor, statement_id: int, error: ValidationError):
    """Re-render the page the statement is on, with the error beside it."""
    statement = access.theme_statement_get_for_actor(actor=actor, statement_id=statement_id)
    errors = {statement_id: error.messages}
    return _page(request, actor, group_id=statement.group_id, meeting_id=statement.meeting_id,
                 errors=errors, status=422)  # fmt: skip


@login_required
@require_POST
def statement_edit(request, statement_id: int):
    actor = _actor(request)
    form = StatementForm(request.POST)
    form.is_valid()
    try:
        statement = services.statement_edit(
            actor=actor, statement_id=statement_id, text=form.cleaned_data.get("text", "")
        )
    except ValidationError as error:
        return _statement_page(request, actor, statement_id, error)
    messages.success(request, MSG_EDITED)
    return _back(statement)


@login_required
@require_POST
def statement_consent(request, statement_id: int):
    actor = _actor(request)
    try:
        statement = services.statement_consent(actor=actor, statement_id=statement_id)
    except ValidationError as error:
        return _statement_page(request, actor, statement_id, error)
    if statement.state == statement.State.RELEASED:
        messages.success(request, MSG_RELEASED.format(sets=rule.min_sets(),
                                                      people=rule.min_people()))  # fmt: skip
    else:
        messages.success(request, MSG_CONSENTED)
    return _back(statement)


@login_required
@require_POST
def statement_withdraw(request, statement_id: int):
    actor = _actor(request)
    try:
        statement = services.statement_withdraw(actor=actor, statement_id=statement_id)
    except ValidationError as error:
        return _statement_page(request, actor, statement_id, error)
    messages.success(request, MSG_WITHDRAWN)
    return _back(statement)


@login_required
@require_POST
def statement_link(request, statement_id: int):
    actor = _actor(request)
    # Access before input: someone who may not link gets their 403 or 404, not a message about
    # what they sent.
    access.theme_statement_get_for_actor(actor=actor, statement_id=statement_id, write=True)
    form = LinkForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(MSG_BAD_CHOICE)
        theme_id = form.theme_id()
        statement = services.statement_link(actor=actor, statement_id=statement_id,
                                            theme_id=theme_id)  # fmt: skip
    except ValidationError as error:
        return _statement_page(request, actor, statement_id, error)
    messages.success(request, MSG_LINKED if theme_id else MSG_KEPT_NEW)
    return _back(statement)


def _programme_map_page(request, actor, programme_id: int, *, ask_form=None, response_form=None,
                        status=200):  # fmt: skip
    theme_map = selectors.programme_theme_map(actor=actor, programme_id=programme_id)
    context = {
        "map": theme_map,
        "loop": selectors.programme_loop(actor=actor, programme=theme_map.programme),
        "ask_form": ask_form or AskForm(),
        "response_form": response_form,
        "respond_url": reverse("programme-theme-respond", args=[programme_id]),
    }
    return render(request, "themes/map.html", context, status=status)


@login_required
@require_safe
def programme_map(request, programme_id: int):
    return _programme_map_page(request, _actor(request), programme_id)


def _organisation_map_page(request, actor, *, response_form=None, status=200):
    theme_map = selectors.organisation_theme_map(actor=actor)
    context = {"map": theme_map, "response_form": response_form,
               "respond_url": reverse("theme-respond")}  # fmt: skip
    return render(request, "themes/map.html", context, status=status)


@login_required
@require_safe
def organisation_map(request):
    return _organisation_map_page(request, _actor(request))


# The loop back: asks, responses and rounds ----------------------------------------------------

MSG_ASKED = "Your question is on every set's page of the programme."
MSG_ASK_CLOSED = "The ask is closed: it takes no more answers."
MSG_RESPONDED = "Your response is on the page of every set that can see it."
MSG_ROUND_OPENED = "The round is open: every member of the programme's sets can vote."
MSG_VOTED = "Your vote is recorded, anonymously. You can change it until the round closes."
MSG_ROUND_CLOSED = "The round is closed."


@login_required
@require_POST
def ask_create(request, programme_id: int):
    actor = _actor(request)
    access.ask_programme_get_for_actor(actor=actor, programme_id=programme_id)
    form = AskForm(request.POST)
    form.is_valid()
    try:
        ask = services.ask_create(actor=actor, programme_id=programme_id,
                                  question=form.cleaned_data.get("question", ""))  # fmt: skip
    except ValidationError as error:
        apply_errors(form, error, fallback="question")
        return _programme_map_page(request, actor, programme_id, ask_form=form, status=422)
    messages.success(request, MSG_ASKED)
    return redirect("ask-detail", ask.pk)


def _ask_page(request, actor, ask_id: int, *, response_form=None, error=None, status=200):
    page = selectors.ask_page(actor=actor, ask_id=ask_id)
    context = {"page": page, "response_form": response_form or ResponseForm(), "error": error}
    return render(request, "themes/ask.html", context, status=status)


@login_required
@require_safe
def ask_detail(request, ask_id: int):
    return _ask_page(request, _actor(request), ask_id)


@login_required
@require_POST
def ask_close(request, ask_id: int):
    actor = _actor(request)
    try:
        services.ask_close(actor=actor, ask_id=ask_id)
    except ValidationError as error:
        return _ask_page(request, actor, ask_id, error=error.messages, status=422)
    messages.success(request, MSG_ASK_CLOSED)
    return redirect("ask-detail", ask_id)


@login_required
@require_POST
def ask_respond(request, ask_id: int):
    actor = _actor(request)
    access.ask_get_for_actor(actor=actor, ask_id=ask_id)
    form = ResponseForm(request.POST)
    form.is_valid()
    try:
        services.response_to_ask(actor=actor, ask_id=ask_id, text=form.cleaned_data.get("text"),
                                 owner=form.cleaned_data.get("owner"))  # fmt: skip
    except ValidationError as error:
        apply_errors(form, error, fallback="text")
        return _ask_page(request, actor, ask_id, response_form=form, status=422)
    messages.success(request, MSG_RESPONDED)
    return redirect("ask-detail", ask_id)


def _respond(request, *, programme_id: int | None):
    actor = _actor(request)
    if programme_id is not None:
        access.ask_programme_get_for_actor(actor=actor, programme_id=programme_id)
    else:
        access.require_theme_map_reader(actor)
    form = ResponseForm(request.POST)
    form.is_valid()
    try:
        services.response_to_theme(actor=actor, theme_id=form.cleaned_data.get("theme") or "",
                                   text=form.cleaned_data.get("text"),
                                   owner=form.cleaned_data.get("owner"),
                                   programme_id=programme_id)  # fmt: skip
    except ValidationError as error:
        apply_errors(form, error, fallback="text")
        if programme_id is not None:
            return _programme_map_page(request, actor, programme_id, response_form=form,
                                       status=422)  # fmt: skip
        return _organisation_map_page(request, actor, response_form=form, status=422)
    messages.success(request, MSG_RESPONDED)
    if programme_id is not None:
        return redirect("programme-theme-map", programme_id)
    return redirect("theme-map")


@login_required
@require_POST
def programme_theme_respond(request, programme_id: int):
    """Respond to a released theme of the programme's map: its sets see the response."""
    return _respond(request, programme_id=programme_id)


@login_required
@require_POST
def theme_respond(request):
    """Respond to a released theme of the organisation's map: every set sees the response."""
    return _respond(request, programme_id=None)


@login_required
@require_POST
def round_open(request, programme_id: int):
    actor = _actor(request)
    access.round_programme_get_for_actor(actor=actor, programme_id=programme_id)
    form = LinkForm(request.POST)
    form.is_valid()
    try:
        theme_round = services.round_open(actor=actor, programme_id=programme_id,
                                          theme_id=form.theme_id() or "")  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("programme-theme-map", programme_id)
    messages.success(request, MSG_ROUND_OPENED)
    return redirect("round-detail", theme_round.pk)


def _round_page(request, actor, round_id: int, *, form=None, status=200):
    page = selectors.round_page(actor=actor, round_id=round_id)
    form = form or VoteForm(initial={"choice": page.my_vote or None})
    context = {"page": page, "form": form, "min_votes": selectors.MIN_VOTES}
    return render(request, "themes/round.html", context, status=status)


@login_required
@require_safe
def round_detail(request, round_id: int):
    return _round_page(request, _actor(request), round_id)


@login_required
@require_POST
def round_vote(request, round_id: int):
    actor = _actor(request)
    access.theme_round_get_for_actor(actor=actor, round_id=round_id, vote=True)
    form = VoteForm(request.POST)
    form.is_valid()
    try:
        services.round_vote(actor=actor, round_id=round_id,
                            choice=form.cleaned_data.get("choice") or "")  # fmt: skip
    except ValidationError as error:
        apply_errors(form, error, fallback="choice")
        return _round_page(request, actor, round_id, form=form, status=422)
    messages.success(request, MSG_VOTED)
    return redirect("round-detail", round_id)


@login_required
@require_POST
def round_close(request, round_id: int):
    actor = _actor(request)
    try:
        services.round_close(actor=actor, round_id=round_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, MSG_ROUND_CLOSED)
    return redirect("round-detail", round_id)
