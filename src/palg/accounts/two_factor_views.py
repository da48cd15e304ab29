"""The organisation admin's two-factor policy page. The enrolment pages themselves are
allauth.mfa's, on palg's templates (templates/mfa/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from palg import access
from palg.access import Actor
from palg.accounts import two_factor
from palg.accounts.forms import TwoFactorPolicyForm


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request):
    actor = Actor.from_request(request)
    access.require_org_admin(actor)
    policy = two_factor.two_factor_policy_of(actor.organisation_id)
    initial = {
        "require_org_admins": policy.require_org_admins,
        "require_leads": policy.require_leads,
    }
    form = TwoFactorPolicyForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            two_factor.two_factor_policy_update(actor=actor, **form.cleaned_data)
            messages.success(request, two_factor.MSG_POLICY_SAVED)
            return redirect("two-factor-policy")
        status = 400
    context = {
        "form": form,
        "policy": policy,
        "coverage": two_factor.two_factor_coverage(actor=actor),
    }
    return render(request, "accounts/two_factor_policy.html", context, status=status)
