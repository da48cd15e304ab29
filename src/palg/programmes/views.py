"""Pages for programmes, sets and meetings: glue between forms, palg.access, selectors and
services. Every object is fetched through palg.access, which raises 404 or 403 as it decides."""

from collections import Counter
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from palg import access, dates
from palg.access import Actor
from palg.accounts import invitations
from palg.live import experiments
from palg.people.models import Person
from palg.programmes import forming, forming_views, norms, selectors, services
from palg.programmes.criteria import cohort
from palg.programmes.forming_forms import ParticipantsForm
from palg.programmes.forms import (
    AttendanceForm,
    FadingPlanForm,
    GroupForm,
    GroupRenameForm,
    MeetingEditForm,
    MeetingForm,
    MeetingRecordForm,
    MemberAddForm,
    MemberRemoveForm,
    ProgrammeForm,
    RoleAssignForm,
    RotaEntryForm,
    apply_errors,
    design_warnings_from,
)
from palg.programmes.models import Attendance, Group, Meeting, Membership, Programme
from palg.scheduling.selectors import meetings_in_closures

MSG_PROGRAMME_CREATED = "Programme created. You are its programme lead."
MSG_PROGRAMME_SAVED = "Programme saved."
MSG_ROLE_ASSIGNED = "{person} is now {role} of this programme."
MSG_GROUP_CREATED = "{group} created."
MSG_GROUP_RENAMED = "The set is now called {name}."
MSG_MEMBER_ADDED = "{person} added to {group}."
MSG_MEMBER_REMOVED = "{person} removed from {group}."
MSG_MEETING_SCHEDULED = "Meeting scheduled for {when:%a %d %b %Y, %H:%M}."
MSG_MEETING_SAVED = "Meeting saved."
MSG_ATTENDANCE_SAVED = "Attendance saved."
MSG_RECORD_SAVED = "Record saved."
MSG_PLAN_SAVED = "Fading plan saved. Redraw a set's rota to follow it."
MSG_ROTA_DRAWN = "Rota drawn from the fading plan for {count} meeting{s} still to come."
MSG_ROTA_SAVED = "Roles for this meeting saved."


def _actor(request) -> Actor:
    return Actor.from_user(request.user)


def _render_local(request, template: str, context: dict):
    """Render with dates and times in the programme's own time zone, where its sets meet."""
    with timezone.override(context["programme"].time_zone):
        return render(request, template, context)


def _design_values(form: ProgrammeForm) -> dict:
    """The design parameters as currently in the form (typed, or the saved/initial values)."""
    return {
        name: form[name].value()
        for name in ("min_group_size", "max_group_size", "cadence_weeks", "meeting_count")
    }


# Programmes -------------------------------------------------------------------------------


@login_required
@require_GET
def programme_list(request):
    """Programmes the signed-in person has a part in."""
    actor = _actor(request)
    programmes = selectors.programme_list(actor=actor)
    rows = [(programme, selectors.planned_end(programme)) for programme in programmes]
    context = {"rows": rows, "can_create": access.actor_is_staff(actor)}
    return render(request, "programmes/programme_list.html", context)


