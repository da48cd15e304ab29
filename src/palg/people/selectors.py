"""Reads for the people directory, always through palg.access."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from palg import access
from palg.access import Actor
from palg.people.models import Person
from palg.programmes.models import Membership, Programme, ProgrammeRole

FILTER_FIELDS = ("function", "department", "location", "seniority", "team")
SEARCH_FIELDS = ("name", "email", "external_id", "team")


def person_list(
    *, actor: Actor, q: str = "", filters: dict[str, str] | None = None
) -> QuerySet[Person]:
    """The directory for staff, searched by `q` and narrowed by exact-match `filters`."""
    people = access.people_for_actor(actor).select_related("manager")
    for term in q.split():
        match = Q()
        for name in SEARCH_FIELDS:
            match |= Q(**{f"{name}__icontains": term})
        people = people.filter(match)
    for name, value in (filters or {}).items():
        if name in FILTER_FIELDS and value:
            people = people.filter(**{name: value})
    return people.order_by("name", "id")


def person_filter_options(*, actor: Actor) -> dict[str, list[str]]:
    """The distinct non-empty values of each filter field, for the filter dropdowns."""
    people = access.people_for_actor(actor)
    return {
        name: list(
            people.exclude(**{name: ""}).order_by(name).values_list(name, flat=True).distinct()
        )
        for name in FILTER_FIELDS
    }


def person_detail(*, actor: Actor, person_id: int) -> Person:
    """One directory entry with its manager: staff see anyone, others only themselves."""
    person = access.person_get_for_actor(actor=actor, person_id=person_id)
    return Person.objects.select_related("manager").get(pk=person.pk)


def person_reports(*, person: Person) -> QuerySet[Person]:
    return person.reports.order_by("name", "id")


@dataclass(frozen=True)
class Involvement:
    """A person's roles and sets in one programme (metadata only, never set content)."""

    programme: Programme
    roles: list[str]
    sets: list[Membership]


def person_involvement(*, actor: Actor, person: Person) -> list[Involvement]:
    """The programmes (and sets) the person is in that the actor may see: all of their own, or
    those whose metadata the actor oversees."""
    allowed = [
        programme
        for programme in access.programmes_for_actor(actor).order_by("name", "id")
        if person.pk == actor.person_id or access.programme_oversees(actor, programme)
    ]
    roles = ProgrammeRole.objects.filter(person=person, programme__in=allowed).order_by("role")
    memberships = (
        Membership.objects.filter(person=person, group__round__programme__in=allowed)
        .select_related("group__round")
        .order_by("group__round__number", "group__name")
    )
    role_names: dict[int, list[str]] = {}
    sets: dict[int, list[Membership]] = {}
    for role in roles:
        role_names.setdefault(role.programme_id, []).append(role.get_role_display())
    for membership in memberships:
        sets.setdefault(membership.group.round.programme_id, []).append(membership)
    return [
        Involvement(programme, role_names.get(programme.pk, []), sets.get(programme.pk, []))
        for programme in allowed
        if programme.pk in role_names or programme.pk in sets
    ]


def people_named(
    *, directory: QuerySet[Person], identifiers: list[str]
) -> tuple[list[Person], list[str]]:
    """The people of `directory` named by email (any case) or directory id, in the order named
    and each once, and the names that match no one. Blank names are ignored."""
    wanted = list(dict.fromkeys(value.strip() for value in identifiers if value.strip()))
    emails = directory.annotate(lower_email=Lower("email")).filter(
        lower_email__in=[value.lower() for value in wanted]
    )
    by_email = {p.lower_email: p for p in emails}
    by_id = {p.external_id: p for p in directory.filter(external_id__in=wanted)}
    found, unknown = [], []
    for value in wanted:
        person = by_email.get(value.lower()) or by_id.get(value)
        if person is None:
            unknown.append(value)
        else:
            found.append(person)
    return list(dict.fromkeys(found)), unknown
