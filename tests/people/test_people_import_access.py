"""Only staff import, and only into their own organisation."""

import pytest
from django.core.exceptions import PermissionDenied

from palg.access import MSG_STAFF_ONLY
from palg.people.importing import people_import
from palg.people.models import Person
from tests.people.helpers import BASE, directory, make_csv, person


@pytest.mark.parametrize("role", ["sponsor", "facilitator", "member", "outsider"])
def test_it_requires_staff(cast, role):
    before = directory(cast.org)
    with pytest.raises(PermissionDenied, match=MSG_STAFF_ONLY):
        people_import(actor=cast.actor(role), data=make_csv(*BASE))
    assert directory(cast.org) == before


@pytest.mark.parametrize("role", ["admin", "lead"])
def test_it_lets_organisation_admins_and_programme_leads_import(cast, role):
    report = people_import(actor=cast.actor(role), data=make_csv(*BASE))
    assert (report.created, report.updated) == (1, 1)


def test_it_imports_into_the_actors_own_organisation(cast):
    row = person("G2", "Gil", "gil@globex.example", manager_id="G1")
    people_import(actor=cast.actor("stranger"), data=make_csv(row))
    gil = Person.objects.get(external_id="G2")
    assert (gil.organisation, gil.manager) == (cast.other_org, cast.people["stranger"])


def test_it_does_not_resolve_managers_from_another_organisation(cast):
    from palg.people.importing import MSG_UNKNOWN_MANAGER, PeopleImportError

    row = person("N2", "Nell", "nell@acme.example", manager_id="G1")
    with pytest.raises(PeopleImportError) as raised:
        people_import(actor=cast.actor("admin"), data=make_csv(row))
    assert raised.value.problems[0].message == MSG_UNKNOWN_MANAGER.format(value="G1")