def _programme_form_page(request, form: ProgrammeForm, programme=None, saved_name=""):
    context = {
        "form": form,
        "programme": programme,
        "saved_name": saved_name,
        "warnings": design_warnings_from(_design_values(form)),
        "live": True,
    }
    return render(request, "programmes/programme_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    """Design a new programme (staff only); its creator becomes its lead."""
    actor = _actor(request)
    access.require_staff(actor)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, MSG_PROGRAMME_CREATED)
            return redirect("programme-detail", programme_id=programme.pk)
    return _programme_form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, programme_id: int):
    """Change a programme's design (leads and admins)."""
    actor = _actor(request)
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    # Kept aside: validating a ModelForm copies the typed values onto its instance.
    saved_name = programme.name
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(actor=actor, programme_id=programme.pk, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, MSG_PROGRAMME_SAVED)
            return redirect("programme-detail", programme_id=programme.pk)
    return _programme_form_page(request, form, programme, saved_name)


@login_required
@require_GET
def programme_design_check(request):
    """The norm warnings for the design values typed so far (htmx partial)."""
    access.require_staff(_actor(request))
    context = {"warnings": design_warnings_from(request.GET), "live": True}
    return render(request, "programmes/_warnings.html", context)


def _set_row(group: Group) -> dict:
    """A set with its facilitators and its member count (the facilitator is not a member)."""
    memberships = group.memberships.all()
    return {
        "group": group,
        "facilitators": [m.person for m in memberships if m.role == Membership.Role.FACILITATOR],
        "members": sum(1 for m in memberships if m.role == Membership.Role.MEMBER),
    }


def _plan_context(programme: Programme, manages: bool, plan_form=None) -> dict:
    """The fading plan in words and as a strip of meetings, and the lead's form to change it."""
    plan = selectors.fading_plan(programme=programme)
    editable = selectors.fading_plan_editable(programme=programme)
    if manages and editable and plan_form is None:
        plan_form = FadingPlanForm(
            initial={
                "adviser_meetings": plan.adviser_meetings,
                "observer_until": plan.observer_until,
            }
        )
    stages = [(number, plan.stage(number)) for number in range(1, programme.meeting_count + 1)]
    return {
        "plan": plan,
        "plan_text": plan.explain(programme.meeting_count),
        "plan_stages": stages,
        "plan_editable": editable,
        "plan_form": plan_form if manages and editable else None,
    }


def _programme_page(
    request, actor: Actor, programme: Programme, role_form=None, plan_form=None, **forms
):
    manages = access.programme_manages(actor, programme)
    oversees = manages or access.programme_oversees(actor, programme)
    if manages and role_form is None:
        role_form = RoleAssignForm(people=access.people_for_actor(actor))
    if manages and forms.get("participants_form") is None:
        forms["participants_form"] = ParticipantsForm()
    context = {
        **_plan_context(programme, manages, plan_form),
        "programme": programme,
        "planned_end": selectors.planned_end(programme),
        "manages": manages,
        "oversees": oversees,
        # Gap warnings name sets, so only those who see every set get them.
        "warnings": selectors.programme_warnings(programme=programme) if oversees else [],
        "people": selectors.programme_people(programme=programme),
        "groups": [
            _set_row(group) for group in selectors.group_summaries(actor=actor, programme=programme)
        ],
        "role_form": role_form,
        # The whole list, for those who may add to it (leads and admins).
        "participants": list(cohort(programme)) if manages else [],
        **forms,
        # The round a lead forms next: the latest one while it has no sets.
        "forming_round": forming.round_to_form(actor=actor, programme_id=programme.pk)
        if manages
        else None,
    }
    return render(request, "programmes/programme_detail.html", context)


@login_required
@require_GET
def programme_detail(request, programme_id: int):
    """A programme's design, warnings, people and the sets the viewer may see."""
    actor = _actor(request)
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id)
    return _programme_page(request, actor, programme)


@login_required
@require_POST
def programme_role_assign(request, programme_id: int):
    """Give a person a role in the programme (leads and admins)."""
    actor = _actor(request)
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    form = RoleAssignForm(request.POST, people=access.people_for_actor(actor))
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            assigned = services.programme_role_assign(
                actor=actor,
                programme_id=programme.pk,
                person_id=person.pk,
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            role = assigned.get_role_display().lower()
            messages.success(request, MSG_ROLE_ASSIGNED.format(person=person, role=role))
            if form.cleaned_data["invite"]:
                invited = invitations.invitations_for_new_roles(actor=actor, people=[person])
                messages.success(request, invitations.invitations_summary(invited))
            return redirect("programme-detail", programme_id=programme.pk)
    return _programme_page(request, actor, programme, role_form=form)


@login_required
@require_POST
def programme_participants_add(request, programme_id: int):
    """Add participants to the programme by email or directory id (leads and admins)."""
    actor = _actor(request)
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    form = forming_views.participants_add(request, actor, programme.pk)
    if form is None:
        return redirect("programme-detail", programme_id=programme.pk)
    return _programme_page(request, actor, programme, participants_form=form)


@login_required
@require_POST
def programme_fading_plan(request, programme_id: int):
    """Choose how facilitation passes from the adviser to the members (leads and admins)."""
    actor = _actor(request)
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    form = FadingPlanForm(request.POST)
    if form.is_valid():
        try:
            services.fading_plan_set(actor=actor, programme_id=programme.pk, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, MSG_PLAN_SAVED)
            return redirect("programme-detail", programme_id=programme.pk)
    return _programme_page(request, actor, programme, plan_form=form)


# Sets -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request, programme_id: int):
    """Add a set to a programme (leads and admins)."""
    actor = _actor(request)
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                actor=actor,
                programme_id=programme.pk,
                name=form.cleaned_data["name"],
                round_number=form.cleaned_data["round_number"],
            )
        except ValidationError as error:
            apply_errors(form, error, fallback="name")
        else:
            messages.success(request, MSG_GROUP_CREATED.format(group=group.label))
            return redirect("group-detail", group_id=group.pk)
    context = {"form": form, "programme": programme}
    return render(request, "programmes/group_form.html", context)


