"""Email preferences: the signed-in person's page, and the unsubscribe link in every message
(signed, so it works without signing in; POST from the page or a mail client's one-click)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from palg.access import Actor
from palg.notify import services
from palg.notify.forms import PreferenceForm

MSG_SAVED_ON = "You will get nudges about your experiments."
MSG_SAVED_OFF = "You will get no nudges about your experiments."


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request):
    person = services.person_for_actor(Actor.from_user(request.user))
    if request.method == "GET":
        current = "on" if services.wants_nudges(person) else "off"
        form = PreferenceForm(initial={"nudges": current})
    else:
        form = PreferenceForm(request.POST)
        if form.is_valid():
            nudges = form.cleaned_data["nudges"] == "on"
            services.preference_set(person=person, nudges=nudges)
            messages.success(request, MSG_SAVED_ON if nudges else MSG_SAVED_OFF)
            return redirect("notify-preferences")
    return render(request, "notify/preferences.html", {"form": form})


# The token is the credential (a mail client's one-click unsubscribe carries no CSRF token).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET asks to confirm (link scanners follow links); POST turns nudges off."""
    person = services.person_for_token(token)
    if request.method == "POST":
        services.nudges_unsubscribe(token=token)
        return render(request, "notify/unsubscribed.html", {"person": person})
    return render(request, "notify/unsubscribe.html", {"person": person, "token": token})
