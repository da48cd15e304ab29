"""How django-allauth behaves in palg: nobody signs up (accounts come from invitations), links in
its emails point at PALG_SITE_URL, its rate limits count the same client address as palg's
sign-in throttle, and an address that belongs to someone else is never mailed and never taken.

Sign-in is allauth's (palg.web.views.SignInView) with palg's throttle (palg.accounts.services)
in place of allauth's own limits: `pre_authenticate` refuses a throttled account before its
password is checked, `authentication_failed` counts a wrong password, and a right one clears the
account's failures. Every password check goes through here, so re-entering a password to
confirm one's identity is throttled the same way.
"""

import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from palg.accounts import addresses, email_change, services

THROTTLED = "throttled"

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # palg accounts are created by invitation (or by an admin), never by signing up.
        return False

    def get_client_ip(self, request) -> str:
        # The reset request's per-address limit counts the same client as the sign-in throttle.
        return addresses.client_address(request)

    def is_safe_url(self, url: str) -> bool:
        # After signing in, `next` may only lead somewhere on the host being served (allauth
        # would also allow every ALLOWED_HOSTS entry).
        request = self.request
        return url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )

    def pre_authenticate(self, request, **credentials) -> None:
        email = credentials.get("email") or ""
        if services.login_is_throttled(email=email, address=addresses.client_address(request)):
            raise ValidationError(services.throttle_message(), code=THROTTLED)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            services.login_success_record(email=credentials.get("email") or user.email)
        return user

    def authentication_failed(self, request, **credentials) -> None:
        email = credentials.get("email") or ""
        services.login_failure_record(email=email, address=addresses.client_address(request))

    def respond_user_inactive(self, request, user):
        # A deactivated account's passkey is refused like its password (allauth would send it
        # to an "account inactive" page palg does not have).
        from palg.accounts.events import DETAIL_INACTIVE

        messages.error(request, f"{DETAIL_INACTIVE} Ask your organisation admin.")
        return redirect("login")

    def get_reset_password_from_key_url(self, key: str) -> str:
        uid, _, token = key.partition("-")
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": token})
        return absolute(path)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {**context, "site_url": settings.SITE_URL.rstrip("/")}
        try:
            super().send_mail(template_prefix, email, context)
        except (smtplib.SMTPException, OSError):
            # The page answers the same whether or not a message went out (anti-enumeration);
            # the operator learns of the failure from the log.
            logger.exception("Could not send %s to %s", template_prefix, email)

    def send_confirmation_mail(self, request, emailconfirmation, signup: bool) -> None:
        # A change of address to one that another account uses gets the same answer on the
        # page, but its owner is not mailed on someone else's request (and it cannot be
        # confirmed: confirm_email below).
        address = emailconfirmation.email_address
        if not email_change.email_of_another_account(email=address.email, user=address.user):
            super().send_confirmation_mail(request, emailconfirmation, signup)

    def confirm_email(self, request, email_address) -> bool:
        user = email_address.user
        problem = email_change.email_change_problem(email=email_address.email, user=user)
        if problem is not None:
            messages.error(request, problem)
            return False
        return email_change.email_change_confirm(request=request, email_address=email_address)
