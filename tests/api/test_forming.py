"""Forming a round's sets through the API: the same service as the web page."""

import json

from palg.people.models import Conflict, Person
from palg.programmes.models import GroupingDraft, Membership
from tests.programmes.forming_helpers import add_cohort, programme_sizes

JSON = "application/json"


def post(client, path: str, body: dict):
    return client.post(path, json.dumps(body), content_type=JSON)


def rounds(cast) -> str:
    return f"/api/programmes/{cast.programme.pk}/rounds"


def formed(cast, client, **criteria) -> dict:
    add_cohort(cast)
    programme_sizes(cast)
    number = post(client, rounds(cast), {}).json()["number"]
    response = post(client, f"{rounds(cast)}/{number}/draft", criteria)
    assert response.status_code == 200, response.json()
    return response.json()


def test_it_opens_a_round_and_forms_its_sets_with_metrics_and_why_lines(cast, api_as):
    draft = formed(cast, api_as("lead"))
    assert draft["round_number"] == 2
    assert sum(len(s["people"]) for s in draft["sets"]) == 24
    assert all(rule["violations"] == 0 for rule in draft["rules"])
    assert all(s["why"] and s["slot"] for s in draft["sets"])
    assert draft["criteria"]["separate"] == ["team"]
    # The cohort has no departments, so the default mixes the three attributes it has.
    assert [a["name"] for a in draft["attributes"]] == ["function", "location", "seniority"]


def test_the_draft_reads_back_as_formed(cast, api_as):
    client = api_as("lead")
    draft = formed(cast, client)
    again = client.get(f"{rounds(cast)}/2/draft").json()
    assert again == draft


def test_a_round_without_a_draft_answers_404(cast, api_as):
    client = api_as("lead")
    post(client, rounds(cast), {})
    response = client.get(f"{rounds(cast)}/2/draft")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_move_that_breaks_a_rule_answers_422_with_the_reason(cast, api_as):
    client = api_as("lead")
    draft = formed(cast, client)
    where = {p["person_id"]: s["number"] for s in draft["sets"] for p in s["people"]}
    report = Person.objects.filter(manager__isnull=False).first()
    body = {"person_id": report.pk, "to_set": where[report.manager_id]}
    response = post(client, f"{rounds(cast)}/2/draft/moves", body)
    assert response.status_code == 422
    assert "line manager" in " ".join(response.json()["errors"]["__all__"])
    assert client.get(f"{rounds(cast)}/2/draft").json()["version"] == draft["version"]


def test_a_move_names_either_a_set_or_a_person(cast, api_as):
    client = api_as("lead")
    formed(cast, client)
    person = cast.people["member"].pk
    response = post(client, f"{rounds(cast)}/2/draft/moves", {"person_id": person})
    assert response.status_code == 422
    assert response.json()["errors"] == {"to_set": ["Give either to_set or swap_with."]}


def test_a_stale_version_is_refused(cast, api_as):
    client = api_as("lead")
    draft = formed(cast, client)
    body = {"person_id": cast.people["member"].pk, "version": draft["version"] - 1}
    response = post(client, f"{rounds(cast)}/2/draft/locks", body)
    assert response.status_code == 422
    assert "changed since your page was loaded" in response.json()["errors"]["__all__"][0]


def test_locks_survive_forming_again_and_publishing_creates_the_sets(cast, api_as):
    client = api_as("lead")
    draft = formed(cast, client)
    first = draft["sets"][0]["people"][0]["person_id"]
    locked = post(client, f"{rounds(cast)}/2/draft/locks", {"person_id": first}).json()
    assert locked["sets"][0]["people"][0]["locked"] is True
    again = post(client, f"{rounds(cast)}/2/draft", {}).json()
    assert first in {p["person_id"] for p in again["sets"][0]["people"]}
    published = post(client, f"{rounds(cast)}/2/publish", {"version": again["version"]})
    assert published.json() == {
        "programme_id": cast.programme.pk,
        "number": 2,
        "status": "published",
        "sets": len(again["sets"]),
    }
    assert Membership.objects.filter(group__round__number=2).count() == 24
    assert not GroupingDraft.objects.exists()


def test_criteria_errors_come_back_by_field(cast, api_as):
    client = api_as("lead")
    add_cohort(cast)
    post(client, rounds(cast), {})
    body = {"min_size": 6, "max_size": 5, "separate": ["shoe size"]}
    response = post(client, f"{rounds(cast)}/2/draft", body)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "min_size": ["The smallest set size cannot be larger than the largest."],
        "separate": ["“shoe size” is not an attribute of the people in this programme."],
    }


def test_conflicts_are_declared_listed_and_removed(cast, api_as):
    client = api_as("admin")
    a, b = cast.people["member"], cast.people["other_member"]
    created = post(client, "/api/conflicts", {"person_id": b.pk, "other_id": a.pk})
    assert created.status_code == 201
    assert created.json()["person_id"] == min(a.pk, b.pk)
    duplicate = post(client, "/api/conflicts", {"person_id": a.pk, "other_id": b.pk})
    assert duplicate.status_code == 422
    assert [c["id"] for c in client.get("/api/conflicts").json()] == [created.json()["id"]]
    assert client.delete(f"/api/conflicts/{created.json()['id']}").status_code == 204
    assert not Conflict.objects.exists()


def test_an_impossible_grouping_answers_422_naming_the_rule_that_fails_and_how_often(cast, api_as):
    client = api_as("lead")
    add_cohort(cast)
    programme_sizes(cast)
    post(client, rounds(cast), {})
    response = post(client, f"{rounds(cast)}/2/draft", {"min_size": 12, "max_size": 12})
    assert response.status_code == 422
    text = json.dumps(response.json(), ensure_ascii=False)
    assert "The closest grouping the search could build still breaks" in text
    assert "“no two from the same team”" in text
    retried = post(client, f"{rounds(cast)}/2/draft", {"min_size": 12, "max_size": 12,
                                                        "separate": []})  # fmt: skip
    assert retried.status_code == 200


def test_a_published_set_is_renamed_and_a_taken_name_is_refused(cast, api_as):
    client = api_as("lead")
    formed(cast, client)
    post(client, f"{rounds(cast)}/2/publish", {})
    sets = client.get(f"/api/programmes/{cast.programme.pk}/sets").json()
    first = next(s for s in sets if s["name"] == "Set 1")
    path = f"/api/sets/{first['id']}"
    renamed = client.patch(path, json.dumps({"name": "Falcons"}), content_type=JSON)
    assert renamed.status_code == 200 and renamed.json()["name"] == "Falcons"
    taken = client.patch(path, json.dumps({"name": "set 2"}), content_type=JSON)
    assert taken.status_code == 422
    assert taken.json()["errors"] == {"name": ["There is already a set called set 2 in round 2."]}
