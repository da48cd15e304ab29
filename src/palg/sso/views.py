"""The Single sign-on page (organisation admins only) and unlinking an account's sign-in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from palg import access
from palg.access import Actor
from palg.programmes.forms import apply_errors
from palg.sso import selectors, services
from palg.sso.forms import SsoConfigurationForm
from palg.sso.models import SsoConfiguration

MSG_SAVED = "Saved: people of {organisation} can sign in through {issuer}."
MSG_SAVED_OFF = "Saved; single sign-on is off for {organisation}."
MSG_UNLINKED = "{name}'s single sign-on link is removed."
MSG_NOTHING_TO_UNLINK = "{name} has no single sign-on link."


def _initial(configuration: SsoConfiguration | None) -> dict:
    if configuration is None:
        return {"enabled": True}
    return {
        "issuer": configuration.issuer,
        "client_id": configuration.client_id,
        "client_secret_file": configuration.client_secret_file,
        "domains": ", ".join(configuration.domains),
        "enabled": configuration.enabled,
    }


@login_required
@never_cache
@sensitive_post_parameters("client_secret")
@require_http_methods(["GET", "POST"])
def sso_settings(request):
    actor = Actor.from_request(request)
    organisation = access.sso_organisation_for_actor(actor)
    configuration = SsoConfiguration.objects.filter(organisation=organisation).first()
    form = SsoConfigurationForm(request.POST or None, initial=_initial(configuration))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.sso_configuration_save(
                    actor=actor,
                    issuer=data["issuer"],
                    client_id=data["client_id"],
                    client_secret=data["client_secret"],
                    client_secret_file=data["client_secret_file"],
                    keep_secret=True,
                    domains=data["domains"],
                    enabled=data["enabled"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                message = MSG_SAVED if saved.enabled else MSG_SAVED_OFF
                messages.success(
                    request, message.format(organisation=organisation.name, issuer=saved.issuer)
                )
                return redirect("sso-settings")
        status = 400
    environment = selectors.environment_sso()
    context = {
        "form": form,
        "organisation": organisation,
        "configuration": configuration,
        "redirect_uri": selectors.redirect_uri_for(organisation),
        "logout_uri": selectors.post_logout_uri(),
        "from_environment": environment is not None
        and environment.organisation.pk == organisation.pk
        and configuration is None,
        "environment": environment,
        "linked": _linked_accounts(actor),
    }
    return render(request, "sso/settings.html", context, status=status)


def _linked_accounts(actor: Actor):
    from allauth.socialaccount.models import SocialAccount

    accounts = access.accounts_for_actor(actor)
    return (
        SocialAccount.objects.filter(user__in=accounts)
        .select_related("user")
        .order_by("user__display_name", "user__email")
    )


@login_required
@require_POST
def sso_unlink(request, account_id: int):
    actor = Actor.from_request(request)
    account = access.account_get_for_actor(actor=actor, account_id=account_id)
    removed = services.sso_unlink(actor=actor, account_id=account.pk)
    message = MSG_UNLINKED if removed else MSG_NOTHING_TO_UNLINK
    messages.success(request, message.format(name=account))
    return redirect("sso-settings")
