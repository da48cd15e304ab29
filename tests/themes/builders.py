"""More sets for the cast's programme, and released statements, for the theme tests."""

from __future__ import annotations

import itertools

from django.utils import timezone

from palg.programmes.models import Group, Membership
from palg.themes.models import ThemeConsent, ThemeStatement
from palg.themes.services import themes_recluster
from tests.conftest import make_person

_numbers = itertools.count(1000)

# Two themes the stand-in engine (TF-IDF) clusters apart; each text shares its theme's words.
CROSS_SITE = [
    "Decisions about cross-site work get reopened at every level",
    "Cross-site decisions get reopened again at each level",
    "Every level reopens decisions on cross-site work",
    "Cross-site work decisions are reopened level after level",
    "Decisions on cross-site work keep getting reopened",
    "At every level cross-site decisions are reopened",
]
BUDGET = [
    "Nobody owns the training budget",
    "The training budget has no owner",
    "Ownership of the training budget is unclear",
    "No one owns training budget decisions",
]


def add_set(cast, name: str, size: int) -> Group:
    """A new set in the cast's round with `size` members nobody else is in."""
    group = Group.objects.create(round=cast.round, name=name)
    for _ in range(size):
        n = next(_numbers)
        person = make_person(cast.org, f"T{n}", f"Quill{n} Vantor{n}")
        Membership.objects.create(group=group, person=person, role="member")
    return group


def release(group: Group, text: str) -> ThemeStatement:
    """A statement of `group` every member consented to (the consent path has its own tests)."""
    members = list(group.memberships.filter(role="member").values_list("person_id", flat=True))
    statement = ThemeStatement.objects.create(
        group=group,
        author_id=members[0],
        text=text,
        state=ThemeStatement.State.RELEASED,
        released_at=timezone.now(),
    )
    ThemeConsent.objects.bulk_create(
        ThemeConsent(statement=statement, person_id=p) for p in members
    )
    return statement


def recluster(cast) -> int:
    return themes_recluster(organisation_id=cast.org.pk)
