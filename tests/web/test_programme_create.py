from django.urls import reverse

from palg.programmes import norms
from palg.programmes.models import Programme, ProgrammeRole
from palg.programmes.services import MSG_SIZE_ORDER
from tests.web.conftest import OFF_NORM
from tests.web.pages import text


def test_it_creates_a_programme_and_makes_its_creator_the_lead(cast, client_as, programme_data):
    response = client_as("lead").post(reverse("programme-create"), programme_data)
    programme = Programme.objects.get(name="Leading across boundaries")
    assert response.status_code == 302
    assert response["Location"] == reverse("programme-detail", args=[programme.pk])
    assert programme.max_group_size == 7
    assert ProgrammeRole.objects.filter(
        programme=programme, person=cast.people["lead"], role="lead"
    ).exists()


def test_it_puts_a_size_order_error_on_the_smallest_size_and_creates_nothing(
    cast, client_as, programme_data
):
    programme_data.update(min_group_size="8", max_group_size="5")
    response = client_as("lead").post(reverse("programme-create"), programme_data)
    body = text(response)
    assert response.status_code == 200
    assert MSG_SIZE_ORDER in body
    assert 'id="id_min_group_size_error"' in body
    assert 'aria-invalid="true"' in body
    assert not Programme.objects.filter(name="Leading across boundaries").exists()


def test_it_rejects_a_missing_name_and_keeps_what_was_typed(cast, client_as, programme_data):
    programme_data["name"] = ""
    response = client_as("lead").post(reverse("programme-create"), programme_data)
    body = text(response)
    assert "There is a problem" in body
    assert 'href="#id_name">Programme name: Give the programme a name.</a>' in body
    assert "Cross-functional change" in body
    assert Programme.objects.count() == 1


def test_it_reports_every_problem_at_once(cast, client_as, programme_data):
    programme_data.update(name="", min_group_size="9", max_group_size="8")
    body = text(client_as("lead").post(reverse("programme-create"), programme_data))
    assert "Give the programme a name." in body
    assert MSG_SIZE_ORDER in body


def test_it_rejects_a_set_size_below_two(cast, client_as, programme_data):
    programme_data.update(min_group_size="1")
    response = client_as("lead").post(reverse("programme-create"), programme_data)
    assert "Ensure this value is greater than or equal to 2." in text(response)
    assert Programme.objects.count() == 1


def test_it_is_for_staff_only(cast, client_as, programme_data):
    for role in ("sponsor", "facilitator", "member", "outsider"):
        client = client_as(role)
        assert client.get(reverse("programme-create")).status_code == 403
        assert client.post(reverse("programme-create"), programme_data).status_code == 403
    assert Programme.objects.count() == 1


def test_it_starts_a_new_design_inside_the_norms(cast, client_as):
    body = text(client_as("lead").get(reverse("programme-create")))
    for name, value in (("min_group_size", 4), ("max_group_size", 8), ("meeting_minutes", 180)):
        field = body.split(f'name="{name}"')[1].split(">")[0]
        assert f'value="{value}"' in field


def test_it_explains_the_methods_norms_next_to_the_fields(cast, client_as):
    body = text(client_as("lead").get(reverse("programme-create")))
    assert "The method's norm is 4-8 members per set." in body
    assert "every 4-8 weeks" in body
    assert "At least 4; sets usually meet for 6-12 months." in body
    assert 'aria-describedby="id_min_group_size_helptext"' in body


def test_it_wires_the_live_design_check_to_the_design_fields(cast, client_as):
    body = text(client_as("lead").get(reverse("programme-create")))
    assert f'hx-get="{reverse("programme-design-check")}"' in body
    assert 'hx-target="#design-warnings"' in body
    assert "This design is within the method's norms" in body


def test_the_design_check_warns_about_size_meetings_and_cadence(cast, client_as):
    response = client_as("lead").get(
        reverse("programme-design-check"), {"min_group_size": 4, **OFF_NORM}
    )
    body = text(response)
    assert response.status_code == 200
    assert "<html" not in body
    assert 'data-code="size-high"' in body
    assert 'data-code="few-meetings"' in body
    assert 'data-code="long-cadence"' in body
    assert "your maximum is 10" in body
    assert 'data-code="size-low"' not in body


def test_the_design_check_ignores_half_typed_values(cast, client_as):
    response = client_as("lead").get(
        reverse("programme-design-check"), {"min_group_size": "", "max_group_size": "abc"}
    )
    assert "within the method's norms" in text(response)


def test_the_form_shows_warnings_again_when_it_is_re_rendered(cast, client_as, programme_data):
    programme_data.update({key: str(value) for key, value in OFF_NORM.items()}, name="")
    body = text(client_as("lead").post(reverse("programme-create"), programme_data))
    assert norms.MSG_FEW_MEETINGS.format(norm=4, value=3) in body
