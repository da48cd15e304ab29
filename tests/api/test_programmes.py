"""Programmes: list, create, read, change and warnings."""

from palg.access import MSG_OVERSEERS_ONLY, MSG_READ_ONLY, MSG_STAFF_ONLY
from palg.programmes.models import Programme, ProgrammeRole
from palg.programmes.norms import MSG_SIZE_LOW
from palg.programmes.services import MSG_SIZE_ORDER

JSON = "application/json"


def test_it_lists_the_programmes_the_caller_has_a_part_in(cast, api_as):
    Programme.objects.create(organisation=cast.org, name="Someone else's")
    body = api_as("member").get("/api/programmes").json()
    assert [p["name"] for p in body] == ["Leading through change"]


def test_it_lists_every_programme_for_an_organisation_admin(cast, api_as):
    Programme.objects.create(organisation=cast.org, name="Another")
    names = {p["name"] for p in api_as("admin").get("/api/programmes").json()}
    assert names == {"Leading through change", "Another"}


def test_it_lists_nothing_from_another_organisation(cast, api_as):
    assert api_as("stranger").get("/api/programmes").json() == []


def test_it_creates_a_programme_led_by_its_creator(cast, api_as):
    response = api_as("lead").post(
        "/api/programmes",
        {"name": "  New cohort ", "start_date": "2026-09-01", "session_template": "wial"},
        content_type=JSON,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "New cohort"
    assert body["start_date"] == "2026-09-01"
    assert body["session_template"] == "wial"
    assert body["status"] == "draft"
    programme = Programme.objects.get(pk=body["id"])
    assert programme.organisation == cast.org
    assert ProgrammeRole.objects.filter(
        programme=programme, person=cast.people["lead"], role="lead"
    ).exists()


def test_it_requires_staff_to_create_a_programme(cast, api_as):
    response = api_as("sponsor").post("/api/programmes", {"name": "Mine"}, content_type=JSON)
    assert response.status_code == 403
    assert response.json() == {"detail": MSG_STAFF_ONLY}
    assert not Programme.objects.filter(name="Mine").exists()


def test_it_reads_a_programme(cast, api_as):
    response = api_as("member").get(f"/api/programmes/{cast.programme.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "Leading through change"
    assert response.json()["min_group_size"] == 4


def test_it_checks_ownership(cast, api_as):
    for role in ("outsider", "stranger"):
        response = api_as(role).get(f"/api/programmes/{cast.programme.pk}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_it_changes_only_the_fields_sent(cast, api_as):
    response = api_as("lead").patch(
        f"/api/programmes/{cast.programme.pk}",
        {"status": "active", "start_date": "2026-01-05"},
        content_type=JSON,
    )
    assert response.status_code == 200
    cast.programme.refresh_from_db()
    assert cast.programme.status == "active"
    assert str(cast.programme.start_date) == "2026-01-05"
    assert cast.programme.name == "Leading through change"


def test_it_clears_the_start_date_with_null(cast, api_as):
    Programme.objects.filter(pk=cast.programme.pk).update(start_date="2026-01-05")
    response = api_as("lead").patch(
        f"/api/programmes/{cast.programme.pk}", {"start_date": None}, content_type=JSON
    )
    assert response.json()["start_date"] is None


def test_it_requires_lead_to_change_a_programme(cast, api_as):
    response = api_as("sponsor").patch(
        f"/api/programmes/{cast.programme.pk}", {"name": "Hijacked"}, content_type=JSON
    )
    assert response.status_code == 403
    assert response.json() == {"detail": MSG_READ_ONLY}
    cast.programme.refresh_from_db()
    assert cast.programme.name == "Leading through change"


def test_it_reports_the_services_validation_errors_by_field(cast, api_as):
    response = api_as("lead").patch(
        f"/api/programmes/{cast.programme.pk}",
        {"min_group_size": 9, "max_group_size": 6},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"min_group_size": [MSG_SIZE_ORDER]}


def test_it_lists_the_design_warnings(cast, api_as):
    Programme.objects.filter(pk=cast.programme.pk).update(min_group_size=2)
    response = api_as("lead").get(f"/api/programmes/{cast.programme.pk}/warnings")
    assert response.status_code == 200
    assert response.json() == [
        {"code": "size-low", "message": MSG_SIZE_LOW.format(norm=4, value=2)}
    ]


def test_it_shows_the_warnings_to_the_sponsor(cast, api_as):
    response = api_as("sponsor").get(f"/api/programmes/{cast.programme.pk}/warnings")
    assert response.status_code == 200


def test_it_keeps_warnings_from_set_members_because_they_name_other_sets(cast, api_as):
    response = api_as("member").get(f"/api/programmes/{cast.programme.pk}/warnings")
    assert response.status_code == 403
    assert response.json() == {"detail": MSG_OVERSEERS_ONLY}
