"""The loop-back API: asks, responses and rounds. Every refusal is JSON with a 4xx, never a
500, and changes nothing."""

import json

from palg.themes.models import Ask, ThemeResponse, ThemeStatement, ThemeVote
from tests.themes.builders import CROSS_SITE
from tests.themes.test_loop_back import below_rule_theme, released_theme

JSON = "application/json"
CHANGE = {"text": "Cross-site sign-off moves to one monthly meeting.", "owner": "COO office"}


def send(client, method, path, body=None):
    return client.generic(method, path, json.dumps(body or {}), content_type=JSON)


def refused(response, code):
    assert response.status_code == code
    assert response["Content-Type"].startswith(JSON)


def test_a_sponsor_asks_and_a_set_answers_through_the_api(cast, api_as):
    path = f"/api/programmes/{cast.programme.pk}/asks"
    refused(send(api_as("sponsor"), "POST", path, {"question": " "}), 422)
    created = send(api_as("sponsor"), "POST", path, {"question": "What gets in the way?"})
    assert created.status_code == 201
    ask_id = created.json()["id"]
    loop = api_as("member").get(f"/api/sets/{cast.alpha.pk}/themes/loop").json()
    assert [a["id"] for a in loop["asks"]] == [ask_id]
    body = {"text": CROSS_SITE[0], "ask_id": ask_id}
    answered = send(api_as("member"), "POST", f"/api/sets/{cast.alpha.pk}/themes", body)
    assert answered.status_code == 201 and answered.json()["ask_id"] == ask_id
    detail = api_as("sponsor").get(f"/api/themes/asks/{ask_id}").json()
    assert detail["themes"] == []  # one set's draft: nothing
    assert send(api_as("sponsor"), "POST", f"/api/themes/asks/{ask_id}/close").status_code == 200
    refused(send(api_as("sponsor"), "POST", f"/api/themes/asks/{ask_id}/close"), 422)
    body = {"text": CROSS_SITE[1], "ask_id": ask_id}
    refused(send(api_as("member"), "POST", f"/api/sets/{cast.alpha.pk}/themes", body), 422)
    assert ThemeStatement.objects.count() == 1
    assert Ask.objects.get().closed_at is not None


def test_a_response_to_a_theme_below_the_rule_is_a_json_404(cast, api_as):
    key = below_rule_theme(cast)
    path = f"/api/programmes/{cast.programme.pk}/themes/responses"
    refused(send(api_as("sponsor"), "POST", path, {**CHANGE, "theme_id": key}), 404)
    refused(send(api_as("admin"), "POST", f"/api/themes/{key}/responses", CHANGE), 404)
    assert not ThemeResponse.objects.exists()


def test_rounds_through_the_api_hide_numbers_below_ten_votes(cast, api_as):
    key = released_theme(cast)
    opened = send(api_as("lead"), "POST", f"/api/programmes/{cast.programme.pk}/themes/rounds",
                  {"theme_id": key})  # fmt: skip
    assert opened.status_code == 201
    round_id = opened.json()["id"]
    vote = f"/api/themes/rounds/{round_id}/vote"
    refused(send(api_as("member"), "PUT", vote, {"choice": "maybe"}), 422)
    voted = send(api_as("member"), "PUT", vote, {"choice": "agree"})
    assert voted.status_code == 200
    assert voted.json()["my_vote"] == "agree"
    assert voted.json()["results"] == {"shown": False, "so_far": 0, "total": None, "agree": None,
                                       "disagree": None, "passed": None}  # fmt: skip
    seen = api_as("sponsor").get(f"/api/themes/rounds/{round_id}").json()
    assert seen["my_vote"] is None and seen["results"]["shown"] is False
    assert send(api_as("lead"), "POST", f"/api/themes/rounds/{round_id}/close").status_code == 200
    refused(send(api_as("member"), "PUT", vote, {"choice": "pass"}), 422)
    assert list(ThemeVote.objects.values_list("choice", flat=True)) == ["agree"]


def test_a_second_open_round_on_one_theme_is_refused(cast, api_as):
    key = released_theme(cast)
    path = f"/api/programmes/{cast.programme.pk}/themes/rounds"
    assert send(api_as("lead"), "POST", path, {"theme_id": key}).status_code == 201
    refused(send(api_as("lead"), "POST", path, {"theme_id": key}), 422)
