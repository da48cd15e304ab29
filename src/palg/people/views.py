"""The people pages: the directory, one person, and the CSV import with preview and confirm."""

from collections.abc import Sequence
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from palg import access
from palg.access import Actor
from palg.accounts import invitations
from palg.people import importing, selectors, services
from palg.people.forms import PersonFilterForm, PersonImportForm
from palg.people.importing import ImportProblem, PeopleImportError

PAGE_SIZE = 50
PREVIEW_ROWS = 200
EXAMPLE_CSV = Path(__file__).resolve().parent / "example_people.csv"

MSG_PREVIEW_EXPIRED = (
    "This preview has expired or was already used. Upload the file again to import it."
)
MSG_IMPORTED = (
    "Imported {rows} people: {created} created, {updated} updated, {unchanged} unchanged."
)
MSG_LEAVERS_CLOSED = "Deactivated the accounts of {count} people marked as having left."


@login_required
@require_GET
@vary_on_headers("HX-Request")
def person_list(request):
    actor = Actor.from_user(request.user)
    options = selectors.person_filter_options(actor=actor)
    form = PersonFilterForm(request.GET, options=options)
    q, filters = form.search()
    people = selectors.person_list(actor=actor, q=q, filters=filters)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "searching": bool(q or filters)}
    partial = request.htmx and not request.htmx.history_restore_request
    template = "people/person_list.html#results" if partial else "people/person_list.html"
    return render(request, template, context)


@login_required
@require_GET
def person_detail(request, person_id: int):
    actor = Actor.from_user(request.user)
    person = selectors.person_detail(actor=actor, person_id=person_id)
    context = {
        "person": person,
        "attributes": sorted((person.attributes or {}).items()),
        "reports": selectors.person_reports(person=person),
        "involvement": selectors.person_involvement(actor=actor, person=person),
        "can_browse": access.actor_is_staff(actor),
    }
    return render(request, "people/person_detail.html", context)


def _staff_actor(request) -> Actor:
    actor = Actor.from_user(request.user)
    access.require_staff(actor)
    return actor


def _upload_page(request, form, *, problems: Sequence[ImportProblem] = (), status: int = 200):
    context = {
        "form": form,
        "problems": problems,
        "required_columns": importing.REQUIRED_COLUMNS,
        "optional_columns": importing.OPTIONAL_COLUMNS,
    }
    return render(request, "people/person_import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def person_import(request):
    """Upload a CSV; a valid file gets a preview to confirm, an invalid one its problems."""
    actor = _staff_actor(request)
    if request.method == "GET":
        return _upload_page(request, PersonImportForm())
    form = PersonImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    data = form.read_data()
    try:
        report = importing.people_import(actor=actor, data=data, commit=False)
    except PeopleImportError as error:
        return _upload_page(request, PersonImportForm(), problems=error.problems, status=400)
    token = services.pending_import_save(actor=actor, data=data)
    context = {
        "report": report,
        "token": token,
        "shown": report.changes[:PREVIEW_ROWS],
        "preview_rows": PREVIEW_ROWS,
    }
    return render(request, "people/person_import_preview.html", context)


@login_required
@require_POST
def person_import_confirm(request):
    """Import the previewed file for real, checking it again against today's directory."""
    actor = _staff_actor(request)
    token = request.POST.get("token", "")
    data = services.pending_import_read(actor=actor, token=token)
    if data is None:
        problems = [ImportProblem(None, None, MSG_PREVIEW_EXPIRED)]
        return _upload_page(request, PersonImportForm(), problems=problems, status=400)
    try:
        report = importing.people_import(actor=actor, data=data, commit=True)
    except PeopleImportError as error:
        return _upload_page(request, PersonImportForm(), problems=error.problems, status=400)
    finally:
        services.pending_import_discard(actor=actor, token=token)
    if request.POST.get("invite"):
        invited = invitations.invitations_for_import(actor=actor, report=report)
        messages.success(request, invitations.invitations_summary(invited))
    messages.success(
        request,
        MSG_IMPORTED.format(
            rows=report.rows,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
        ),
    )
    if report.deactivated:
        messages.info(request, MSG_LEAVERS_CLOSED.format(count=report.deactivated))
    return redirect("person-list")


@login_required
@require_GET
def person_import_example(request):
    _staff_actor(request)
    response = HttpResponse(EXAMPLE_CSV.read_bytes(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="people-example.csv"'
    return response


# Declared conflicts ----------------------------------------------------------------------------

MSG_CONFLICT_ADDED = "{a} and {b} will never be placed in the same set."
MSG_CONFLICT_REMOVED = "{a} and {b} may share a set again."


def _conflicts_page(request, actor: Actor, form, status: int = 200):
    context = {"form": form, "conflicts": services.conflict_list(actor=actor)}
    return render(request, "people/conflict_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def conflict_list(request):
    """Declared conflicts, for staff: pairs kept apart in every programme's sets."""
    from django.core.exceptions import ValidationError

    from palg.programmes.forming_forms import ConflictForm
    from palg.programmes.forms import apply_errors

    actor = Actor.from_user(request.user)
    people = access.people_for_actor(actor)
    form = ConflictForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        a, b = form.cleaned_data["person"], form.cleaned_data["other"]
        try:
            services.conflict_create(actor=actor, person_id=a.pk, other_id=b.pk)
        except ValidationError as error:
            apply_errors(form, error, fallback="other")
        else:
            messages.success(request, MSG_CONFLICT_ADDED.format(a=a, b=b))
            return redirect("conflict-list")
    return _conflicts_page(request, actor, form)


@login_required
@require_POST
def conflict_delete(request, conflict_id: int):
    actor = Actor.from_user(request.user)
    conflict = access.conflict_get_for_actor(actor=actor, conflict_id=conflict_id)
    a, b = conflict.first, conflict.second
    services.conflict_delete(actor=actor, conflict_id=conflict.pk)
    messages.success(request, MSG_CONFLICT_REMOVED.format(a=a, b=b))
    return redirect("conflict-list")
