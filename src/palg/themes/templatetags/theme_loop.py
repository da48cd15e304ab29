"""`{% theme_loop group %}` on a set's page: its programme's open asks and rounds, and the
responses its sets see, for the set's own people (nothing for anyone else)."""

from django import template

from palg import access
from palg.access import Actor
from palg.themes import selectors

register = template.Library()


@register.inclusion_tag("themes/_loop.html", takes_context=True)
def theme_loop(context, group):
    request = context["request"]
    actor = Actor.from_user(request.user)
    if access.group_membership_role(actor, group) is None:
        return {"loop": None}
    from django.urls import reverse

    return {"loop": selectors.set_loop_for_group(group),
            "answer_url": reverse("set-themes", args=[group.pk]), "request": request}  # fmt: skip
