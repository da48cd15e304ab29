"""Sets and their members."""

from palg.access import MSG_READ_ONLY
from palg.programmes.models import Group, Membership
from palg.programmes.services import (
    MSG_ALREADY_IN_ROUND,
    MSG_NOT_A_MEMBER,
    MSG_PERSON_OTHER_ORG,
    MSG_SET_NAME_TAKEN,
)

JSON = "application/json"


def names(members: list[dict]) -> list[str]:
    return sorted(m["name"] for m in members)


def test_it_lists_every_set_for_the_programmes_overseers(cast, api_as):
    body = api_as("sponsor").get(f"/api/programmes/{cast.programme.pk}/sets").json()
    assert [s["name"] for s in body] == ["Alpha", "Beta"]
    assert names(body[0]["members"]) == ["Alice", "Ann", "Fran"]
    assert body[0]["round_number"] == 1
    assert body[0]["programme_id"] == cast.programme.pk


def test_it_lists_only_their_own_set_for_a_member(cast, api_as):
    body = api_as("other_member").get(f"/api/programmes/{cast.programme.pk}/sets").json()
    assert [s["name"] for s in body] == ["Beta"]


def test_it_hides_the_sets_of_a_programme_from_outsiders(cast, api_as):
    response = api_as("outsider").get(f"/api/programmes/{cast.programme.pk}/sets")
    assert response.status_code == 404


def test_it_creates_a_set(cast, api_as):
    response = api_as("lead").post(
        f"/api/programmes/{cast.programme.pk}/sets", {"name": "Gamma"}, content_type=JSON
    )
    assert response.status_code == 201
    assert response.json()["name"] == "Gamma"
    assert response.json()["members"] == []
    assert Group.objects.filter(round=cast.round, name="Gamma").exists()


def test_it_refuses_a_duplicate_set_name(cast, api_as):
    response = api_as("lead").post(
        f"/api/programmes/{cast.programme.pk}/sets", {"name": "Alpha"}, content_type=JSON
    )
    assert response.status_code == 422
    message = MSG_SET_NAME_TAKEN.format(name="Alpha", number=1)
    assert response.json()["errors"] == {"name": [message]}


def test_it_requires_lead_to_create_a_set(cast, api_as):
    response = api_as("facilitator").post(
        f"/api/programmes/{cast.programme.pk}/sets", {"name": "Gamma"}, content_type=JSON
    )
    assert response.status_code == 403
    assert response.json() == {"detail": MSG_READ_ONLY}


def test_it_reads_a_set_with_its_members(cast, api_as):
    response = api_as("member").get(f"/api/sets/{cast.alpha.pk}")
    assert response.status_code == 200
    roles = {m["name"]: m["role"] for m in response.json()["members"]}
    assert roles == {"Alice": "member", "Ann": "member", "Fran": "facilitator"}


def test_it_checks_ownership(cast, api_as):
    assert api_as("member").get(f"/api/sets/{cast.beta.pk}").status_code == 404


def test_it_adds_a_member(cast, api_as):
    otto = cast.people["outsider"]
    response = api_as("lead").post(
        f"/api/sets/{cast.alpha.pk}/members", {"person_id": otto.pk}, content_type=JSON
    )
    assert response.status_code == 201
    assert response.json() == {"person_id": otto.pk, "name": "Otto", "role": "member"}
    assert Membership.objects.filter(group=cast.alpha, person=otto).exists()


def test_it_refuses_a_member_already_in_another_set_of_the_round(cast, api_as):
    bob = cast.people["other_member"]
    response = api_as("lead").post(
        f"/api/sets/{cast.alpha.pk}/members", {"person_id": bob.pk}, content_type=JSON
    )
    assert response.status_code == 422
    message = MSG_ALREADY_IN_ROUND.format(person="Bob", group="Beta")
    assert response.json()["errors"] == {"person": [message]}


def test_it_refuses_a_person_from_another_organisation(cast, api_as):
    zed = cast.people["stranger"]
    response = api_as("lead").post(
        f"/api/sets/{cast.alpha.pk}/members", {"person_id": zed.pk}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"person": [MSG_PERSON_OTHER_ORG]}


def test_it_requires_lead_to_add_a_member(cast, api_as):
    response = api_as("sponsor").post(
        f"/api/sets/{cast.alpha.pk}/members",
        {"person_id": cast.people["outsider"].pk},
        content_type=JSON,
    )
    assert response.status_code == 403


def test_it_removes_a_member(cast, api_as):
    ann = cast.people["ann"]
    response = api_as("lead").delete(f"/api/sets/{cast.alpha.pk}/members/{ann.pk}")
    assert response.status_code == 204
    assert response.content == b""
    assert not Membership.objects.filter(group=cast.alpha, person=ann).exists()


def test_it_says_when_the_person_to_remove_is_not_in_the_set(cast, api_as):
    otto = cast.people["outsider"]
    response = api_as("lead").delete(f"/api/sets/{cast.alpha.pk}/members/{otto.pk}")
    assert response.status_code == 422
    message = MSG_NOT_A_MEMBER.format(person="Otto")
    assert response.json()["errors"] == {"person": [message]}


def test_it_requires_lead_to_remove_a_member(cast, api_as):
    ann = cast.people["ann"]
    response = api_as("facilitator").delete(f"/api/sets/{cast.alpha.pk}/members/{ann.pk}")
    assert response.status_code == 403
    assert Membership.objects.filter(group=cast.alpha, person=ann).exists()
