from django.urls import reverse

from palg.programmes.models import ProgrammeRole


def assign_url(cast) -> str:
    return reverse("programme-role-assign", args=[cast.programme.pk])


def test_it_assigns_a_role_to_a_person_in_the_organisation(cast, client_as):
    otto = cast.people["outsider"]
    response = client_as("lead").post(assign_url(cast), {"person": otto.pk, "role": "sponsor"})
    assert response.status_code == 302
    assert ProgrammeRole.objects.filter(programme=cast.programme, person=otto, role="sponsor")
    page = client_as("lead").get(response["Location"]).content.decode()
    assert "Otto is now sponsor of this programme." in page


def test_it_offers_the_organisations_people_in_a_select(cast, client_as):
    body = client_as("lead").get(reverse("programme-detail", args=[cast.programme.pk]))
    body = body.content.decode()
    assert f'<option value="{cast.people["outsider"].pk}">Otto (IT, Bristol)</option>' in body
    assert "Zed" not in body


def test_it_rejects_a_person_from_another_organisation_and_changes_nothing(cast, client_as):
    before = ProgrammeRole.objects.count()
    zed = cast.people["stranger"]
    response = client_as("lead").post(assign_url(cast), {"person": zed.pk, "role": "lead"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice." in body
    assert 'id="id_person_error"' in body
    assert ProgrammeRole.objects.count() == before


def test_it_rejects_an_unknown_role(cast, client_as):
    before = ProgrammeRole.objects.count()
    otto = cast.people["outsider"]
    response = client_as("lead").post(assign_url(cast), {"person": otto.pk, "role": "king"})
    assert "Select a valid choice. king is not one of the available choices." in (
        response.content.decode()
    )
    assert ProgrammeRole.objects.count() == before


def test_it_is_for_managers_only(cast, client_as):
    otto = cast.people["outsider"]
    for role in ("sponsor", "facilitator", "member"):
        response = client_as(role).post(assign_url(cast), {"person": otto.pk, "role": "lead"})
        assert response.status_code == 403
    assert not ProgrammeRole.objects.filter(person=otto).exists()
