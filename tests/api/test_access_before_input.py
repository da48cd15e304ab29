"""A caller who may not change something gets its 403 or 404 whatever they send: an invalid or
unreadable body never earns them a 422 or 400 that reviews a request they could never make.
Checked for every write operation that takes input beyond its path, for every role of the cast."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from palg.api.api import api
from palg.impact.models import ChangeEvent
from palg.live.models import ExperimentCard
from tests.matrix.surveys import open_wave
from tests.matrix.themes import draft_statement
from tests.matrix.themes_loop import a_round, an_ask, released_theme

JSON = "application/json"
WRITES = {"post", "put", "patch", "delete"}
# Operations that need no access rule: anyone signed in makes their own tokens.
EXEMPT = {"token_create"}
CSV = b"id,name,email\nX1,Xavier,xavier@acme.example\n"


def write_operations_with_input() -> set[str]:
    """Write operations whose request carries a body or query values, from the OpenAPI schema."""
    found = set()
    for item in api.get_openapi_schema()["paths"].values():
        for method, operation in item.items():
            params = [p for p in operation.get("parameters", []) if p["in"] != "path"]
            if method in WRITES and ("requestBody" in operation or params):
                found.add(operation["operationId"])
    return found


def view_functions() -> dict:
    return {
        operation.operation_id: operation.view_func
        for _, router in api._routers
        for view in router.path_operations.values()
        for operation in view.operations
    }


@pytest.fixture
def card(cast):
    """Alice's experiment card from Alpha's meeting, to report back on."""
    return ExperimentCard.objects.create(
        owner=cast.people["member"],
        group=cast.alpha,
        programme=cast.programme,
        meeting=cast.alpha_meeting,
        action="Ask",
        expectation="Ideas",
        signal="Replies",
        due=timezone.localdate() + timedelta(days=30),
    )


def requests(cast, card) -> dict[str, tuple[str, dict]]:
    """operation id -> (path, a valid body)."""
    p, s, m = cast.programme.pk, cast.alpha.pk, cast.alpha_meeting.pk
    person, other = cast.people["outsider"].pk, cast.people["ann"].pk
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    scores = dict.fromkeys(("trust", "airtime", "questions", "contract"), 3)
    w = open_wave(cast)
    closes = (timezone.localdate() + timedelta(days=6)).isoformat()
    event = ChangeEvent.objects.create(
        organisation=cast.org, happened_on=date(2026, 1, 5), title="Restructure", size="large"
    )
    theme = draft_statement(cast, "alpha").pk
    ask, theme_round, key = an_ask(cast).pk, a_round(cast).pk, released_theme(cast)
    change = {"text": "We change sign-off.", "owner": "COO office"}
    return {
        "programme_create": ("/api/programmes", {"name": "New"}),
        "programme_update": (f"/api/programmes/{p}", {"name": "Renamed"}),
        "set_create": (f"/api/programmes/{p}/sets", {"name": "Gamma"}),
        "set_member_add": (f"/api/sets/{s}/members", {"person_id": person}),
        "set_rename": (f"/api/sets/{s}", {"name": "Gamma"}),
        "round_draft_form": (f"/api/programmes/{p}/rounds/1/draft", {}),
        "round_draft_move": (
            f"/api/programmes/{p}/rounds/1/draft/moves",
            {"person_id": other, "to_set": 1},
        ),
        "round_draft_lock": (f"/api/programmes/{p}/rounds/1/draft/locks", {"person_id": other}),
        "round_publish": (f"/api/programmes/{p}/rounds/1/publish", {}),
        "conflict_create": ("/api/conflicts", {"person_id": person, "other_id": other}),
        "meeting_schedule": (f"/api/sets/{s}/meetings", {"starts_at": "2031-01-15T10:00:00Z"}),
        "meeting_update": (f"/api/meetings/{m}", {"location": "Room 9"}),
        "attendance_record": (
            f"/api/meetings/{m}/attendance/{cast.people['member'].pk}",
            {"status": "present"},
        ),
        "meeting_record_update": (f"/api/meetings/{m}/record", {"text": "Agreed"}),
        "fading_plan_update": (
            f"/api/programmes/{p}/fading-plan",
            {"adviser_meetings": 2, "observer_until": 4},
        ),
        "rota_entry_update": (f"/api/meetings/{m}/rota", {"facilitator_id": None}),
        "live_session_control": (f"/api/sessions/{m}/control", {"action": "pause", "version": 0}),
        "live_session_prepare": (f"/api/sessions/{m}/prepare", {}),
        "live_card_create": (
            f"/api/sessions/{m}/cards",
            {"action": "Try", "expectation": "Ideas", "signal": "Replies", "due": due},
        ),
        "live_card_report": (f"/api/sessions/{m}/cards/{card.pk}/reports", {"did": "Asked"}),
        "live_review_save": (f"/api/sessions/{m}/review", {"next_steps": "Ask"}),
        "live_pulse_answer": (f"/api/sessions/{m}/pulse", scores),
        "people_import": ("/api/people/import?dry_run=true", {}),
        "invitation_create": ("/api/invitations", {"people": ["ann@acme.example"]}),
        "change_event_create": (
            "/api/change-events",
            {"happened_on": "2026-01-05", "title": "Go-live", "size": "small"},
        ),
        "change_event_update": (f"/api/change-events/{event.pk}", {"size": "small"}),
        "two_factor_policy_update": (
            "/api/accounts/two-factor-policy",
            {"require_org_admins": False, "require_leads": True},
        ),
        "own_answers_put": (f"/api/waves/{w}/answers", {"answers": {"cbi.p1": 2}}),
        "wave_update": (f"/api/waves/{w}", {"closes_on": closes}),
        "theme_statement_create": (f"/api/sets/{s}/themes", {"text": "A pattern"}),
        "theme_statement_update": (f"/api/themes/statements/{theme}", {"text": "A pattern"}),
        "theme_statement_link": (f"/api/themes/statements/{theme}/same", {"theme_id": None}),
        "ask_create": (f"/api/programmes/{p}/asks", {"question": "What gets in the way?"}),
        "ask_respond": (f"/api/themes/asks/{ask}/responses", change),
        "programme_theme_respond": (
            f"/api/programmes/{p}/themes/responses",
            {**change, "theme_id": key},
        ),
        "theme_respond": (f"/api/themes/{key}/responses", change),
        "round_open": (f"/api/programmes/{p}/themes/rounds", {"theme_id": key}),
        "round_vote": (f"/api/themes/rounds/{theme_round}/vote", {"choice": "agree"}),
    }


OPERATIONS = sorted(write_operations_with_input() - EXEMPT)


def test_every_write_operation_with_input_is_checked_and_declares_its_access_check(cast, card):
    assert set(requests(cast, card)) == set(OPERATIONS)
    views = view_functions()
    assert [op for op in OPERATIONS if not hasattr(views[op], "access_check")] == []


METHODS = {
    spec["operationId"]: method
    for item in api.get_openapi_schema()["paths"].values()
    for method, spec in item.items()
}


def send(client, operation: str, path: str, body, *, valid: bool):
    method = METHODS[operation]
    if operation == "people_import":
        data = {"file": SimpleUploadedFile("people.csv", CSV)} if valid else {}
        return client.post(path, data)
    if body is None:
        return getattr(client, method)(path, "{not json", content_type=JSON)
    return getattr(client, method)(path, body, content_type=JSON)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_refused_caller_gets_the_same_refusal_whatever_the_body(cast, card, api_as, operation):
    path, valid_body = requests(cast, card)[operation]
    refused = 0
    for role in cast.users:
        client = api_as(role)
        invalid = send(client, operation, path, {"unexpected": True}, valid=False)
        unreadable = send(client, operation, path, None, valid=False)
        valid = send(client, operation, path, valid_body, valid=True)
        if valid.status_code in (403, 404):
            refused += 1
            assert (role, invalid.status_code, invalid.json()) == (
                role,
                valid.status_code,
                valid.json(),
            )
            assert (role, unreadable.status_code) == (role, valid.status_code)
        else:
            assert (role, invalid.status_code) == (role, 422)
    assert refused >= 1, f"{operation}: no role of the cast is refused, so nothing was checked"
