from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from palg.accounts import services as accounts
from palg.accounts.addresses import client_address
from palg.sso import services as sso
from palg.web import home as home_page
from palg.web.forms import LoginForm


def safe_next(request) -> str:
    """Where to go after signing in: `next` only if it stays on this site."""
    target = request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else "home"


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST":
        email = request.POST.get("username", "")
        address = client_address(request)
        if accounts.login_is_throttled(email=email, address=address):
            form.add_error(None, accounts.throttle_message())
            return render(request, "web/login.html", {"form": form}, status=429)
        if form.is_valid():
            accounts.login_success_record(email=email)
            login(request, form.get_user())
            return redirect(safe_next(request))
        accounts.login_failure_record(email=email, address=address)
    return render(request, "web/login.html", {"form": form})


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
