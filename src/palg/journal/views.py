"""The signed-in person's private journal: list and write, read, edit (free entries), delete
and export. Every entry is reached through palg.access, so anyone but its owner gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from palg.access import Actor
from palg.journal import selectors, services
from palg.journal.forms import EntryForm
from palg.programmes.forms import apply_errors

MSG_SAVED = "Saved “{title}” in your journal."
MSG_CHANGED = "Saved your changes to “{title}”."
MSG_DELETED = "Deleted “{title}” from your journal."
MSG_UNREADABLE_EDIT = "This entry cannot be edited while it cannot be read."
EXPORTS = {
    "markdown": ("text/markdown; charset=utf-8", "md", selectors.export_markdown),
    "json": ("application/json; charset=utf-8", "json", selectors.export_json),
}


def _actor(request) -> Actor:
    return Actor.from_user(request.user)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def journal(request):
    """My journal, newest first, with a form for a new free entry."""
    actor = _actor(request)
    form = EntryForm(request.POST) if request.method == "POST" else EntryForm()
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.journal_entry_create(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, MSG_SAVED.format(title=entry.unseal().title))
            return redirect("journal")
    context = {"form": form, "entries": selectors.journal_list(actor=actor)}
    return render(request, "journal/journal.html", context)


@login_required
@never_cache
@require_GET
def journal_entry(request, entry_id: int):
    item = selectors.journal_entry_read(actor=_actor(request), entry_id=entry_id)
    return render(request, "journal/entry.html", {"item": item})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def journal_entry_edit(request, entry_id: int):
    """Change a free entry; entries from a session are not edited (403)."""
    actor = _actor(request)
    item = selectors.journal_entry_read(actor=actor, entry_id=entry_id)
    if item.entry.from_session:
        raise PermissionDenied(services.MSG_NOT_EDITABLE)
    if not item.readable:
        messages.error(request, MSG_UNREADABLE_EDIT)
        return redirect("journal-entry", entry_id=entry_id)
    if request.method == "GET":
        form = EntryForm(initial={"title": item.title, "body": item.body})
    else:
        form = EntryForm(request.POST)
        if form.is_valid():
            try:
                services.journal_entry_update(actor=actor, entry_id=entry_id, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, MSG_CHANGED.format(title=form.cleaned_data["title"]))
                return redirect("journal-entry", entry_id=entry_id)
    return render(request, "journal/entry_edit.html", {"item": item, "form": form})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def journal_entry_delete(request, entry_id: int):
    """GET asks for confirmation (inline through htmx); POST deletes for good."""
    actor = _actor(request)
    item = selectors.journal_entry_read(actor=actor, entry_id=entry_id)
    if request.method == "POST":
        services.journal_entry_delete(actor=actor, entry_id=entry_id)
        messages.success(request, MSG_DELETED.format(title=item.title))
        return redirect("journal")
    template = "journal/entry_delete.html" + ("#confirm" if request.htmx else "")
    return render(request, template, {"item": item})


@login_required
@never_cache
@require_GET
def journal_export(request, fmt: str):
    """Everything in my journal, as a Markdown or JSON download."""
    if fmt not in EXPORTS:
        raise Http404("Export as markdown or json.")
    content_type, extension, export = EXPORTS[fmt]
    response = HttpResponse(export(actor=_actor(request)), content_type=content_type)
    name = f"palg-journal-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
