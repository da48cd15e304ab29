"""The directory selectors: search, filters and filter options, for staff only."""

import pytest
from django.core.exceptions import PermissionDenied

from palg.people.models import Person
from palg.people.selectors import person_filter_options, person_involvement, person_list


def names(people) -> list[str]:
    return [person.name for person in people]


@pytest.fixture
def directory(cast):
    Person.objects.filter(pk=cast.people["member"].pk).update(
        team="Treasury", department="Finance", seniority="Director"
    )
    Person.objects.filter(pk=cast.people["other_member"].pk).update(
        team="Key Accounts", department="Sales", seniority="Manager"
    )
    return cast


def test_it_lists_the_whole_organisation_by_name(directory):
    people = person_list(actor=directory.actor("lead"))
    assert names(people) == ["Ada", "Alice", "Ann", "Bea", "Bob", "Fran", "Lena", "Otto", "Sam"]


@pytest.mark.parametrize(
    "q,expected",
    [
        ("ali", ["Alice"]),  # name
        ("BOB@ACME", ["Bob"]),  # email, ignoring case
        ("E7", ["Otto"]),  # external id
        ("treasury", ["Alice"]),  # team
        ("e9 bea", ["Bea"]),  # every word must match
        ("nobody", []),
    ],
)
def test_it_searches_name_email_id_and_team(directory, q, expected):
    assert names(person_list(actor=directory.actor("admin"), q=q)) == expected


@pytest.mark.parametrize(
    "field,value,expected",
    [
        ("function", "HR", ["Ada", "Lena"]),
        ("department", "Finance", ["Alice"]),
        ("location", "Bristol", ["Bob", "Otto"]),
        ("seniority", "Manager", ["Bob"]),
        ("team", "Key Accounts", ["Bob"]),
    ],
)
def test_it_filters_on_each_field(directory, field, value, expected):
    people = person_list(actor=directory.actor("admin"), filters={field: value})
    assert names(people) == expected


def test_it_combines_search_and_filters_and_ignores_unknown_or_empty_filters(directory):
    filters = {"location": "London", "function": "", "password": "x"}
    people = person_list(actor=directory.actor("admin"), q="a", filters=filters)
    assert names(people) == ["Ada", "Bea", "Lena", "Sam"]


def test_it_never_lists_people_from_another_organisation(directory):
    assert names(person_list(actor=directory.actor("stranger"))) == ["Zed"]


@pytest.mark.parametrize("role", ["sponsor", "facilitator", "member", "outsider"])
def test_it_refuses_the_directory_to_non_staff(directory, role):
    with pytest.raises(PermissionDenied):
        person_list(actor=directory.actor(role))
    with pytest.raises(PermissionDenied):
        person_filter_options(actor=directory.actor(role))


def test_it_offers_the_distinct_values_of_each_filter(directory):
    options = person_filter_options(actor=directory.actor("lead"))
    assert options["location"] == ["Bristol", "Leeds", "London"]
    assert options["department"] == ["Finance", "Sales"]
    assert options["team"] == ["Key Accounts", "Treasury"]
    assert options["seniority"] == ["Director", "Manager"]
    assert options["function"][:3] == ["Executive", "Finance", "HR"]


def test_a_person_sees_all_their_own_programmes_and_sets(cast):
    involvement = person_involvement(actor=cast.actor("member"), person=cast.people["member"])
    assert [(i.programme, i.roles) for i in involvement] == [(cast.programme, ["Participant"])]
    assert [m.group for m in involvement[0].sets] == [cast.alpha]


def test_staff_see_the_sets_of_programmes_they_oversee(cast):
    involvement = person_involvement(actor=cast.actor("lead"), person=cast.people["other_member"])
    assert [m.group for m in involvement[0].sets] == [cast.beta]


def test_a_lead_does_not_see_programmes_they_have_no_part_in(cast):
    from palg.programmes.models import Programme, ProgrammeRole

    other = Programme.objects.create(organisation=cast.org, name="Other programme")
    ProgrammeRole.objects.create(
        programme=other, person=cast.people["outsider"], role="participant"
    )
    involvement = person_involvement(actor=cast.actor("lead"), person=cast.people["outsider"])
    assert involvement == []
    by_admin = person_involvement(actor=cast.actor("admin"), person=cast.people["outsider"])
    assert [i.programme for i in by_admin] == [other]
