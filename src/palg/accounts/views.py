"""The signed-in user's own API tokens and recent activity (other users' do not exist here: 404),
and the organisation admin's Accounts pages."""

from allauth.account.views import EmailView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from palg.access import Actor
from palg.accounts import admins, email_change, lifecycle, selectors, services
from palg.accounts.forms import TokenForm

MSG_REVOKED = "The token “{name}” is revoked; anything using it can no longer sign in."
MSG_ADMIN_GRANTED = "{name} is now an organisation admin."
MSG_ADMIN_REVOKED = "{name} is no longer an organisation admin."
MSG_ALREADY_REVOKED = "The token “{name}” was already revoked."


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def token_list(request):
    """List the user's tokens; a POST creates one and shows its secret this once."""
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _, secret = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    context = {"form": form, "secret": secret, "tokens": request.user.api_tokens.all()}
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(request.user.api_tokens, pk=token_id)
    if services.api_token_revoke(user=request.user, token_id=token.pk):
        messages.success(request, MSG_REVOKED.format(name=token.name))
    else:
        messages.info(request, MSG_ALREADY_REVOKED.format(name=token.name))
    return redirect("account-tokens")


class ChangeEmailView(EmailView):
    """allauth's change of address, with the account's current address always on record as
    allauth's verified, primary one (palg.accounts.email_change)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            email_change.email_address_sync(user=request.user)
        return super().dispatch(request, *args, **kwargs)


# Account lifecycle and security events --------------------------------------------------------

MSG_DEACTIVATED = (
    "{name}'s account is deactivated: they are signed out everywhere and their API tokens are "
    "revoked. Everything they wrote is kept."
)
MSG_ALREADY_DEACTIVATED = "{name}'s account was already deactivated."
MSG_REACTIVATED = (
    "{name}'s account is active again: they can sign in with their password. Their API tokens "
    "stay revoked; they need to create new ones."
)
MSG_ALREADY_ACTIVE = "{name}'s account was already active."


@login_required
@require_GET
def account_activity(request):
    """Recent activity on the signed-in user's own account."""
    events = selectors.own_events(actor=Actor.from_request(request))
    return render(request, "accounts/activity.html", {"events": events})


@login_required
@require_GET
def account_list(request):
    """The organisation's accounts and recent security events (organisation admins)."""
    actor = Actor.from_request(request)
    context = {
        "accounts": selectors.account_list(actor=actor),
        "events": selectors.organisation_events(actor=actor),
    }
    return render(request, "accounts/account_list.html", context)


@login_required
@require_GET
def account_detail(request, account_id: int):
    return _detail(request, account_id)


@login_required
@require_POST
def account_deactivate(request, account_id: int):
    actor = Actor.from_request(request)
    try:
        changed = lifecycle.account_deactivate(actor=actor, account_id=account_id)
    except ValidationError as error:
        return _detail(request, account_id, error=error.messages[0], status=400)
    name = selectors.account_detail(actor=actor, account_id=account_id).name
    if changed:
        messages.success(request, MSG_DEACTIVATED.format(name=name))
    else:
        messages.info(request, MSG_ALREADY_DEACTIVATED.format(name=name))
    return redirect("account-detail", account_id=account_id)


@login_required
@require_POST
def account_reactivate(request, account_id: int):
    actor = Actor.from_request(request)
    changed = lifecycle.account_reactivate(actor=actor, account_id=account_id)
    name = selectors.account_detail(actor=actor, account_id=account_id).name
    if changed:
        messages.success(request, MSG_REACTIVATED.format(name=name))
    else:
        messages.info(request, MSG_ALREADY_ACTIVE.format(name=name))
    return redirect("account-detail", account_id=account_id)


@login_required
@require_POST
def account_admin_grant(request, account_id: int):
    return _admin_change(request, account_id, admins.organisation_admin_grant, MSG_ADMIN_GRANTED)


@login_required
@require_POST
def account_admin_revoke(request, account_id: int):
    return _admin_change(request, account_id, admins.organisation_admin_revoke, MSG_ADMIN_REVOKED)


def _admin_change(request, account_id: int, change, message: str):
    actor = Actor.from_request(request)
    try:
        changed = change(actor=actor, account_id=account_id)
    except ValidationError as error:
        return _detail(request, account_id, error=error.messages[0], status=400)
    name = selectors.account_detail(actor=actor, account_id=account_id).name
    if changed:
        messages.success(request, message.format(name=name))
    return redirect("account-detail", account_id=account_id)


def _detail(request, account_id: int, *, error: str = "", status: int = 200):
    actor = Actor.from_request(request)
    context = {
        "account": selectors.account_detail(actor=actor, account_id=account_id),
        "events": selectors.account_events(actor=actor, account_id=account_id),
        "error": error,
    }
    return render(request, "accounts/account_detail.html", context, status=status)