def _attendance_summary(meeting: Meeting) -> list[tuple[str, int]]:
    """('Present', 2), ('Apologies', 1)... for the statuses recorded at a meeting."""
    counts = Counter(a.status for a in meeting.attendance.all())
    return [(label, counts[value]) for value, label in Attendance.Status.choices if counts[value]]


def _group_page(
    request,
    actor: Actor,
    group: Group,
    add_form=None,
    remove_form=None,
    rota_problems=(),
    rename_form=None,
):
    programme = group.round.programme
    manages = access.programme_manages(actor, programme)
    if manages and add_form is None:
        add_form = MemberAddForm(people=access.people_for_actor(actor))
    memberships = list(selectors.group_members(group=group))
    meetings = list(selectors.meeting_list(group=group))
    can_schedule = manages or access.group_can_schedule(actor, group)
    starts = [m.starts_at for m in meetings if m.status != Meeting.Status.CANCELLED]
    context = {
        "group": group,
        "programme": programme,
        "manages": manages,
        "can_schedule": can_schedule,
        "facilitators": [m for m in memberships if m.role == Membership.Role.FACILITATOR],
        "members": [m for m in memberships if m.role == Membership.Role.MEMBER],
        "meetings": [(m, _attendance_summary(m)) for m in meetings],
        "warnings": norms.schedule_gap_warnings(group.name, starts) if can_schedule else [],
        "closed_meetings": meetings_in_closures(group=group, meetings=meetings),
        "add_form": add_form,
        "remove_form": remove_form,
        "changes": selectors.membership_changes(group=group),
        "rename_form": rename_form
        or (GroupRenameForm(initial={"name": group.name}) if manages else None),
        "rota": selectors.rota_rows(group=group),
        "rota_problems": list(rota_problems),
        # Set content: its members and facilitator see the counts, overseers do not.
        "cycles": experiments.set_learning_cycles(actor=actor, group_id=group.pk)
        if access.group_reads_content(actor, group)
        else None,
        "reads_content": access.group_reads_content(actor, group),
    }
    return _render_local(request, "programmes/group_detail.html", context)


@login_required
@require_GET
def group_detail(request, group_id: int):
    """A set: its people and its meetings."""
    actor = _actor(request)
    group = access.group_get_for_actor(actor=actor, group_id=group_id)
    return _group_page(request, actor, group)


