"""The people directory: L&D staff search it; everyone may read their own entry."""

from decimal import Decimal

from palg.access import MSG_STAFF_ONLY
from tests.conftest import make_person


def test_it_lists_the_organisations_people_for_staff(cast, api_as):
    body = api_as("lead").get("/api/people").json()
    assert body["count"] == 9
    assert body["page"] == 1
    assert [p["name"] for p in body["items"]][:3] == ["Ada", "Alice", "Ann"]
    assert "Zed" not in {p["name"] for p in body["items"]}


def test_it_searches_and_filters(cast, api_as):
    client = api_as("admin")
    found = client.get("/api/people", {"q": "ali"}).json()
    assert [p["name"] for p in found["items"]] == ["Alice"]
    in_leeds = client.get("/api/people", {"location": "Leeds"}).json()
    assert [p["name"] for p in in_leeds["items"]] == ["Alice", "Ann", "Fran"]


def test_it_pages_through_the_directory(cast, api_as):
    client = api_as("admin")
    second = client.get("/api/people", {"page": 2, "page_size": 4}).json()
    assert second["count"] == 9
    assert [p["name"] for p in second["items"]] == ["Bob", "Fran", "Lena", "Otto"]
    beyond = client.get("/api/people", {"page": 99, "page_size": 4}).json()
    assert beyond["items"] == []


def test_it_requires_staff_to_list_people(cast, api_as):
    response = api_as("sponsor").get("/api/people")
    assert response.status_code == 403
    assert response.json() == {"detail": MSG_STAFF_ONLY}


def test_it_shows_a_person_with_every_field(cast, api_as):
    person = make_person(
        cast.org,
        "E10",
        "Pat",
        manager=cast.people["lead"],
        tenure_years=Decimal("2.5"),
        availability=["mon-am"],
        attributes={"cost_centre": "42"},
    )
    body = api_as("lead").get(f"/api/people/{person.pk}").json()
    assert body["manager_id"] == cast.people["lead"].pk
    assert body["tenure_years"] == 2.5
    assert body["availability"] == ["mon-am"]
    assert body["attributes"] == {"cost_centre": "42"}


def test_it_lets_anyone_read_their_own_entry(cast, api_as):
    alice = cast.people["member"]
    response = api_as("member").get(f"/api/people/{alice.pk}")
    assert response.status_code == 200
    assert response.json()["email"] == alice.email


def test_it_checks_ownership(cast, api_as):
    ann = cast.people["ann"]
    assert api_as("member").get(f"/api/people/{ann.pk}").status_code == 404
    zed = cast.people["stranger"]
    assert api_as("lead").get(f"/api/people/{zed.pk}").status_code == 404
