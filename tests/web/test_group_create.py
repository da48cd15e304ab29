from django.urls import reverse

from palg.programmes.models import Group
from palg.programmes.services import MSG_SET_NAME_TAKEN
from tests.web.pages import text


def create_url(cast) -> str:
    return reverse("group-create", args=[cast.programme.pk])


def test_it_creates_a_set_in_the_latest_round(cast, client_as):
    response = client_as("lead").post(create_url(cast), {"name": "Gamma", "round_number": ""})
    gamma = Group.objects.get(name="Gamma")
    assert response.status_code == 302
    assert response["Location"] == reverse("group-detail", args=[gamma.pk])
    assert gamma.round == cast.round


def test_it_creates_a_set_in_a_new_round(cast, client_as):
    client_as("admin").post(create_url(cast), {"name": "Alpha", "round_number": "2"})
    assert Group.objects.get(name="Alpha", round__number=2).round.programme == cast.programme


def test_it_rejects_a_name_already_used_in_the_round_and_creates_nothing(cast, client_as):
    response = client_as("lead").post(create_url(cast), {"name": "Alpha"})
    body = text(response)
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'id="id_name_error"' in body
    assert MSG_SET_NAME_TAKEN.format(name="Alpha", number=1) in body
    assert Group.objects.count() == 2


def test_it_rejects_a_blank_name(cast, client_as):
    response = client_as("lead").post(create_url(cast), {"name": "  "})
    assert "This field is required." in text(response)
    assert Group.objects.count() == 2


def test_it_is_for_managers_only(cast, client_as):
    for role in ("sponsor", "facilitator", "member"):
        assert client_as(role).post(create_url(cast), {"name": "Gamma"}).status_code == 403
    assert client_as("outsider").get(create_url(cast)).status_code == 404
    assert not Group.objects.filter(name="Gamma").exists()