@login_required
@require_POST
def group_rename(request, group_id: int):
    """Rename the set (leads and admins)."""
    actor = _actor(request)
    group = access.group_get_for_actor(actor=actor, group_id=group_id, manage=True)
    form = GroupRenameForm(request.POST)
    if form.is_valid():
        try:
            group = services.group_rename(
                actor=actor, group_id=group.pk, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            apply_errors(form, error, fallback="name")
        else:
            messages.success(request, MSG_GROUP_RENAMED.format(name=group.name))
            return redirect("group-detail", group_id=group.pk)
    return _group_page(request, actor, group, rename_form=form)


@login_required
@require_POST
def group_member_add(request, group_id: int):
    """Put a person in the set (leads and admins)."""
    actor = _actor(request)
    group = access.group_get_for_actor(actor=actor, group_id=group_id, manage=True)
    form = MemberAddForm(request.POST, people=access.people_for_actor(actor))
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.membership_add(
                actor=actor, group_id=group.pk, person_id=person.pk, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            apply_errors(form, error, fallback="person")
        else:
            messages.success(request, MSG_MEMBER_ADDED.format(person=person, group=group))
            return redirect("group-detail", group_id=group.pk)
    return _group_page(request, actor, group, add_form=form)


@login_required
@require_POST
def group_member_remove(request, group_id: int):
    """Take a person out of the set (leads and admins). The row's button only asks: the page it
    answers with says what removal means and removes on a second, explicit press."""
    actor = _actor(request)
    group = access.group_get_for_actor(actor=actor, group_id=group_id, manage=True)
    form = MemberRemoveForm(request.POST)
    if form.is_valid():
        person_id = form.cleaned_data["person"]
        member = group.memberships.filter(person_id=person_id).select_related("person").first()
        if member is not None and not form.cleaned_data["confirm"]:
            context = {"group": group, "programme": group.round.programme, "member": member}
            return _render_local(request, "programmes/member_remove_confirm.html", context)
        try:
            services.membership_remove(actor=actor, group_id=group.pk, person_id=person_id)
        except ValidationError as error:
            apply_errors(form, error, fallback="person")
        else:
            messages.success(request, MSG_MEMBER_REMOVED.format(person=member.person, group=group))
            return redirect("group-detail", group_id=group.pk)
    return _group_page(request, actor, group, remove_form=form)


@login_required
@require_POST
def group_rota_generate(request, group_id: int):
    """Draw the set's rota from the fading plan (leads, admins and the set's facilitator)."""
    actor = _actor(request)
    group = access.group_get_for_actor(actor=actor, group_id=group_id)
    try:
        drawn = services.rota_generate(actor=actor, group=group)
    except ValidationError as error:
        return _group_page(request, actor, group, rota_problems=error.messages)
    count = len(drawn)
    messages.success(request, MSG_ROTA_DRAWN.format(count=count, s="" if count == 1 else "s"))
    return redirect("group-detail", group_id=group.pk)


# Meetings ---------------------------------------------------------------------------------


def _suggested_start(group: Group) -> dict:
    """Start a new meeting one cadence after the set's last one, or on the programme's start."""
    programme = group.round.programme
    last = group.meetings.exclude(status=Meeting.Status.CANCELLED).order_by("-starts_at").first()
    if last is None:
        return {"date": programme.start_date, "time": "10:00"}
    # Nothing is suggested when a cadence after the last meeting leaves the dates palg accepts
    # (a meeting stored before palg.dates was enforced could be near the year 9999).
    if not dates.moment_in_window(last.starts_at):
        return {}
    local = dates.shifted(
        timezone.localtime(last.starts_at), timedelta(weeks=programme.cadence_weeks)
    )
    if local is None:
        return {}
    return {"date": local.date(), "time": local.time().replace(second=0, microsecond=0)}


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, group_id: int):
    """Schedule a meeting of the set (leads, admins and the set's facilitator)."""
    actor = _actor(request)
    group = access.group_get_for_actor(actor=actor, group_id=group_id)
    if not access.group_can_schedule(actor, group):
        raise PermissionDenied(access.MSG_READ_ONLY)
    # Dates and times typed or shown are local to where the set meets.
    with timezone.override(group.round.programme.time_zone):
        return _meeting_create(request, actor, group)


def _meeting_create(request, actor: Actor, group: Group):
    initial = {"duration_minutes": group.round.programme.meeting_minutes, **_suggested_start(group)}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                actor=actor,
                group_id=group.pk,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            when = timezone.localtime(meeting.starts_at)
            messages.success(request, MSG_MEETING_SCHEDULED.format(when=when))
            return redirect("group-detail", group_id=group.pk)
    context = {"form": form, "group": group, "programme": group.round.programme}
    return render(request, "programmes/meeting_form.html", context)


def _rota_form(meeting: Meeting, row) -> RotaEntryForm:
    initial = {
        "facilitator": row.facilitator.pk if row and row.facilitator else None,
        "timekeeper": row.timekeeper.pk if row and row.timekeeper else None,
    }
    return RotaEntryForm(initial=initial, people=_set_people(meeting.group))


def _set_people(group: Group):
    return Person.objects.filter(memberships__group=group).order_by("name")


def _meeting_context(
    actor: Actor, meeting: Meeting, attendance_form=None, record_form=None, rota_form=None
):
    group = meeting.group
    can_schedule = access.group_can_schedule(actor, group)
    memberships = list(selectors.group_members(group=group))
    recorded = {a.person_id: a for a in meeting.attendance.all()}
    if can_schedule and attendance_form is None:
        statuses = {pid: a.status for pid, a in recorded.items()}
        attendance_form = AttendanceForm(members=memberships, recorded=statuses)
    rota_row = selectors.meeting_rota(meeting=meeting)
    if can_schedule and rota_row is not None and rota_form is None:
        rota_form = _rota_form(meeting, rota_row)
    context = {
        "rota_row": rota_row,
        "rota_form": rota_form if rota_row is not None else None,
        "meeting": meeting,
        "group": group,
        "programme": group.round.programme,
        "can_schedule": can_schedule,
        "attendance": [(m, recorded.get(m.person_id)) for m in memberships],
        "attendance_form": attendance_form,
        "reads_content": access.meeting_reads_content(actor, meeting),
        # In the set, but joined after this meeting: told why they see no record.
        "joined_later": access.group_reads_content(actor, group),
        "closed_meetings": meetings_in_closures(group=group, meetings=[meeting]),
    }
    if context["reads_content"]:
        record = selectors.meeting_record_get(actor=actor, meeting_id=meeting.pk)
        context["record"] = record
        context["record_form"] = record_form or MeetingRecordForm(initial={"text": record.text})
    return context


@login_required
@require_GET
def meeting_detail(request, meeting_id: int):
    """A meeting's metadata; its record too for the set's own members and facilitator."""
    actor = _actor(request)
    meeting = access.meeting_get_for_actor(actor=actor, meeting_id=meeting_id)
    context = _meeting_context(actor, meeting)
    return _render_local(request, "programmes/meeting_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, meeting_id: int):
    """Move, shorten or cancel a meeting (leads, admins and the set's facilitator)."""
    actor = _actor(request)
    meeting = access.meeting_get_for_actor(actor=actor, meeting_id=meeting_id, schedule=True)
    with timezone.override(meeting.group.round.programme.time_zone):
        return _meeting_edit(request, actor, meeting)


def _meeting_edit(request, actor: Actor, meeting: Meeting):
    form = MeetingEditForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                actor=actor,
                meeting_id=meeting.pk,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
                status=form.cleaned_data["status"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, MSG_MEETING_SAVED)
            return redirect("meeting-detail", meeting_id=meeting.pk)
    context = {"form": form, "meeting": meeting, "group": meeting.group}
    return render(request, "programmes/meeting_form.html", context)


@login_required
@require_POST
def meeting_attendance(request, meeting_id: int):
    """Record who came (leads, admins and the set's facilitator)."""
    actor = _actor(request)
    meeting = access.meeting_get_for_actor(actor=actor, meeting_id=meeting_id, schedule=True)
    memberships = list(selectors.group_members(group=meeting.group))
    form = AttendanceForm(request.POST, members=memberships)
    if form.is_valid():
        try:
            services.attendance_record_many(
                actor=actor, meeting_id=meeting.pk, statuses=form.statuses()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, MSG_ATTENDANCE_SAVED)
            return redirect("meeting-detail", meeting_id=meeting.pk)
    context = _meeting_context(actor, meeting, attendance_form=form)
    return _render_local(request, "programmes/meeting_detail.html", context)


@login_required
@require_POST
def meeting_rota(request, meeting_id: int):
    """Name the meeting's facilitator and timekeeper (leads, admins and the set's facilitator)."""
    actor = _actor(request)
    meeting = access.meeting_get_for_actor(actor=actor, meeting_id=meeting_id, schedule=True)
    form = RotaEntryForm(request.POST, people=_set_people(meeting.group))
    if form.is_valid():
        chosen = form.cleaned_data
        try:
            services.rota_entry_update(
                actor=actor,
                meeting_id=meeting.pk,
                facilitator_id=chosen["facilitator"].pk if chosen["facilitator"] else None,
                timekeeper_id=chosen["timekeeper"].pk if chosen["timekeeper"] else None,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, MSG_ROTA_SAVED)
            return redirect("meeting-detail", meeting_id=meeting.pk)
    context = _meeting_context(actor, meeting, rota_form=form)
    return _render_local(request, "programmes/meeting_detail.html", context)


@login_required
@require_POST
def meeting_record(request, meeting_id: int):
    """Save the set's own record of a meeting (the set's members and facilitator only)."""
    actor = _actor(request)
    meeting = access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)
    form = MeetingRecordForm(request.POST)
    saved = form.is_valid()
    if saved:
        services.meeting_record_update(
            actor=actor, meeting_id=meeting.pk, text=form.cleaned_data["text"]
        )
        if not request.htmx:
            messages.success(request, MSG_RECORD_SAVED)
            return redirect("meeting-detail", meeting_id=meeting.pk)
    context = _meeting_context(actor, meeting, record_form=None if saved else form)
    context["saved"] = saved
    template = "programmes/meeting_detail.html"
    return _render_local(request, f"{template}#record" if request.htmx else template, context)
