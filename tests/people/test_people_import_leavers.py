"""The `status` column: a re-import that marks people as having left deactivates their accounts
in the same all-or-nothing import, shows it in the preview, and only an organisation admin (or
the command line) may do it, never to their own account."""

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from palg.accounts import lifecycle
from palg.accounts.models import SecurityEvent
from palg.accounts.services import api_token_authenticate, api_token_create
from palg.cli import app
from palg.people.commands import MSG_LEAVERS, MSG_LEAVERS_DRY
from palg.people.importing import (
    MSG_BAD_STATUS,
    MSG_LEAVER_NEEDS_ADMIN,
    MSG_LEAVER_SELF,
    ImportProblem,
    PeopleImportError,
    people_import,
    people_import_for_organisation,
)
from palg.people.models import Person
from tests.conftest import PASSWORD
from tests.people.helpers import directory, make_csv, person

Kind = SecurityEvent.Kind
ALICE_LEFT = person("E5", "Alice", "alice@acme.example", status="left")
BOB_ACTIVE = person("E6", "Bob", "bob@acme.example", status="Active")


def problems_of(actor, data: bytes) -> list[ImportProblem]:
    with pytest.raises(PeopleImportError) as raised:
        people_import(actor=actor, data=data)
    return raised.value.problems


def test_a_dry_run_reports_the_leavers_and_closes_nothing(cast):
    report = people_import(actor=cast.actor("admin"), data=make_csv(ALICE_LEFT), commit=False)
    assert report.deactivated == 1
    assert [change.closes_account for change in report.changes] == [True]
    cast.users["member"].refresh_from_db()
    assert cast.users["member"].is_active


def test_an_import_marking_someone_as_left_closes_their_account_and_keeps_their_entry(cast):
    alice = cast.users["member"]
    browser = Client()
    assert browser.login(username=alice.email, password=PASSWORD)
    _, secret = api_token_create(user=alice, name="sync")

    report = people_import(actor=cast.actor("admin"), data=make_csv(ALICE_LEFT, BOB_ACTIVE))

    assert report.deactivated == 1
    alice.refresh_from_db()
    assert not alice.is_active
    assert not Session.objects.exists()
    assert api_token_authenticate(secret) is None
    assert Person.objects.filter(pk=cast.people["member"].pk).exists()
    event = alice.security_events.get(kind=Kind.DEACTIVATED)
    assert (event.actor, event.detail) == (cast.users["admin"], lifecycle.DETAIL_LEFT)
    assert cast.users["other_member"].is_active


def test_a_file_with_a_problem_closes_no_account(cast):
    before = directory(cast.org)
    bad = person("N1", "Nadia", "not-an-email")
    problems_of(cast.actor("admin"), make_csv(ALICE_LEFT, bad))
    cast.users["member"].refresh_from_db()
    assert cast.users["member"].is_active
    assert directory(cast.org) == before


def test_closing_the_accounts_fails_and_the_people_are_not_written_either(cast, monkeypatch):
    before = directory(cast.org)

    def fail(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(lifecycle, "leavers_close", fail)
    renamed = {**ALICE_LEFT, "name": "Alice Renamed"}
    with pytest.raises(RuntimeError):
        people_import(actor=cast.actor("admin"), data=make_csv(renamed))
    assert directory(cast.org) == before


def test_a_lead_cannot_close_accounts_through_an_import(cast):
    problems = problems_of(cast.actor("lead"), make_csv(ALICE_LEFT))
    assert problems == [
        ImportProblem(2, "status", MSG_LEAVER_NEEDS_ADMIN.format(name="Alice")),
    ]
    cast.users["member"].refresh_from_db()
    assert cast.users["member"].is_active


def test_an_admin_cannot_mark_themselves_as_left(cast):
    ada = person("E1", "Ada", "ada@acme.example", manager_id="", status="left")
    assert problems_of(cast.actor("admin"), make_csv(ada)) == [
        ImportProblem(2, "status", MSG_LEAVER_SELF)
    ]


def test_an_unknown_status_is_a_problem(cast):
    gone = {**ALICE_LEFT, "status": "gone"}
    assert problems_of(cast.actor("admin"), make_csv(gone)) == [
        ImportProblem(2, "status", MSG_BAD_STATUS.format(value="gone"))
    ]


def test_active_does_not_reactivate_and_left_again_changes_nothing(cast):
    alice = cast.users["member"]
    people_import(actor=cast.actor("admin"), data=make_csv(ALICE_LEFT))
    again = people_import(actor=cast.actor("admin"), data=make_csv(ALICE_LEFT))
    assert again.deactivated == 0
    back = people_import(actor=cast.actor("admin"), data=make_csv({**ALICE_LEFT, "status": ""}))
    assert back.deactivated == 0
    alice.refresh_from_db()
    assert not alice.is_active
    assert alice.security_events.filter(kind=Kind.DEACTIVATED).count() == 1


def test_a_new_person_marked_as_left_is_imported_without_an_account(cast):
    report = people_import(
        actor=cast.actor("admin"),
        data=make_csv(person("N1", "Nadia", "nadia@acme.example", status="left")),
    )
    assert (report.created, report.deactivated) == (1, 0)


def test_the_command_line_closes_leavers_without_an_actor(cast):
    report = people_import_for_organisation(organisation=cast.org, data=make_csv(ALICE_LEFT))
    assert report.deactivated == 1
    event = cast.users["member"].security_events.get(kind=Kind.DEACTIVATED)
    assert event.actor is None


@pytest.mark.parametrize(
    "flags,message", [([], MSG_LEAVERS), (["--dry-run"], MSG_LEAVERS_DRY)], ids=["real", "dry"]
)
def test_palg_import_people_says_how_many_accounts_it_closes(cast, tmp_path, flags, message):
    path = tmp_path / "people.csv"
    path.write_bytes(make_csv(ALICE_LEFT))
    args = ["import", "people", str(path), "--organisation", "acme", *flags]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert message.format(count=1) in result.stdout.splitlines()
    cast.users["member"].refresh_from_db()
    assert cast.users["member"].is_active == bool(flags)


def test_the_status_column_is_not_kept_as_an_attribute(cast):
    people_import(actor=cast.actor("admin"), data=make_csv(BOB_ACTIVE))
    assert "status" not in Person.objects.get(pk=cast.people["other_member"].pk).attributes


def test_the_preview_shows_the_leavers_and_confirming_closes_their_accounts(cast, client_as):
    client = client_as("admin")
    upload = SimpleUploadedFile("people.csv", make_csv(ALICE_LEFT), "text/csv")
    preview = client.post(reverse("person-import"), {"file": upload})
    html = preview.content.decode()
    assert '<dd id="count-deactivated">1</dd>' in html
    assert "left: account deactivated" in html
    token = preview.context["token"]
    response = client.post(reverse("person-import-confirm"), {"token": token}, follow=True)
    assert "Deactivated the accounts of 1 people" in response.content.decode()
    cast.users["member"].refresh_from_db()
    assert not cast.users["member"].is_active
