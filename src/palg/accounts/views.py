"""The signed-in user's own API tokens. Other users' tokens do not exist here (404)."""

from allauth.account.views import EmailView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from palg.accounts import email_change, services
from palg.accounts.forms import TokenForm

MSG_REVOKED = "The token “{name}” is revoked; anything using it can no longer sign in."
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
