from django import template
from django.urls import reverse

from palg.sso import selectors

register = template.Library()


@register.inclusion_tag("sso/_buttons.html", takes_context=True)
def sso_sign_in_options(context, organisation=None):
    """One "Sign in with <organisation> SSO" button per organisation with single sign-on, or
    only `organisation`'s."""
    options = [
        {
            "name": sso.organisation.name,
            "url": reverse("openid_connect_login", kwargs={"provider_id": sso.provider_id}),
        }
        for sso in selectors.sso_list()
        if not organisation or sso.organisation.pk == organisation.pk
    ]
    return {"options": options, "alone": False, "csrf_token": context.get("csrf_token")}
