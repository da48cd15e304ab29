from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from palg.accounts.adapter import THROTTLED
from palg.sso import services as sso
from palg.web import home as home_page


class SignInView(allauth_views.LoginView):
    """allauth's sign-in (its two-factor step follows for those who enrolled) on palg's page.
    palg's throttle runs inside the password check (palg.accounts.adapter); a throttled
    attempt answers 429 Too Many Requests."""

    template_name = "web/login.html"

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, THROTTLED):
            response.status_code = 429
        return response


login_view = SignInView.as_view()


@require_POST
def logout_view(request):
    # Signed in through an organisation's provider: end its session too (RP-initiated logout).
    provider_logout = sso.end_session_url(request)
    logout(request)
    messages.info(request, "You have signed out.")
    if provider_logout:
        return sso.end_session_page(request, provider_logout)
    return redirect("login")


@login_required
def home(request):
    return render(request, "web/home.html", home_page.home_context(request.user))
