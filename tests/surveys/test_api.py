"""The surveys API: my open waves, my answers (get and put, 422 with reasons on bad input and
after the wave closes), and a programme's waves for its overseers, changed by its leads."""

from datetime import timedelta

from palg.surveys.models import Response, Wave
from tests.surveys.helpers import FULL, close, make_wave


def test_a_participant_lists_their_open_waves(cast, api_as):
    wave = make_wave(cast)
    make_wave(cast, "mid", opened=-30, closes_in=40)
    body = api_as("member").get("/api/me/waves").json()
    assert [(w["id"], w["state"], w["answered"], w["finished"]) for w in body] == [
        (wave.pk, "open", 0, False)
    ]
    assert api_as("lead").get("/api/me/waves").json() == []


def test_a_participant_puts_and_gets_their_answers(cast, api_as):
    wave = make_wave(cast)
    client = api_as("member")
    path = f"/api/waves/{wave.pk}/answers"
    assert client.get(path).json() == {
        "wave_id": wave.pk,
        "state": "open",
        "answers": {},
        "finished": False,
    }
    put = client.put(path, {"answers": {"cbi.p1": 3}}, content_type="application/json")
    assert put.status_code == 200
    done = client.put(path, {"answers": FULL, "finished": True}, content_type="application/json")
    assert done.json()["answers"] == FULL and done.json()["finished"] is True
    assert client.get(path).json()["answers"] == FULL


def test_bad_answers_get_422_with_the_reasons_and_change_nothing(cast, api_as):
    wave = make_wave(cast, instruments=["ucla3"])
    client = api_as("member")
    path = f"/api/waves/{wave.pk}/answers"
    response = client.put(
        path, {"answers": {"ucla.1": 7, "cbi.p1": 1}}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [
        "7 is not one of the answers to “ucla.1”.",
        "“cbi.p1” is not a question of this survey.",
    ]
    wrong_type = client.put(path, {"answers": ["ucla.1"]}, content_type="application/json")
    assert wrong_type.status_code == 422
    assert not Response.objects.exists()


def test_answers_put_after_the_wave_closed_are_refused(cast, api_as):
    wave = make_wave(cast)
    client = api_as("member")
    path = f"/api/waves/{wave.pk}/answers"
    client.put(path, {"answers": {"cbi.p1": 3}}, content_type="application/json")
    close(wave)
    refused = client.put(path, {"answers": {"cbi.p1": 0}}, content_type="application/json")
    assert refused.status_code == 422
    assert "cannot change" in refused.json()["errors"]["__all__"][0]
    assert client.get(path).json() == {
        "wave_id": wave.pk,
        "state": "closed",
        "answers": {"cbi.p1": 3},
        "finished": False,
    }


def test_nobody_else_gets_a_persons_answers(cast, api_as):
    wave = make_wave(cast)
    path = f"/api/waves/{wave.pk}/answers"
    api_as("member").put(path, {"answers": FULL}, content_type="application/json")
    for role in ("admin", "lead", "sponsor", "facilitator", "outsider", "stranger"):
        assert api_as(role).get(path).status_code == 404, role
    # Bob answers the same wave, and reads only his own (none yet).
    assert api_as("other_member").get(path).json()["answers"] == {}


def test_the_lead_plans_lists_and_changes_the_waves(cast, api_as):
    lead = api_as("lead")
    path = f"/api/programmes/{cast.programme.pk}/waves"
    planned = lead.post(path)
    assert planned.status_code == 201
    assert [w["kind"] for w in planned.json()] == ["baseline", "mid", "end", "follow_up"]
    again = lead.post(path)
    assert again.status_code == 422
    mid = Wave.objects.get(kind="mid")
    short = (mid.opens_on + timedelta(days=3)).isoformat()
    refused = lead.patch(
        f"/api/waves/{mid.pk}", {"closes_on": short}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"]["__all__"] == [
        "The mid-programme wave is open for 4 days; a wave must be open for 7 to 21 days."
    ]
    ok = lead.patch(
        f"/api/waves/{mid.pk}", {"instruments": ["cbi"]}, content_type="application/json"
    )
    assert ok.json()["instruments"] == ["cbi"]
    listed = api_as("sponsor").get(path).json()
    assert [(w["kind"], w["invited"], w["finished"]) for w in listed][1] == ("mid", 4, 0)
    assert api_as("member").get(path).status_code == 403


def test_an_unknown_instrument_is_refused_by_the_schema(cast, api_as):
    wave = make_wave(cast, opened=-1, closes_in=5)
    response = api_as("lead").patch(
        f"/api/waves/{wave.pk}", {"instruments": ["mbi"]}, content_type="application/json"
    )
    assert response.status_code == 422
    assert Wave.objects.get().instruments == ["cbi", "psych_safety", "ucla3"]
