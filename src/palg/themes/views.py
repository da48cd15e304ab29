"""Theme pages: a set's themes (on its page, or at a session's process review), and the theme
map of a programme or the organisation. Glue between forms, palg.access and the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from palg import access
from palg.access import Actor
from palg.programmes.forms import apply_errors
from palg.themes import rule, selectors, services
from palg.themes.forms import LinkForm, StatementForm

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
    context = {
        "themes": themes,
        "form": form or StatementForm(),
        "errors": errors or {},
        "min_sets": rule.min_sets(),
        "min_people": rule.min_people(),
    }
    return render(request, "themes/set.html", context, status=status)


def _draft(request, *, group_id: int, meeting_id: int | None):
    actor = _actor(request)
    form = StatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_draft(actor=actor, group_id=group_id, meeting_id=meeting_id,
                                     text=form.cleaned_data["text"])  # fmt: skip
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


@login_required
@require_safe
def programme_map(request, programme_id: int):
    theme_map = selectors.programme_theme_map(actor=_actor(request), programme_id=programme_id)
    return render(request, "themes/map.html", {"map": theme_map})


@login_required
@require_safe
def organisation_map(request):
    theme_map = selectors.organisation_theme_map(actor=_actor(request))
    return render(request, "themes/map.html", {"map": theme_map})
