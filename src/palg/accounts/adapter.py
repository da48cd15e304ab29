"""How django-allauth behaves in palg: nobody signs up (accounts come from invitations), links in
its emails point at PALG_SITE_URL, its rate limits count the same client address as palg's
sign-in throttle, and an address that belongs to someone else is never mailed and never taken.
"""

import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.urls import reverse

from palg.accounts import addresses, email_change

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
