"""Inviting on the way: importing people (web, CLI, API), adding participants to a programme and
assigning a role can invite the people among them who have no account."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from typer.testing import CliRunner

from palg.accounts.models import Invitation
from palg.cli import app
from palg.notify.models import Notice
from tests.conftest import make_person
from tests.people.helpers import BASE, make_csv, person

NEIL = person("N2", "Neil New", "neil.new@acme.example")


def invited() -> list[str]:
    return sorted(Invitation.objects.values_list("person__email", flat=True))


def test_confirming_a_web_import_with_invite_invites_the_new_people_without_an_account(
    cast, client_as
):
    client = client_as("admin")
    upload = SimpleUploadedFile("people.csv", make_csv(*BASE, NEIL), "text/csv")
    preview = client.post(reverse("person-import"), {"file": upload})
    assert 'name="invite"' in preview.content.decode()
    token = preview.context["token"]
    response = client.post(reverse("person-import-confirm"), {"token": token, "invite": "1"})
    assert response.status_code == 302
    # Alice (E5) is in the file too, but has an account.
    assert invited() == ["nadia.new@acme.example", "neil.new@acme.example"]
    assert Notice.objects.filter(kind=Notice.Kind.ACCOUNT).count() == 2


def test_a_web_import_without_invite_invites_nobody(cast, client_as):
    client = client_as("admin")
    upload = SimpleUploadedFile("people.csv", make_csv(*BASE), "text/csv")
    token = client.post(reverse("person-import"), {"file": upload}).context["token"]
    client.post(reverse("person-import-confirm"), {"token": token})
    assert invited() == []


def test_the_import_command_with_invite_invites_and_says_how_many(cast, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(make_csv(*BASE, NEIL))
    args = ["import", "people", str(path), "--organisation", "acme", "--invite"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "Invited 2 people without an account."
    assert invited() == ["nadia.new@acme.example", "neil.new@acme.example"]


def test_a_dry_run_import_with_invite_invites_nobody(cast, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(make_csv(*BASE))
    args = ["import", "people", str(path), "--organisation", "acme", "--invite", "--dry-run"]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert invited() == []


def test_a_lead_importing_with_invite_invites_only_the_people_of_their_programmes(cast, client_as):
    client = client_as("lead")
    upload = SimpleUploadedFile("people.csv", make_csv(*BASE), "text/csv")
    token = client.post(reverse("person-import"), {"file": upload}).context["token"]
    response = client.post(
        reverse("person-import-confirm"), {"token": token, "invite": "1"}, follow=True
    )
    assert "Invited 0 people without an account; 1 not invited (not in a programme you lead" in (
        response.content.decode()
    )
    assert invited() == []


@pytest.mark.parametrize("invite", [True, False])
def test_adding_participants_can_invite_those_without_an_account(cast, client_as, invite):
    nina = make_person(cast.org, "E20", "Nina")
    data = {"people": f"{nina.email}\nann@acme.example\nalice@acme.example"}
    if invite:
        data["invite"] = "on"
    url = reverse("programme-participants-add", args=[cast.programme.pk])
    response = client_as("lead").post(url, data, follow=True)
    assert response.status_code == 200
    assert invited() == (["ann@acme.example", nina.email] if invite else [])
    if invite:
        assert "Invited 2 people without an account." in response.content.decode()


def test_assigning_a_role_can_invite_the_person(cast, client_as):
    nina = make_person(cast.org, "E20", "Nina")
    url = reverse("programme-role-assign", args=[cast.programme.pk])
    data = {"person": nina.pk, "role": "sponsor", "invite": "on"}
    response = client_as("lead").post(url, data, follow=True)
    assert "Invited 1 person without an account." in response.content.decode()
    assert invited() == [nina.email]
