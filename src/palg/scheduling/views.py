"""Scheduling pages and calendar files: glue between forms, palg.access and the scheduling
services. Objects are fetched through palg.access, which answers 404 or 403 as it decides."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from palg import access
from palg.access import Actor
from palg.programmes.forms import apply_errors
from palg.programmes.models import time_zone_names
from palg.scheduling import ics, selectors, services
from palg.scheduling.forms import (
    BlackoutForm,
    ScheduleConfirmForm,
    ScheduleForm,
    TimeZoneForm,
)

MSG_APPLIED = "Schedule saved: {created} new, {moved} moved, {kept} unchanged."
MSG_CLASH_WARNING = "Clash: {clash}"
MSG_TIME_ZONE_SAVED = "Time zone saved: {zone}."
MSG_BLACKOUT_ADDED = "Blackout added: {blackout}."
MSG_BLACKOUT_REMOVED = "Blackout removed: {blackout}."
MSG_FEED_REVOKED = "Your calendar feed is revoked: calendars using its URL get nothing more."
MSG_NO_FEED = "You had no calendar feed to revoke."


def _actor(request) -> Actor:
    return Actor.from_user(request.user)


def _calendar_response(request, file: services.CalendarFile, filename: str) -> HttpResponse:
    """The file with its ETag and Last-Modified, or 304 Not Modified when the client's copy is
    current (If-None-Match, else If-Modified-Since). `no-cache`: clients keep the file but ask
    again each time; `private`: no shared cache keeps it."""
    response = HttpResponse(file.body, content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    response["ETag"] = file.etag
    modified = None
    if file.last_modified is not None:
        modified = int(file.last_modified.timestamp())
        response["Last-Modified"] = http_date(modified)
    return get_conditional_response(
        request, etag=file.etag, last_modified=modified, response=response
    )


# A set's schedule -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def set_schedule(request, group_id: int):
    """Propose the set's series (GET previews, changing nothing) and apply it (POST), for the
    programme's leads and admins and the set's facilitator."""
    actor = _actor(request)
    defaults = services.schedule_defaults(actor=actor, group_id=group_id)
    common = defaults["common"]
    if request.method == "POST":
        return _schedule_confirm(request, actor, group_id, common)
    # No time by default: a blank time follows the chosen part of the day (09:00, 14:00, 18:00).
    initial = {"slot": defaults["slot"], "start": defaults["start"]}
    form = ScheduleForm(request.GET or None, initial=initial, common=common)
    proposal = None
    if form.is_bound:
        proposal = _propose(actor, group_id, form)
    elif defaults["slot"] and defaults["start"]:
        proposal = services.schedule_propose(actor=actor, group_id=group_id)
    return _schedule_page(request, actor, group_id, form, proposal, common)


def _propose(actor, group_id: int, form: ScheduleForm):
    """The proposal for a valid form, or None with the service's errors on the form."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services.schedule_propose(
            actor=actor, group_id=group_id, slot=data["slot"], at=data["time"], start=data["start"]
        )
    except ValidationError as error:
        apply_errors(form, error)
        return None


def _schedule_confirm(request, actor, group_id: int, common):
    form = ScheduleConfirmForm(request.POST, common=common)
    stale = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            applied = services.schedule_apply(
                actor=actor,
                group_id=group_id,
                slot=data["slot"],
                at=data["time"],
                start=data["start"],
                location=data["location"],
                fingerprint=data["fingerprint"] or None,
            )
        except ValidationError as error:
            stale = getattr(error, "code", None) == "stale"
            if not stale:
                apply_errors(form, error)
        else:
            counts = {"created": len(applied.created), "moved": len(applied.moved)}
            messages.success(request, MSG_APPLIED.format(kept=applied.kept, **counts))
            for clash in applied.proposal.clashes:
                messages.warning(request, MSG_CLASH_WARNING.format(clash=clash))
            return redirect("group-detail", group_id=group_id)
    proposal = _propose(actor, group_id, form) if not form.errors else None
    return _schedule_page(request, actor, group_id, form, proposal, common, stale=stale)


