"""`palg journal-rotate-key` re-encrypts every entry with the newest key, all or nothing."""

import pytest
from django.core.exceptions import ValidationError
from typer.testing import CliRunner

from palg.cli import app
from palg.journal import services
from palg.journal.crypto import JournalKeyError
from palg.journal.models import JournalEntry
from tests.journal.helpers import new_key, write

runner = CliRunner()


def rotate(*args: str):
    return runner.invoke(app, ["journal-rotate-key", *args])


def test_rotation_re_encrypts_every_entry_with_the_newest_key(cast, settings):
    old, new = new_key(), new_key()
    settings.JOURNAL_KEYS = [old]
    entries = [write(cast, title="One"), write(cast, "other_member", title="Two")]
    settings.JOURNAL_KEYS = [new, old]
    assert services.journal_rotate_key().entries == 2
    settings.JOURNAL_KEYS = [new]
    titles = {entry.unseal().title for entry in JournalEntry.objects.all()}
    assert titles == {"One", "Two"}
    assert {e.sealed for e in JournalEntry.objects.all()}.isdisjoint(e.sealed for e in entries)


def test_entries_only_the_old_key_opens_become_readable_with_the_new_key_alone(cast, settings):
    old, new = new_key(), new_key()
    settings.JOURNAL_KEYS = [old]
    entry = write(cast, title="Old key only")
    settings.JOURNAL_KEYS = [new]
    with pytest.raises(JournalKeyError):
        JournalEntry.objects.get(pk=entry.pk).unseal()
    settings.JOURNAL_KEYS = [new, old]
    services.journal_rotate_key()
    settings.JOURNAL_KEYS = [new]
    assert JournalEntry.objects.get(pk=entry.pk).unseal().title == "Old key only"


def test_rotation_changes_nothing_when_an_entry_opens_with_no_configured_key(cast, settings):
    lost, old, new = new_key(), new_key(), new_key()
    settings.JOURNAL_KEYS = [lost]
    write(cast, title="Lost")
    settings.JOURNAL_KEYS = [old]
    write(cast, title="Fine")
    before = dict(JournalEntry.objects.values_list("pk", "sealed"))
    settings.JOURNAL_KEYS = [new, old]
    with pytest.raises(ValidationError) as raised:
        services.journal_rotate_key()
    message = services.MSG_ROTATE_UNREADABLE.format(count=1, entries="entry")
    assert raised.value.messages == [message]
    assert dict(JournalEntry.objects.values_list("pk", "sealed")) == before


def test_rotation_keeps_when_each_entry_was_written_and_changed(cast, settings):
    old, new = new_key(), new_key()
    settings.JOURNAL_KEYS = [old]
    entry = write(cast)
    settings.JOURNAL_KEYS = [new, old]
    services.journal_rotate_key()
    entry_after = JournalEntry.objects.get(pk=entry.pk)
    assert entry_after.updated_at == entry.updated_at


def test_the_command_prints_how_many_entries_it_re_encrypted(cast, settings):
    old, new = new_key(), new_key()
    settings.JOURNAL_KEYS = [old]
    for _ in range(3):
        write(cast)
    settings.JOURNAL_KEYS = [new, old]
    result = rotate()
    assert result.exit_code == 0, result.output
    assert "Re-encrypted 3 journal entries with the newest key." in result.output


def test_the_command_counts_a_single_entry_in_the_singular(cast, settings):
    settings.JOURNAL_KEYS = [new_key()]
    write(cast)
    assert "Re-encrypted 1 journal entry with the newest key." in rotate().output


def test_the_command_exits_1_naming_the_problem_when_a_key_is_missing(cast, settings):
    settings.JOURNAL_KEYS = [new_key()]
    write(cast)
    settings.JOURNAL_KEYS = [new_key()]
    result = rotate()
    assert result.exit_code == 1
    assert services.MSG_ROTATE_UNREADABLE.format(count=1, entries="entry") in result.output


def test_the_command_moves_entries_off_the_secret_key_with_from_secret_key(cast, settings):
    settings.JOURNAL_KEYS = []
    entry = write(cast, title="Before keys")
    settings.JOURNAL_KEYS = [new_key()]
    assert rotate().exit_code == 1  # the derived key is not read unless asked for
    result = rotate("--from-secret-key")
    assert result.exit_code == 0, result.output
    settings.SECRET_KEY = "a-different-secret-key-" + "x" * 40
    assert JournalEntry.objects.get(pk=entry.pk).unseal().title == "Before keys"


def test_the_command_refuses_without_journal_keys(cast, settings):
    settings.JOURNAL_KEYS = []
    result = rotate()
    assert result.exit_code == 1
    assert "PALG_JOURNAL_KEYS is not set" in result.output
