"""The accounts API: list, deactivate and reactivate (organisation admins), and the caller's
own security events."""

from django.core.files.uploadedfile import SimpleUploadedFile

from palg.accounts.lifecycle import MSG_SELF
from palg.accounts.models import SecurityEvent, User
from palg.accounts.services import api_token_authenticate, api_token_create
from tests.people.helpers import make_csv, person

Kind = SecurityEvent.Kind


def test_it_lists_the_organisations_accounts_with_roles_and_state(cast, api_as):
    body = api_as("admin").get("/api/accounts").json()
    by_email = {account["email"]: account for account in body}
    assert len(body) == 7  # Acme's, not Globex's
    assert by_email[cast.users["lead"].email]["roles"] == ["lead"]
    assert by_email[cast.users["admin"].email]["roles"] == ["org admin"]
    assert {account["state"] for account in body} == {"active"}


def test_deactivating_revokes_every_token_including_the_one_being_used_elsewhere(cast, api_as):
    alice = cast.users["member"]
    alices = api_as("member")
    assert alices.get("/api/me").status_code == 200

    response = api_as("admin").post(f"/api/accounts/{alice.pk}/deactivate")

    assert response.status_code == 200
    assert response.json()["state"] == "deactivated"
    assert alices.get("/api/me").status_code == 401
    assert alice.security_events.get(kind=Kind.DEACTIVATED).actor == cast.users["admin"]


def test_reactivating_answers_the_active_account_and_keeps_tokens_revoked(cast, api_as):
    alice = cast.users["member"]
    _, secret = api_token_create(user=alice, name="sync")
    admin = api_as("admin")
    admin.post(f"/api/accounts/{alice.pk}/deactivate")
    response = admin.post(f"/api/accounts/{alice.pk}/reactivate")
    assert response.json()["state"] == "active"
    assert api_token_authenticate(secret) is None


def test_an_admin_cannot_deactivate_their_own_account(cast, api_as):
    admin = cast.users["admin"]
    response = api_as("admin").post(f"/api/accounts/{admin.pk}/deactivate")
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [MSG_SELF]


def test_it_checks_ownership(cast, api_as):
    alice = cast.users["member"]
    response = api_as("stranger").post(f"/api/accounts/{alice.pk}/deactivate")
    assert response.status_code == 404
    alice.refresh_from_db()
    assert alice.is_active


def test_it_requires_an_org_admin_before_reading_a_body(cast, api_as):
    alice = cast.users["member"]
    response = api_as("lead").post(
        f"/api/accounts/{alice.pk}/deactivate", "{not json", content_type="application/json"
    )
    assert response.status_code == 403


def test_an_account_s_events_and_my_own_are_listed_newest_first(cast, api_as):
    alice = cast.users["member"]
    admin = api_as("admin")
    admin.post(f"/api/accounts/{alice.pk}/deactivate")
    admin.post(f"/api/accounts/{alice.pk}/reactivate")
    kinds = [event["kind"] for event in admin.get(f"/api/accounts/{alice.pk}/events").json()]
    assert kinds == [Kind.REACTIVATED, Kind.DEACTIVATED]
    mine = api_as("member").get("/api/me/security-events").json()
    assert [event["kind"] for event in mine] == [Kind.REACTIVATED, Kind.DEACTIVATED]
    assert api_as("lead").get("/api/me/security-events").json() == []


def test_the_api_import_reports_the_leavers(cast, api_as):
    data = make_csv(person("E5", "Alice", "alice@acme.example", status="left"))
    response = api_as("admin").post(
        "/api/people/import", {"file": SimpleUploadedFile("people.csv", data, "text/csv")}
    )
    body = response.json()
    assert (body["deactivated"], body["changes"][0]["closes_account"]) == (1, True)


def test_the_api_makes_and_removes_admins_and_answers_422_with_the_reason(cast, api_as):
    api = api_as("admin")
    lead = cast.users["lead"].pk
    response = api.post(f"/api/accounts/{lead}/make-admin")
    assert response.status_code == 200 and response.json()["roles"] == ["org admin", "lead"]
    response = api.post(f"/api/accounts/{lead}/remove-admin")
    assert response.status_code == 200 and response.json()["roles"] == ["lead"]
    response = api.post(f"/api/accounts/{cast.users['admin'].pk}/remove-admin")
    assert response.status_code == 422
    assert "cannot remove your own admin role" in str(response.json())
    assert User.objects.get(pk=cast.users["admin"].pk).is_org_admin


# The two-factor policy ------------------------------------------------------------------------


def test_an_admin_reads_and_sets_the_two_factor_policy(cast, api_as):
    admin = api_as("admin")
    assert admin.get("/api/accounts/two-factor-policy").json() == {
        "require_org_admins": False,
        "require_leads": False,
        "updated_at": None,
    }
    body = {"require_org_admins": True, "require_leads": False}
    response = admin.put("/api/accounts/two-factor-policy", body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["require_org_admins"] is True
    stranger = api_as("stranger").get("/api/accounts/two-factor-policy").json()
    assert stranger["require_org_admins"] is False  # Globex's own, untouched


def test_the_two_factor_policy_refuses_bad_input_and_non_admins(cast, api_as):
    bad = api_as("admin").put(
        "/api/accounts/two-factor-policy",
        {"require_leads": "maybe"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    lead = api_as("lead").put(
        "/api/accounts/two-factor-policy",
        {"require_org_admins": False, "require_leads": False},
        content_type="application/json",
    )
    assert lead.status_code == 403
    assert not SecurityEvent.objects.filter(kind=Kind.MFA_ADDED).exists()
