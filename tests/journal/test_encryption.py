"""Journal entries are encrypted at rest: a copy of the database alone reveals no title or text."""

import os
import subprocess
import sys

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from palg.journal import crypto
from palg.journal.crypto import JournalKeyError
from palg.journal.models import JournalEntry
from tests.journal.helpers import new_key, raw_row, write

SECRET = "My manager does not know I am looking for another job. Ça me pèse."


def test_an_entry_reads_back_exactly_what_was_written(cast):
    entry = write(cast, title="Thinking of leaving", body=SECRET)
    content = JournalEntry.objects.get(pk=entry.pk).unseal()
    assert (content.title, content.body) == ("Thinking of leaving", SECRET)


@pytest.mark.parametrize("keys", [[], ["configured"]])
def test_the_raw_database_row_does_not_contain_the_plaintext(cast, settings, keys):
    settings.JOURNAL_KEYS = [new_key() for _ in keys]
    entry = write(cast, title="Thinking of leaving", body=SECRET)
    row = " ".join(str(value) for value in raw_row(entry.pk))
    for fragment in ("Thinking", "leaving", "manager", "another job", "pèse"):
        assert fragment not in row
    assert entry.sealed in row  # the token is all there is


def test_without_journal_keys_the_key_is_derived_from_the_secret_key(cast, settings):
    settings.JOURNAL_KEYS = []
    entry = write(cast)
    settings.SECRET_KEY = "a-different-secret-key-" + "x" * 40
    with pytest.raises(JournalKeyError):
        entry.unseal()


def test_an_entry_whose_key_is_no_longer_configured_fails_with_a_clear_error(cast, settings):
    settings.JOURNAL_KEYS = [new_key()]
    entry = write(cast)
    settings.JOURNAL_KEYS = [new_key()]
    with pytest.raises(JournalKeyError) as raised:
        entry.unseal()
    assert str(raised.value) == crypto.MSG_UNREADABLE
    assert "no longer configured (PALG_JOURNAL_KEYS)" in str(raised.value)


def test_every_configured_key_decrypts_and_the_newest_encrypts(cast, settings):
    old, new = new_key(), new_key()
    settings.JOURNAL_KEYS = [old]
    before = write(cast, title="Before")
    settings.JOURNAL_KEYS = [new, old]
    after = write(cast, title="After")
    assert before.unseal().title == "Before"
    settings.JOURNAL_KEYS = [new]
    assert after.unseal().title == "After"


def test_a_malformed_key_stops_with_a_message_naming_its_position(cast, settings):
    settings.JOURNAL_KEYS = [new_key(), "not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="PALG_JOURNAL_KEYS item 2 is not a Fernet key"):
        write(cast)


def check_ids(deploy: bool) -> set[str]:
    # Every check runs, single sign-on's too, which read the saved configurations.
    return {message.id for message in checks.run_checks(include_deployment_checks=deploy)}


def test_the_deploy_check_warns_that_journals_hang_on_the_secret_key_without_keys(settings, db):
    settings.JOURNAL_KEYS = []
    assert "palg.journal.W001" in check_ids(deploy=True)
    assert "palg.journal.W001" not in check_ids(deploy=False)


def test_the_deploy_check_is_quiet_with_a_journal_key(settings, db):
    settings.JOURNAL_KEYS = [new_key()]
    assert not {"palg.journal.W001", "palg.journal.E001"} & check_ids(deploy=True)


def test_a_malformed_key_is_a_check_error(settings, db):
    settings.JOURNAL_KEYS = ["nope"]
    assert "palg.journal.E001" in check_ids(deploy=False)


def test_settings_read_keys_from_a_file_one_per_line(tmp_path):
    first, second = new_key(), new_key()
    keys_file = tmp_path / "journal_keys"
    keys_file.write_text(f"{first}\n{second}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PALG_JOURNAL_KEYS")}
    env.update(PALG_JOURNAL_KEYS_FILE=str(keys_file), PALG_JOURNAL_KEYS="ignored")
    script = "import palg.settings as s; print(','.join(s.JOURNAL_KEYS))"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == f"{first},{second}", result.stderr
