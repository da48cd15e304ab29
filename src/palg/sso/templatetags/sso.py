import logging

from django import template
from django.db import DatabaseError
from django.urls import reverse

from palg.sso import selectors

logger = logging.getLogger(__name__)
register = template.Library()


@register.inclusion_tag("sso/_buttons.html", takes_context=True)
def sso_sign_in_options(context, organisation=None):
    """One "Sign in with <organisation> SSO" button per organisation with single sign-on, or
    only `organisation`'s."""
    try:
        configured = selectors.sso_list()
    except DatabaseError:
        # Not migrated yet (a server started before `palg manage migrate`): the sign-in page
        # still works, with email and password.
        logger.warning("Single sign-on is not offered: its table is missing", exc_info=True)
        configured = []
    options = [
        {
            "name": sso.organisation.name,
            "url": reverse("openid_connect_login", kwargs={"provider_id": sso.provider_id}),
        }
        for sso in configured
        if not organisation or sso.organisation.pk == organisation.pk
    ]
    request = context.get("request")
    # Where the sign-in page was to send the person afterwards; allauth keeps only a local one.
    next_url = request.GET.get("next", "") if request is not None else ""
    return {
        "options": options,
        "alone": False,
        "csrf_token": context.get("csrf_token"),
        "next": next_url,
    }
