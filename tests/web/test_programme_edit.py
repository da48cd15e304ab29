from django.urls import reverse

from palg.access import MSG_READ_ONLY
from palg.programmes.models import Programme
from palg.programmes.services import MSG_SIZE_ORDER


def edit_url(cast) -> str:
    return reverse("programme-edit", args=[cast.programme.pk])


def test_it_shows_the_saved_design_in_the_form(cast, client_as):
    body = client_as("lead").get(edit_url(cast)).content.decode()
    assert 'value="Leading through change"' in body
    assert "Edit Leading through change" in body


def test_it_saves_changes_for_the_lead(cast, client_as, programme_data):
    response = client_as("lead").post(edit_url(cast), programme_data)
    assert response.status_code == 302
    cast.programme.refresh_from_db()
    assert cast.programme.name == "Leading across boundaries"
    assert cast.programme.cadence_weeks == 5


def test_it_lets_an_organisation_admin_edit(cast, client_as, programme_data):
    assert client_as("admin").post(edit_url(cast), programme_data).status_code == 302


def test_it_re_renders_with_errors_and_changes_nothing(cast, client_as, programme_data):
    programme_data.update(min_group_size="9", max_group_size="6")
    response = client_as("lead").post(edit_url(cast), programme_data)
    body = response.content.decode()
    assert MSG_SIZE_ORDER in body
    # The heading keeps the saved name, not the one typed into the rejected form.
    assert "Edit Leading through change" in body
    cast.programme.refresh_from_db()
    assert cast.programme.name == "Leading through change"
    assert cast.programme.min_group_size == 4


def test_it_answers_403_to_read_only_roles(cast, client_as, programme_data):
    for role in ("sponsor", "facilitator", "member"):
        response = client_as(role).post(edit_url(cast), programme_data)
        assert response.status_code == 403
        assert MSG_READ_ONLY in response.content.decode()
    assert Programme.objects.get().name == "Leading through change"
