"""Roles over time in the API: the fading plan and each set's rota."""

from datetime import timedelta

from palg.programmes.models import Meeting

JSON = "application/json"


def test_the_api_reads_and_sets_the_fading_plan(cast, api_as):
    path = f"/api/programmes/{cast.programme.pk}/fading-plan"
    body = api_as("member").get(path).json()
    assert body["adviser_meetings"] == 2 and body["observer_until"] == 4
    assert body["editable"] is True
    assert body["explanation"].startswith("The set adviser facilitates meetings 1-2")
    response = api_as("lead").put(
        path, {"adviser_meetings": 3, "observer_until": 5}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["observer_until"] == 5


def test_the_api_explains_a_fading_plan_that_does_not_fit(cast, api_as):
    response = api_as("lead").put(
        f"/api/programmes/{cast.programme.pk}/fading-plan",
        {"adviser_meetings": 2, "observer_until": 9},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "observer_until": ["The programme has 6 meetings: choose meeting 6 at most."]
    }


def test_the_api_draws_the_rota_and_names_roles(cast, api_as):
    Meeting.objects.create(group=cast.alpha, starts_at=cast.alpha_meeting.starts_at + timedelta(7))
    client = api_as("facilitator")
    drawn = client.post(f"/api/sets/{cast.alpha.pk}/rota").json()
    assert [row["stage"] for row in drawn] == ["adviser", "adviser"]
    assert {row["facilitator_id"] for row in drawn} == {cast.people["facilitator"].pk}
    assert [row["timekeeper_id"] for row in drawn] == [
        cast.people["member"].pk, cast.people["ann"].pk
    ]  # fmt: skip
    response = client.put(
        f"/api/meetings/{cast.alpha_meeting.pk}/rota",
        {"facilitator_id": cast.people["ann"].pk, "timekeeper_id": None},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["facilitator_id"] == cast.people["ann"].pk
    rows = api_as("sponsor").get(f"/api/sets/{cast.alpha.pk}/rota").json()
    assert rows[0]["facilitator_id"] == cast.people["ann"].pk and rows[0]["drawn"] is True


def test_the_api_refuses_one_person_for_both_roles(cast, api_as):
    alice = cast.people["member"].pk
    response = api_as("lead").put(
        f"/api/meetings/{cast.alpha_meeting.pk}/rota",
        {"facilitator_id": alice, "timekeeper_id": alice},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"]["timekeeper"] == [
        "One person cannot both facilitate and keep time: choose someone else to keep time."
    ]
