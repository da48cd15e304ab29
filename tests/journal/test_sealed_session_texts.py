"""Review sheets and question harvests are encrypted at rest like journal entries: the raw
columns hold tokens only, their readers still see the text, key rotation covers them, and
deleting the journal entry that holds one deletes it, so nothing of it stays readable."""

import pytest
from django.core.exceptions import FieldError, ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from palg.accounts.models import User
from palg.accounts.services import api_token_create
from palg.journal import services
from palg.journal.crypto import JournalKeyError
from palg.journal.fields import UNREADABLE
from palg.journal.models import JournalEntry
from palg.live import contributions, review
from palg.live.models import Contribution, LiveSession, ReviewSheet
from tests.journal.helpers import new_key
from tests.live.cycle import ann_actor, go_to, press, start_with_presenter

SHEET = {
    "learned_1": "My depot managers hide overtime",
    "next_steps": "Ask Raj about the rota",
    "about_me": "I rush to fix things",
}
QUESTION = "What would the night shift say about the rota?"
NOTE = "Raj ran the same change at Leeds"


pytestmark = pytest.mark.usefixtures("alpha_meeting_today")


def raw_rows(model) -> str:
    """Every row of the model's table as the database holds it, bypassing the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def save_sheet(cast) -> ReviewSheet:
    start_with_presenter(cast)
    go_to(cast, "process-review")
    return review.review_sheet_save(
        actor=cast.actor("member"), meeting_id=cast.alpha_meeting.pk, **SHEET
    )


def ask(cast, text: str) -> None:
    contributions.contribution_submit(
        actor=cast.actor("member"), meeting_id=cast.alpha_meeting.pk, text=text
    )


def harvest(cast) -> LiveSession:
    """Alice asks Ann a question and leaves her a note; the session ends."""
    start_with_presenter(cast)
    go_to(cast, "open-questions")
    ask(cast, QUESTION)
    go_to(cast, "resources")
    ask(cast, NOTE)
    press(cast, "end")
    return LiveSession.objects.get()


def api_client(user) -> Client:
    _, secret = api_token_create(user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def review_api(cast) -> str:
    return f"/api/sessions/{cast.alpha_meeting.pk}/review"


def live_page(cast) -> str:
    return reverse("live-session", args=[cast.alpha_meeting.pk])


def ann_client(cast) -> Client:
    client = Client()
    client.force_login(User.objects.get(person=cast.people["ann"]))
    return client


# At rest -------------------------------------------------------------------------------------


@pytest.mark.parametrize("keys", [[], ["configured"]])
def test_the_raw_review_sheet_row_holds_no_plaintext(cast, settings, keys):
    settings.JOURNAL_KEYS = [new_key() for _ in keys]
    save_sheet(cast)
    row = raw_rows(ReviewSheet)
    for fragment in ("depot", "overtime", "Raj", "rota", "rush"):
        assert fragment not in row


def test_the_raw_contribution_rows_hold_no_plaintext(cast):
    harvest(cast)
    assert Contribution.objects.count() == 2
    row = raw_rows(Contribution)
    for fragment in ("night shift", "rota", "Raj", "Leeds"):
        assert fragment not in row


def test_the_author_still_reads_their_sheet_through_the_api_and_the_page(cast):
    save_sheet(cast)
    body = api_client(cast.users["member"]).get(review_api(cast)).json()
    assert body["learned"] == [SHEET["learned_1"]]
    assert body["next_steps"] == SHEET["next_steps"]
    client = Client()
    client.force_login(cast.users["member"])
    assert SHEET["about_me"] in client.get(live_page(cast)).content.decode()


def test_the_presenter_still_reads_their_harvest_after_the_session(cast):
    harvest(cast)
    ann_actor(cast)
    page = ann_client(cast).get(live_page(cast)).content.decode()
    assert "What would the night shift say about the rota?" in page
    assert "Raj ran the same change at Leeds" in page


def test_a_filter_on_the_encrypted_text_fails_loudly_instead_of_matching_nothing(cast):
    with pytest.raises(FieldError):
        list(Contribution.objects.filter(text="anything"))
    with pytest.raises(FieldError):
        list(ReviewSheet.objects.filter(about_me__icontains="fix"))


def test_a_text_no_configured_key_opens_reads_as_a_notice_and_is_never_written_back(cast, settings):
    settings.JOURNAL_KEYS = [new_key()]
    save_sheet(cast)
    settings.JOURNAL_KEYS = [new_key()]
    sheet = ReviewSheet.objects.get()
    assert sheet.about_me == UNREADABLE
    before = raw_rows(ReviewSheet)
    with pytest.raises(JournalKeyError), transaction.atomic():
        sheet.save()
    assert raw_rows(ReviewSheet) == before


# Key rotation --------------------------------------------------------------------------------


def test_rotation_re_encrypts_sheets_and_harvests_with_the_newest_key(cast, settings):
    old, new = new_key(), new_key()
    settings.JOURNAL_KEYS = [old]
    start_with_presenter(cast)
    go_to(cast, "open-questions")
    ask(cast, "Is this a question about the process?")
    go_to(cast, "process-review")
    review.review_sheet_save(actor=cast.actor("member"), meeting_id=cast.alpha_meeting.pk, **SHEET)
    before = raw_rows(ReviewSheet) + raw_rows(Contribution)
    settings.JOURNAL_KEYS = [new, old]
    done = services.journal_rotate_key()
    assert done.texts == 7 + 1  # the sheet's seven answers (blank ones too) and the question
    settings.JOURNAL_KEYS = [new]
    sheet = ReviewSheet.objects.get()
    assert (sheet.learned_1, sheet.about_me) == (SHEET["learned_1"], SHEET["about_me"])
    assert Contribution.objects.get().text == "Is this a question about the process?"
    after = raw_rows(ReviewSheet) + raw_rows(Contribution)
    assert "process" not in after and "rush" not in after
    assert before != after


def test_rotation_changes_nothing_when_a_sheet_opens_with_no_configured_key(cast, settings):
    lost, new = new_key(), new_key()
    settings.JOURNAL_KEYS = [lost]
    save_sheet(cast)
    before = raw_rows(ReviewSheet) + raw_rows(JournalEntry)
    settings.JOURNAL_KEYS = [new]
    with pytest.raises(ValidationError) as raised:
        services.journal_rotate_key()
    assert services.MSG_ROTATE_TEXTS_UNREADABLE.format(count=7, texts="texts") in (
        raised.value.messages
    )
    assert raw_rows(ReviewSheet) + raw_rows(JournalEntry) == before


def test_the_command_says_how_many_sheet_and_harvest_texts_it_re_encrypted(cast, settings):
    from typer.testing import CliRunner

    from palg.cli import app

    old, new = new_key(), new_key()
    settings.JOURNAL_KEYS = [old]
    save_sheet(cast)
    settings.JOURNAL_KEYS = [new, old]
    result = CliRunner().invoke(app, ["journal-rotate-key"])
    assert result.exit_code == 0, result.output
    assert "Re-encrypted 1 journal entry with the newest key." in result.output
    assert "Re-encrypted 7 review sheet and question harvest texts with it too." in result.output


# Deletion ------------------------------------------------------------------------------------


def test_deleting_the_review_entry_deletes_the_sheet(cast):
    save_sheet(cast)
    [entry] = JournalEntry.objects.filter(owner=cast.users["member"])
    services.journal_entry_delete(actor=cast.actor("member"), entry_id=entry.pk)
    assert not ReviewSheet.objects.exists()
    body = api_client(cast.users["member"]).get(review_api(cast)).json()
    assert body["learned"] == [] and body["about_me"] == ""
    client = Client()
    client.force_login(cast.users["member"])
    assert SHEET["about_me"] not in client.get(live_page(cast)).content.decode()


def test_deleting_the_harvest_entry_deletes_the_harvest(cast):
    session = harvest(cast)
    ann = ann_actor(cast)
    [entry] = JournalEntry.objects.filter(owner_id=ann.user_id, kind=JournalEntry.Kind.HARVEST)
    services.journal_entry_delete(actor=ann, entry_id=entry.pk)
    assert not Contribution.objects.filter(session=session).exists()
    assert contributions.harvest(session, ann) == []
    page = ann_client(cast).get(live_page(cast)).content.decode()
    assert "night shift" not in page and "Leeds" not in page


def test_deleting_a_free_entry_or_someone_elses_sheet_is_untouched(cast):
    save_sheet(cast)
    free = services.journal_entry_create(actor=cast.actor("member"), title="Free", body="Mine")
    services.journal_entry_delete(actor=cast.actor("member"), entry_id=free.pk)
    assert ReviewSheet.objects.count() == 1


# Rows written before encryption --------------------------------------------------------------


def test_the_migration_encrypts_rows_written_in_plaintext_and_decrypts_them_going_back(cast):
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps

    migration = import_module("palg.live.migrations.0005_sealed_sheets_and_harvests")
    save_sheet(cast)
    plain = {name: "" for name in review.SHEET_FIELDS} | SHEET
    table = connection.ops.quote_name(ReviewSheet._meta.db_table)
    assignments = ", ".join(f"{name} = %s" for name in plain)
    with connection.cursor() as cursor:  # the row as palg wrote it before encryption
        cursor.execute(f"UPDATE {table} SET {assignments}", list(plain.values()))
    assert "I rush to fix" in raw_rows(ReviewSheet)
    editor = SimpleNamespace(connection=connection)
    migration.seal_existing_rows(apps, editor)
    assert "rush" not in raw_rows(ReviewSheet)
    sheet = ReviewSheet.objects.get()
    assert {name: getattr(sheet, name) for name in plain} == plain
    migration.unseal_existing_rows(apps, editor)
    assert "I rush to fix" in raw_rows(ReviewSheet)


def test_the_delete_page_says_the_sheet_goes_too_and_deleting_there_deletes_it(cast):
    save_sheet(cast)
    [entry] = JournalEntry.objects.filter(owner=cast.users["member"])
    client = Client()
    client.force_login(cast.users["member"])
    url = reverse("journal-entry-delete", args=[entry.pk])
    assert "Your review sheet from that session is deleted with it." in (
        client.get(url).content.decode()
    )
    assert client.post(url).status_code == 302
    assert not ReviewSheet.objects.exists()
