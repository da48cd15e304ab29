"""Invitations: the page where admins and leads invite, re-send and revoke, and the page an
invited person opens from their email to choose a password (no sign-in needed)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from palg import access
from palg.access import Actor
from palg.accounts import invitations
from palg.accounts.forms import AcceptInvitationForm, InviteForm
from palg.programmes.forms import apply_errors

MSG_INVITED = "Invited {count} {people}: one email each is on its way."
MSG_NOTHING_CHOSEN = "Name someone to invite, or tick “everyone I can who has no account”."
MSG_RESENT = "A new link is on its way to {name}; the old one no longer works."
MSG_REVOKED = "The invitation for {name} is revoked; its link no longer works."
MSG_ALREADY_REVOKED = "The invitation for {name} was already revoked."
MSG_WELCOME = "Welcome, {name}: your account is ready."
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _people(count: int) -> str:
    return "person" if count == 1 else "people"


def _list_page(request, actor: Actor, form: InviteForm, *, result=None, status: int = 200):
    now = timezone.now()
    rows = [(inv, inv.state_at(now)) for inv in invitations.invitation_list(actor=actor)]
    context = {
        "form": form,
        "rows": rows,
        "result": result,
        "counts": {state: sum(1 for _, s in rows if s == state) for state in invitations.STATES},
    }
    return render(request, "accounts/invitations.html", context, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_list(request):
    """Who is invited, who has accepted and who has not; a POST invites people."""
    actor = Actor.from_request(request)
    access.invitation_people_for_actor(actor)  # 403 for anyone who may not see this page
    form = InviteForm(request.POST or None)
    if request.method != "POST":
        return _list_page(request, actor, form)
    if not form.is_valid():
        return _list_page(request, actor, form, status=400)
    everyone = form.cleaned_data["all_without_account"]
    if not everyone and not form.identifiers():
        form.add_error("people", MSG_NOTHING_CHOSEN)
        return _list_page(request, actor, form, status=400)
    try:
        result = invitations.invitations_create(
            actor=actor, identifiers=form.identifiers(), all_without_account=everyone
        )
    except ValidationError as error:
        apply_errors(form, error, fallback="people")
        return _list_page(request, actor, form, status=400)
    count = len(result.invited)
    messages.success(request, MSG_INVITED.format(count=count, people=_people(count)))
    return _list_page(request, actor, InviteForm(), result=result)


@login_required
@require_POST
def invitation_resend(request, invitation_id: int):
    actor = Actor.from_request(request)
    invitation = access.invitation_get_for_actor(actor=actor, invitation_id=invitation_id)
    try:
        invitations.invitation_resend(actor=actor, invitation_id=invitation.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, MSG_RESENT.format(name=invitation.person.name))
    return redirect("invitation-list")


@login_required
@require_POST
def invitation_revoke(request, invitation_id: int):
    actor = Actor.from_request(request)
    invitation = access.invitation_get_for_actor(actor=actor, invitation_id=invitation_id)
    try:
        done = invitations.invitation_revoke(actor=actor, invitation_id=invitation.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = MSG_REVOKED if done else MSG_ALREADY_REVOKED
        messages.success(request, message.format(name=invitation.person.name))
    return redirect("invitation-list")


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """Choose a password and make the account; the person is signed in and sent home, where
    their sets are. A link that cannot be used gets a page that says why, and changes nothing."""
    try:
        invitation = invitations.invitation_for_token(token)
    except invitations.InvitationInvalid as invalid:
        context = {"reason": str(invalid)}
        return render(request, "accounts/invitation_invalid.html", context, status=invalid.status)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.invitation_accept(
                token=token,
                password=form.cleaned_data["password"],
                password_again=form.cleaned_data["password_again"],
            )
        except invitations.InvitationInvalid as invalid:
            context = {"reason": str(invalid)}
            return render(
                request, "accounts/invitation_invalid.html", context, status=invalid.status
            )
        except ValidationError as error:
            apply_errors(form, error, fallback="password")
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, MSG_WELCOME.format(name=user.display_name))
            return redirect("home")
    status = 400 if form.errors else 200
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/invitation_accept.html", context, status=status)
