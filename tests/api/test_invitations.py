"""The invitations API: invite, list (scoped to the caller), re-send and revoke."""

from django.core.files.uploadedfile import SimpleUploadedFile

from palg.accounts.models import Invitation
from palg.notify.models import Notice
from tests.conftest import make_person
from tests.people.helpers import BASE, make_csv

JSON = "application/json"


def test_an_admin_invites_and_hears_who_was_skipped_and_unknown(cast, api_as):
    response = api_as("admin").post(
        "/api/invitations",
        {"people": ["ann@acme.example", "alice@acme.example", "who@acme.example"]},
        content_type=JSON,
    )
    assert response.status_code == 201
    body = response.json()
    assert [(i["person"]["name"], i["state"]) for i in body["invited"]] == [("Ann", "invited")]
    assert body["skipped"] == [
        {
            "person": {
                "id": cast.people["member"].pk,
                "name": "Alice",
                "email": "alice@acme.example",
            },
            "reason": "already has an account",
        }
    ]
    assert body["unknown"] == ["who@acme.example"]
    assert Notice.objects.filter(kind=Notice.Kind.ACCOUNT).count() == 1


def test_a_lead_lists_only_the_invitations_of_their_programmes_people(cast, api_as):
    nina = make_person(cast.org, "E20", "Nina")
    api_as("admin").post(
        "/api/invitations", {"people": ["ann@acme.example", nina.email]}, content_type=JSON
    )
    names = [i["person"]["name"] for i in api_as("lead").get("/api/invitations").json()]
    assert names == ["Ann"]
    assert len(api_as("admin").get("/api/invitations").json()) == 2


def test_a_participant_may_not_list_or_invite(cast, api_as):
    client = api_as("member")
    assert client.get("/api/invitations").status_code == 403
    response = client.post("/api/invitations", {"people": ["ann@acme.example"]}, content_type=JSON)
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_nobody_named_is_a_422_with_the_reason(cast, api_as):
    response = api_as("admin").post("/api/invitations", {"people": []}, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"]["people"] == [
        "Name at least one person, by email or directory id."
    ]


def test_revoke_then_resend_and_an_accepted_one_is_refused(cast, api_as):
    client = api_as("lead")
    (created,) = client.post(
        "/api/invitations", {"people": ["ann@acme.example"]}, content_type=JSON
    ).json()["invited"]
    revoked = client.post(f"/api/invitations/{created['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    resent = client.post(f"/api/invitations/{created['id']}/resend")
    assert resent.json()["state"] == "invited" and resent.json()["sends"] == 2
    Invitation.objects.filter(pk=created["id"]).update(accepted_at=resent.json()["sent_at"])
    refused = client.post(f"/api/invitations/{created['id']}/revoke")
    assert refused.status_code == 422
    assert "accepted this invitation already" in refused.json()["errors"]["__all__"][0]


def test_the_api_import_with_invite_lists_who_was_invited(cast, api_as):
    upload = SimpleUploadedFile("people.csv", make_csv(*BASE), "text/csv")
    response = api_as("admin").post("/api/people/import?invite=true", {"file": upload})
    assert response.status_code == 200, response.content
    assert response.json()["invited"] == ["nadia.new@acme.example"]
    assert list(Invitation.objects.values_list("person__email", flat=True)) == [
        "nadia.new@acme.example"
    ]
