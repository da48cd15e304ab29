"""The themes API: members draft, consent, link and withdraw; the theme map for leads and
sponsors. Every refusal is JSON with a 4xx, never a 500, and changes nothing."""

import pytest

from palg.api.errors import MSG_INVALID
from palg.themes.models import ThemeStatement
from palg.themes.services import MSG_NOT_DRAFT, MSG_TEXT_REQUIRED, MSG_TEXT_TOO_LONG, MSG_THEME_GONE
from tests.themes.builders import CROSS_SITE, add_set, recluster, release

JSON = "application/json"


def post(client, path, body=None):
    import json

    return client.post(path, json.dumps(body or {}), content_type=JSON)


def themes_path(cast, group=None):
    return f"/api/sets/{(group or cast.alpha).pk}/themes"


def test_a_member_drafts_and_consents_and_the_theme_is_released(cast, api_as):
    client = api_as("member")
    body = {"text": CROSS_SITE[0], "meeting_id": cast.alpha_meeting.pk}
    response = post(client, themes_path(cast), body)
    assert response.status_code == 201
    created = response.json()
    assert created["state"] == "draft"
    assert created["waiting_for"] == ["Alice"]
    response = post(client, f"/api/themes/statements/{created['id']}/consent")
    assert response.status_code == 200
    assert response.json()["state"] == "released"
    assert response.json()["consented"] == ["Alice"]


def test_the_draft_carries_its_identifying_details(cast, api_as):
    response = post(api_as("member"), themes_path(cast), {"text": "Bob told me so"})
    (span,) = response.json()["identifying"]
    assert span == {
        "start": 0,
        "end": 3,
        "kind": "name",
        "text": "Bob",
        "reason": "matches a name in the organisation's directory",
    }


@pytest.mark.parametrize(
    "body,field,message",
    [
        ({"text": ""}, "text", MSG_TEXT_REQUIRED),
        ({"text": "   "}, "text", MSG_TEXT_REQUIRED),
        ({"text": "y" * 281}, "text", MSG_TEXT_TOO_LONG),
    ],
)
def test_an_empty_or_too_long_statement_is_a_422_that_says_why(cast, api_as, body, field, message):
    response = post(api_as("member"), themes_path(cast), body)
    assert response.status_code == 422
    assert response.json()["errors"] == {field: [message]}
    assert not ThemeStatement.objects.exists()


@pytest.mark.parametrize(
    "body",
    [{}, {"text": 5}, {"text": "a\x00b"}, {"text": "x" * 2001}, {"text": "ok", "extra": 1},
     {"text": "ok", "meeting_id": 0}, {"text": "ok", "meeting_id": "abc"}],
)  # fmt: skip
def test_malformed_bodies_are_422s(cast, api_as, body):
    response = post(api_as("member"), themes_path(cast), body)
    assert response.status_code == 422
    assert response.json()["detail"] == MSG_INVALID


def test_a_meeting_that_does_not_exist_or_is_another_set_s_is_a_404(cast, api_as):
    for meeting_id in (cast.beta_meeting.pk, 2**62):
        body = {"text": "ok", "meeting_id": meeting_id}
        assert post(api_as("member"), themes_path(cast), body).status_code == 404
    assert not ThemeStatement.objects.exists()


def test_someone_outside_the_set_gets_the_404_whatever_they_send(cast, api_as):
    response = post(api_as("other_member"), themes_path(cast), {"text": ""})
    assert response.status_code == 404


def test_an_edit_resets_consents_and_a_released_theme_cannot_change(cast, api_as):
    client = api_as("member")
    created = post(client, themes_path(cast), {"text": CROSS_SITE[0]}).json()
    path = f"/api/themes/statements/{created['id']}"
    post(client, f"{path}/consent")
    response = client.patch(path, '{"text": "Cross-site calls reopen"}', content_type=JSON)
    assert response.status_code == 200
    assert response.json()["consented"] == []
    statement = ThemeStatement.objects.get()
    statement.state = "released"
    statement.save()
    response = client.patch(path, '{"text": "Other"}', content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] == {"__all__": [MSG_NOT_DRAFT]}


def test_linking_to_a_theme_that_is_not_released_is_a_422(cast, api_as):
    client = api_as("member")
    created = post(client, themes_path(cast), {"text": CROSS_SITE[0]}).json()
    response = post(
        client, f"/api/themes/statements/{created['id']}/same", {"theme_id": "0123abcd"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"theme_id": [MSG_THEME_GONE]}


def test_linking_to_a_released_theme_counts_the_draft_toward_it(cast, api_as):
    for name, text in zip(("Heron", "Kestrel", "Osprey"), CROSS_SITE, strict=False):
        release(add_set(cast, name, 4), text)
    recluster(cast)
    client = api_as("member")
    created = post(client, themes_path(cast), {"text": CROSS_SITE[3]}).json()
    (suggestion, *_) = created["suggestions"]
    path = f"/api/themes/statements/{created['id']}/same"
    linked = post(client, path, {"theme_id": suggestion["theme_id"]}).json()
    assert linked["same_as_theme"] == suggestion["label"]
    assert post(client, path, {"theme_id": None}).json()["same_as_theme"] == ""


def test_the_map_gives_released_themes_with_rounded_counts_and_no_sets(cast, api_as):
    for name, text in zip(("Heron", "Kestrel", "Osprey"), CROSS_SITE, strict=False):
        release(add_set(cast, name, 4), text)
    recluster(cast)
    for path in (f"/api/programmes/{cast.programme.pk}/themes", "/api/themes"):
        body = api_as("sponsor").get(path).json()
        assert body["min_sets"] == 3 and body["min_people"] == 10
        (theme,) = body["themes"]
        assert set(theme) == {"id", "label", "statements", "sets", "people", "trend"}
        assert (theme["sets"], theme["people"], theme["trend"]) == (5, 10, "rising")


def test_members_get_403_from_the_programme_map_and_the_organisation_map(cast, api_as):
    for path in (f"/api/programmes/{cast.programme.pk}/themes", "/api/themes"):
        response = api_as("member").get(path)
        assert response.status_code == 403
        assert response["Content-Type"].startswith(JSON)
