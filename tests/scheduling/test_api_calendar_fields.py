"""The API shows a programme's time zone and a meeting's SEQUENCE (read-only)."""

from tests.api.conftest import api_as  # noqa: F401  (the fixture)

JSON = "application/json"


def test_a_programme_shows_its_time_zone(cast, api_as):  # noqa: F811
    body = api_as("sponsor").get(f"/api/programmes/{cast.programme.pk}").json()
    assert body["time_zone"] == "Europe/London"


def test_moving_a_meeting_through_the_api_bumps_its_sequence(cast, api_as):  # noqa: F811
    response = api_as("facilitator").patch(
        f"/api/meetings/{cast.alpha_meeting.pk}",
        {"starts_at": "2031-03-04T09:00:00+00:00"},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["sequence"] == 1