def _schedule_page(request, actor, group_id, form, proposal, common, stale=False):
    group = access.group_get_for_actor(actor=actor, group_id=group_id)
    context = {
        "group": group,
        "programme": group.round.programme,
        "form": form,
        "proposal": proposal,
        "common": common,
        "stale": stale,
        "stale_message": services.MSG_STALE,
        "blackouts": selectors.blackouts_for(programme=group.round.programme),
        "manages": access.programme_manages(actor, group.round.programme),
    }
    if proposal is not None:
        context["confirm_form"] = ScheduleConfirmForm(
            initial={"location": form.data.get("location", "")}, common=common
        )
    return render(request, "scheduling/set_schedule.html", context)


@login_required
@require_GET
def set_calendar(request, group_id: int):
    """The set's meetings as a calendar file: set metadata, for whoever may see the set."""
    actor = _actor(request)
    group = access.group_get_for_actor(actor=actor, group_id=group_id)
    meetings = list(selectors.group_calendar(group=group))
    name = f"{group.label} ({group.round.programme.name})"
    body = ics.feed(meetings, name=name, uid=ics.calendar_uid("set", group.pk))
    file = services.CalendarFile(body, ics.etag(body), ics.last_modified(meetings))
    return _calendar_response(request, file, f"set-{group.pk}.ics")


# A programme's time zone and blackouts -----------------------------------------------------


def _programme_page(request, actor, programme_id, zone_form=None, blackout_form=None):
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    context = {
        "programme": programme,
        "zone_form": zone_form or TimeZoneForm(initial={"time_zone": programme.time_zone}),
        "blackout_form": blackout_form or BlackoutForm(),
        "blackouts": selectors.blackouts_for(programme=programme),
        "is_staff": access.actor_is_staff(actor),
        "sets": access.groups_for_actor(actor, programme),
        "time_zone_names": sorted(time_zone_names()),
    }
    return render(request, "scheduling/programme_calendar.html", context)


@login_required
@require_GET
def programme_calendar(request, programme_id: int):
    """The programme's time zone and blackout dates (its leads and admins)."""
    return _programme_page(request, _actor(request), programme_id)


@login_required
@require_POST
def programme_time_zone(request, programme_id: int):
    actor = _actor(request)
    form = TimeZoneForm(request.POST)
    if form.is_valid():
        try:
            programme = services.programme_time_zone_set(
                actor=actor, programme_id=programme_id, time_zone=form.cleaned_data["time_zone"]
            )
        except ValidationError as error:
            apply_errors(form, error, fallback="time_zone")
        else:
            messages.success(request, MSG_TIME_ZONE_SAVED.format(zone=programme.time_zone))
            return redirect("programme-calendar", programme_id=programme_id)
    return _programme_page(request, actor, programme_id, zone_form=form)


@login_required
@require_POST
def blackout_create(request, programme_id: int):
    actor = _actor(request)
    form = BlackoutForm(request.POST)
    if form.is_valid():
        try:
            blackout = services.blackout_create(
                actor=actor, programme_id=programme_id, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, MSG_BLACKOUT_ADDED.format(blackout=blackout))
            return redirect("programme-calendar", programme_id=programme_id)
    return _programme_page(request, actor, programme_id, blackout_form=form)


@login_required
@require_POST
def blackout_delete(request, blackout_id: int):
    actor = _actor(request)
    blackout = services.blackout_delete(actor=actor, blackout_id=blackout_id)
    messages.success(request, MSG_BLACKOUT_REMOVED.format(blackout=blackout))
    back = request.POST.get("programme") or blackout.programme_id
    if back and str(back).isdigit():
        return redirect("programme-calendar", programme_id=int(back))
    return redirect("programme-list")


# The private feed --------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def my_calendar(request):
    """The signed-in person's feed: a POST makes a new URL (revoking any old one) and shows it
    this once; only its digest is kept."""
    url = None
    if request.method == "POST":
        _, token = services.feed_create(user=request.user)
        url = settings.SITE_URL.rstrip("/") + reverse("calendar-feed", args=[token])
    context = {
        "url": url,
        "feed": services.feed_active(user=request.user),
        "has_person": request.user.person_id is not None,
    }
    return render(request, "scheduling/my_calendar.html", context)


@login_required
@require_POST
def feed_revoke(request):
    if services.feed_revoke(user=request.user):
        messages.success(request, MSG_FEED_REVOKED)
    else:
        messages.info(request, MSG_NO_FEED)
    return redirect("calendar-mine")


@require_safe
def feed(request, token: str):
    """The feed itself: no sign-in, the token is the credential (404 if unknown or revoked)."""
    return _calendar_response(request, services.feed_file(token=token), "palg.ics")
