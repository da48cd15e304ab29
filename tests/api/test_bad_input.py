"""Bad input gets a 4xx with a JSON body saying what is wrong, never a 500, and changes nothing."""

import pytest

from palg import dates
from palg.api.errors import MSG_BAD_REQUEST, MSG_INVALID
from palg.api.schemas import MSG_NUL
from palg.programmes.models import Programme

JSON = "application/json"


@pytest.mark.parametrize(
    "path",
    [
        f"/api/programmes/{2**70}",
        f"/api/programmes/{2**63}",
        "/api/programmes/0",
        "/api/programmes/-1",
        "/api/programmes/abc",
        "/api/programmes/1.5",
        f"/api/sets/{2**70}/meetings",
        f"/api/meetings/{2**70}/record",
        f"/api/people/{2**70}",
    ],
)
def test_it_rejects_ids_that_cannot_be_ids(cast, api_as, path):
    response = api_as("lead").get(path)
    assert response.status_code == 422
    assert response.json()["detail"] == MSG_INVALID
    assert response.json()["errors"]


def test_it_answers_404_for_the_largest_id_that_does_not_exist(cast, api_as):
    response = api_as("lead").get(f"/api/programmes/{2**63 - 1}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_it_names_the_field_of_a_path_error(cast, api_as):
    response = api_as("lead").get(f"/api/programmes/{2**70}")
    assert list(response.json()["errors"]) == ["programme_id"]


def test_it_rejects_a_body_that_is_not_json(cast, api_as):
    response = api_as("lead").post("/api/programmes", "{not json", content_type=JSON)
    assert response.status_code == 400
    assert response.json()["detail"] == "Cannot parse request body"


def test_it_rejects_a_missing_body(cast, api_as):
    response = api_as("lead").post("/api/programmes", content_type=JSON)
    assert response.status_code == 422


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "X", "status": "paused"}, "status"),
        ({"name": "X", "min_group_size": "four"}, "min_group_size"),
        ({"name": "X", "min_group_size": 2**70}, "min_group_size"),
        ({"name": "X", "start_date": "2026-02-30"}, "start_date"),
        ({"name": "X", "start_date": "yesterday"}, "start_date"),
        ({"name": "X", "colour": "blue"}, "colour"),
        ({"name": ["X"]}, "name"),
        ({"name": "X", "min_group_size": 9, "max_group_size": 5}, "min_group_size"),
    ],
)
def test_it_explains_an_invalid_programme_by_field(cast, api_as, body, field):
    response = api_as("lead").post("/api/programmes", body, content_type=JSON)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert Programme.objects.count() == 1


def test_it_refuses_null_characters_in_text(cast, api_as):
    response = api_as("lead").post("/api/programmes", {"name": "A\x00B"}, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == {"name": [MSG_NUL]}


def test_it_refuses_null_characters_in_query_text(cast, api_as):
    response = api_as("lead").get("/api/people", {"q": "a\x00"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"q": [MSG_NUL]}


def test_it_refuses_a_huge_string(cast, api_as):
    response = api_as("lead").post(
        "/api/programmes", {"name": "X", "purpose": "p" * 1_000_000}, content_type=JSON
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["purpose"]


@pytest.mark.parametrize(
    "starts_at",
    [
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "1899-12-31T00:00:00Z",
        "1999-12-31T23:59:59Z",
        "3000-01-01T00:00:00Z",
    ],
)
def test_it_refuses_meeting_times_outside_the_years_it_can_show(cast, api_as, starts_at):
    response = api_as("lead").post(
        f"/api/sets/{cast.alpha.pk}/meetings", {"starts_at": starts_at}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"starts_at": [dates.window_message()]}


@pytest.mark.parametrize("starts_at", [0, 1_700_000_000, 1.5, "1700000000", "2031-01-15", True])
def test_it_refuses_a_meeting_time_that_is_not_iso_8601_text(cast, api_as, starts_at):
    response = api_as("lead").post(
        f"/api/sets/{cast.alpha.pk}/meetings", {"starts_at": starts_at}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"starts_at": [dates.MSG_NOT_ISO_MOMENT]}
    assert cast.alpha.meetings.count() == 1


def test_it_refuses_to_move_a_meeting_to_a_number(cast, api_as):
    response = api_as("lead").patch(
        f"/api/meetings/{cast.alpha_meeting.pk}", {"starts_at": 0}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"starts_at": [dates.MSG_NOT_ISO_MOMENT]}


@pytest.mark.parametrize(
    "start_date, message",
    [
        (0, dates.MSG_NOT_ISO_DAY),
        (20310106, dates.MSG_NOT_ISO_DAY),
        ("9999-12-31", dates.window_message()),
        ("1999-12-31", dates.window_message()),
    ],
)
def test_it_refuses_a_programme_start_that_is_a_number_or_outside_the_window(
    cast, api_as, start_date, message
):
    response = api_as("lead").post(
        "/api/programmes", {"name": "X", "start_date": start_date}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"start_date": [message]}
    assert Programme.objects.count() == 1


def test_it_accepts_iso_8601_text_at_the_edges_of_the_window(cast, api_as):
    lead = api_as("lead")
    path = f"/api/sets/{cast.alpha.pk}/meetings"
    for starts_at in ("2000-01-01T00:00:00Z", "2999-12-31T23:00:00+00:00"):
        assert lead.post(path, {"starts_at": starts_at}, content_type=JSON).status_code == 201
    body = {"name": "X", "start_date": "2999-12-31"}
    assert lead.post("/api/programmes", body, content_type=JSON).status_code == 201


def test_it_refuses_a_meeting_time_without_a_time_zone(cast, api_as):
    response = api_as("lead").post(
        f"/api/sets/{cast.alpha.pk}/meetings",
        {"starts_at": "2030-01-01T10:00:00"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["starts_at"]


def test_it_refuses_null_for_a_field_a_patch_cannot_clear(cast, api_as):
    response = api_as("lead").patch(
        f"/api/programmes/{cast.programme.pk}", {"min_group_size": None}, content_type=JSON
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["min_group_size"]


def test_it_rejects_out_of_range_paging(cast, api_as):
    response = api_as("lead").get("/api/people", {"page": 0, "page_size": 10_000})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"page", "page_size"}


def test_it_answers_a_body_over_the_upload_limit_with_json(cast, api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = api_as("lead").post(
        "/api/programmes", {"name": "X", "purpose": "p" * 2_000}, content_type=JSON
    )
    assert response.status_code == 400
    assert response.json() == {"detail": MSG_BAD_REQUEST}


def test_it_answers_a_broken_multipart_upload_with_json(cast, api_as):
    response = api_as("lead").post(
        "/api/people/import",
        b"--x\r\nContent-Disposition: form-data; name=file\r\n",
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == MSG_BAD_REQUEST
