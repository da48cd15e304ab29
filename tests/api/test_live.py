"""Live sessions through the API."""

import json

import pytest

JSON = "application/json"


pytestmark = pytest.mark.usefixtures("alpha_meeting_today")


def control(client, cast, **body):
    path = f"/api/sessions/{cast.alpha_meeting.pk}/control"
    return client.post(path, json.dumps(body), content_type=JSON)


def test_a_member_reads_the_state_the_facilitator_drives(cast, api_as):
    facilitator, member = api_as("facilitator"), api_as("member")
    state = member.get(f"/api/sessions/{cast.alpha_meeting.pk}").json()
    assert state["status"] == "ready" and state["version"] == 0 and state["drives"] is False
    started = control(facilitator, cast, action="start", version=0).json()
    assert started["status"] == "running" and started["drives"] is True
    assert started["phase"]["key"] == "check-in" and started["phase"]["speaking"] == "round"
    seen = member.get(f"/api/sessions/{cast.alpha_meeting.pk}").json()
    assert seen["version"] == started["version"]
    assert 0 < seen["remaining_seconds"] <= 20 * 60


def test_a_stale_control_is_refused_with_422(cast, api_as):
    client = api_as("facilitator")
    version = control(client, cast, action="start", version=0).json()["version"]
    assert control(client, cast, action="next", version=version).status_code == 200
    stale = control(client, cast, action="next", version=version)
    assert stale.status_code == 422
    assert "has moved on" in stale.json()["errors"]["__all__"][0]


def test_extending_needs_minutes(cast, api_as):
    client = api_as("facilitator")
    version = control(client, cast, action="start", version=0).json()["version"]
    response = control(client, cast, action="extend", version=version)
    assert response.status_code == 422
    assert response.json()["errors"] == {"minutes": ["Extend by 1 to 60 minutes."]}


def test_timeboxes_are_prepared_by_phase_key(cast, api_as):
    path = f"/api/sessions/{cast.alpha_meeting.pk}/prepare"
    body = {"template": "troika"}
    state = api_as("facilitator").post(path, json.dumps(body), content_type=JSON).json()
    assert state["template"] == "troika"
    bad = api_as("facilitator").post(
        path, json.dumps({"minutes": {"consult": 500}}), content_type=JSON
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == {"minutes": ["Timeboxes must be whole minutes from 1 to 240."]}
