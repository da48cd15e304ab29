"""GET /people/<id>/: one person's entry, for staff or for the person themself."""

import pytest
from django.urls import reverse

from palg.people.models import Person


def detail_url(person) -> str:
    return reverse("person-detail", args=[person.pk])


@pytest.fixture
def alice(cast):
    alice = cast.people["member"]
    Person.objects.filter(pk=alice.pk).update(
        manager=cast.people["admin"],
        team="Treasury",
        tenure_years="3.5",
        availability=["mon-am", "thu-pm"],
        attributes={"languages": "English, Welsh"},
    )
    Person.objects.filter(pk=cast.people["ann"].pk).update(manager=alice)
    return alice


def test_staff_see_every_field_of_anyone_in_the_organisation(client_as, alice):
    html = client_as("lead").get(detail_url(alice)).content.decode()
    for text in [
        "Alice",
        "E5",
        "alice@acme.example",
        "Treasury",
        "3.5 years",
        "mon-am",
        "thu-pm",
        "languages",
        "English, Welsh",
        "Ada",
        "Ann",
    ]:
        assert text in html


def test_it_shows_the_programmes_and_sets_but_no_set_content(client_as, cast, alice):
    html = client_as("admin").get(detail_url(alice)).content.decode()
    assert "Leading through change" in html
    assert "Round 1, Set Alpha (member)" in html
    assert "confidential record" not in html


def test_a_person_sees_their_own_entry_without_links_to_others(client_as, cast, alice):
    response = client_as("member").get(detail_url(alice))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ann" in html
    assert detail_url(cast.people["ann"]) not in html


@pytest.mark.parametrize("role", ["sponsor", "facilitator", "other_member", "outsider", "stranger"])
def test_it_hides_other_peoples_entries_from_non_staff(client_as, alice, role):
    assert client_as(role).get(detail_url(alice)).status_code == 404


def test_it_links_staff_to_the_manager_and_reports(client_as, cast, alice):
    html = client_as("admin").get(detail_url(alice)).content.decode()
    assert detail_url(cast.people["admin"]) in html
    assert detail_url(cast.people["ann"]) in html
