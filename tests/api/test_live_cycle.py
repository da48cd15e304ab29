"""Experiment cards, report-back, review sheet and pulse through the API."""

import json

import pytest

from palg.accounts.services import api_token_create
from palg.live import contract
from palg.live.models import LiveSession
from palg.programmes.models import Membership
from tests.api.conftest import CheckedClient
from tests.conftest import make_user
from tests.live.cycle import go_to, next_meeting, press, soon, start_with_presenter

JSON = "application/json"
CARD = {"action": "Ask each depot manager", "expectation": "New ideas", "signal": "Replies"}


pytestmark = pytest.mark.usefixtures("alpha_meeting_today")


def as_person(cast, key: str) -> CheckedClient:
    from palg.accounts.models import User

    user = User.objects.filter(person=cast.people[key]).first() or make_user(cast.people[key])
    _, secret = api_token_create(user=user, name="tests")
    return CheckedClient(headers={"Authorization": f"Bearer {secret}"})


def send(client, method: str, path: str, body: dict):
    return client.generic(method, path, json.dumps(body), content_type=JSON)


def test_the_presenter_records_a_card_and_the_set_reads_it_back(cast, api_as):
    start_with_presenter(cast)
    go_to(cast, "commitment")
    path = f"/api/sessions/{cast.alpha_meeting.pk}/cards"
    made = send(as_person(cast, "ann"), "POST", path, {**CARD, "due": soon().isoformat()})
    assert made.status_code == 201
    card = made.json()
    assert card["status"] == "planned" and card["owner"]["name"] == "Ann"
    listed = api_as("facilitator").get(path).json()
    assert [c["id"] for c in listed["made"]] == [card["id"]]
    assert api_as("member").get(f"/api/cards/{card['id']}").json()["signal"] == "Replies"
    assert api_as("sponsor").get(f"/api/cards/{card['id']}").status_code == 404


def test_a_card_in_the_wrong_phase_or_with_a_past_date_is_refused_with_422(cast, api_as):
    start_with_presenter(cast)
    path = f"/api/sessions/{cast.alpha_meeting.pk}/cards"
    early = send(as_person(cast, "ann"), "POST", path, {**CARD, "due": soon().isoformat()})
    assert early.status_code == 422 and "commitment phase" in early.json()["errors"]["__all__"][0]
    go_to(cast, "commitment")
    past = send(as_person(cast, "ann"), "POST", path, {**CARD, "due": "2001-01-01"})
    assert past.json()["errors"] == {"due": ["Choose today or a later date."]}


def test_the_owner_reports_back_through_the_api(cast, api_as):
    start_with_presenter(cast)
    go_to(cast, "commitment")
    path = f"/api/sessions/{cast.alpha_meeting.pk}/cards"
    card = send(as_person(cast, "ann"), "POST", path, {**CARD, "due": soon().isoformat()}).json()
    press(cast, "end")
    meeting = next_meeting(cast)
    LiveSession.objects.create(meeting=meeting)
    press(cast, "start", meeting)
    session = go_to(cast, "report-back", meeting)
    ann = as_person(cast, "ann")
    contract.presence_mark(session, ann_actor_of(cast))
    walk = api_as("member").get(f"/api/sessions/{meeting.pk}/cards").json()["report_back"]
    assert [(turn["person"]["name"], [c["id"] for c in turn["cards"]]) for turn in walk] == [
        ("Ann", [card["id"]])
    ]
    report = f"/api/sessions/{meeting.pk}/cards/{card['id']}/reports"
    body = {"did": "Asked", "learned": "Ask earlier", "status": "done"}
    reported = send(ann, "POST", report, body)
    assert reported.status_code == 201
    assert reported.json()["status"] == "done"
    assert [e["learned"] for e in reported.json()["entries"]] == ["Ask earlier"]
    assert send(api_as("member"), "POST", report, body).status_code == 403


def ann_actor_of(cast):
    from tests.live.cycle import ann_actor

    return ann_actor(cast)


def test_the_review_sheet_and_pulse_through_the_api(cast, api_as):
    Membership.objects.create(group=cast.alpha, person=cast.people["bea"])
    start_with_presenter(cast)
    go_to(cast, "process-review")
    review = f"/api/sessions/{cast.alpha_meeting.pk}/review"
    saved = send(api_as("member"), "PUT", review, {"learned": ["Trust first"], "about_me": "Me"})
    assert saved.status_code == 200 and saved.json()["learned"] == ["Trust first"]
    assert as_person(cast, "ann").get(review).json()["learned"] == []
    assert api_as("facilitator").get(review).status_code == 403
    pulse = f"/api/sessions/{cast.alpha_meeting.pk}/pulse"
    scores = {"trust": 4, "airtime": 3, "questions": 5, "contract": 4}
    for client in (api_as("member"), as_person(cast, "ann"), as_person(cast, "bea")):
        assert send(client, "PUT", pulse, scores).status_code == 200
    bad = send(api_as("member"), "PUT", pulse, {**scores, "trust": 7})
    assert bad.status_code == 422 and "trust" in bad.json()["errors"]
    trend = f"/api/sets/{cast.alpha.pk}/pulse"
    assert api_as("member").get(trend).json() == []  # not until the session ends
    press(cast, "end")
    [row] = api_as("facilitator").get(trend).json()
    assert row["answers"] == 3 and row["means"]["questions"] == 5.0
    assert api_as("lead").get(trend).status_code == 403
