"""POST /api/people/import: a CSV file, checked in full and written all or nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile

from palg.access import MSG_STAFF_ONLY
from palg.api.people import MSG_IMPORT_FAILED
from palg.people.importing import MSG_CONTROL_CHARACTER, MSG_REQUIRED_VALUE, REQUIRED_COLUMNS
from palg.people.models import Person

HEADER = ",".join(REQUIRED_COLUMNS)


def upload(text: str) -> dict:
    return {"file": SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv")}


def test_it_imports_a_file(cast, api_as):
    text = f"{HEADER}\nN1,Nell,nell@acme.example,E2,Ops,Finance,,Leeds,Senior\n"
    response = api_as("lead").post("/api/people/import", upload(text))
    assert response.status_code == 200
    body = response.json()
    assert (body["rows"], body["created"], body["committed"]) == (1, 1, True)
    assert body["changes"] == [
        {
            "row": 2,
            "external_id": "N1",
            "name": "Nell",
            "action": "create",
            "fields": [],
            "closes_account": False,
        }
    ]
    nell = Person.objects.get(organisation=cast.org, external_id="N1")
    assert nell.manager == cast.people["lead"]


def test_it_writes_nothing_on_a_dry_run(cast, api_as):
    text = f"{HEADER}\nN1,Nell,nell@acme.example,,,,,,\n"
    response = api_as("admin").post("/api/people/import?dry_run=true", upload(text))
    assert response.status_code == 200
    assert response.json()["committed"] is False
    assert response.json()["created"] == 1
    assert not Person.objects.filter(external_id="N1").exists()


def test_it_lists_every_problem_and_writes_nothing(cast, api_as):
    text = f"{HEADER}\nN1,,nell@acme.example,,,,,,\nN2,Ned,,,,,,,\n"
    response = api_as("lead").post("/api/people/import", upload(text))
    assert response.status_code == 400
    assert response.json() == {
        "detail": MSG_IMPORT_FAILED,
        "problems": [
            {"row": 2, "column": "name", "message": MSG_REQUIRED_VALUE},
            {"row": 3, "column": "email", "message": MSG_REQUIRED_VALUE},
        ],
    }
    assert not Person.objects.filter(external_id__in=["N1", "N2"]).exists()


def test_it_answers_400_not_500_for_a_nul_character_on_any_database(cast, api_as):
    text = f"{HEADER}\nN1,Nell\x00,nell@acme.example,,,,,,\n"
    response = api_as("lead").post("/api/people/import", upload(text))
    assert response.status_code == 400
    message = MSG_CONTROL_CHARACTER.format(code="U+0000")
    assert response.json()["problems"] == [{"row": 2, "column": "name", "message": message}]
    assert not Person.objects.filter(external_id="N1").exists()


def test_it_needs_a_file(cast, api_as):
    response = api_as("lead").post("/api/people/import", {})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["file"]


def test_it_requires_staff_to_import(cast, api_as):
    text = f"{HEADER}\nN1,Nell,nell@acme.example,,,,,,\n"
    response = api_as("facilitator").post("/api/people/import", upload(text))
    assert response.status_code == 403
    assert response.json() == {"detail": MSG_STAFF_ONLY}
    assert not Person.objects.filter(external_id="N1").exists()


def test_it_imports_into_the_callers_organisation_only(cast, api_as):
    text = f"{HEADER}\nG2,Gus,gus@globex.example,,,,,,\n"
    assert api_as("stranger").post("/api/people/import", upload(text)).status_code == 200
    assert Person.objects.get(external_id="G2").organisation == cast.other_org
