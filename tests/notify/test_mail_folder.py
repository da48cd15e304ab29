"""Mail written to a folder (PALG_EMAIL=file, the demo): one `.eml` file per message, named so
a listing sorts by time, each opening as the message a mail client would receive; the folder
is its owner's alone (0700, files 0600)."""

import email
import os
import stat
from email import policy

import pytest

from palg import settings as palg_settings
from palg.notify.models import Notice
from palg.notify.planning import notices_plan
from palg.notify.sending import notices_send_due
from tests.notify.test_meeting_requests import assert_meeting_request


@pytest.fixture
def mail_folder(settings, tmp_path):
    """The mailer PALG_EMAIL=file chooses, writing under a fresh folder; that folder."""
    backend, options = palg_settings._MAILERS["file"]
    folder = tmp_path / "data" / "mail"
    options = {**options, "file_path": folder}
    settings.MAILERS = {"default": {"BACKEND": backend, "OPTIONS": options}}
    settings.SITE_URL = "https://palg.example.org"
    previous = os.umask(0o022)  # a usual umask, which would leave files readable by all
    yield folder
    os.umask(previous)


def read(path):
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def test_each_message_is_its_own_eml_file_and_they_sort_by_time(cast, mail_folder):
    notices_plan()
    assert notices_send_due() == {"sent": 5}
    files = sorted(mail_folder.iterdir())
    assert [f.suffix for f in files] == [".eml"] * 5
    sent = Notice.objects.filter(status=Notice.Status.SENT).order_by("sent_at", "id")
    expected = [f"<{n.key.replace(':', '.')}@palg.example.org>" for n in sent]
    assert [read(f)["Message-ID"] for f in files] == expected
    assert all("-invitation-set-alpha-meets-" in f.name or "-invitation-set-beta-meets-" in f.name
               for f in files)  # fmt: skip


def test_an_eml_file_opens_as_a_meeting_request(cast, mail_folder):
    notices_plan()
    notices_send_due()
    (alice,) = [read(f) for f in mail_folder.iterdir() if "alice@acme.example" in read(f)["To"]]
    assert alice["Subject"].startswith("Invitation: Set Alpha meets ")
    assert_meeting_request(alice, "REQUEST", "invitation.ics")
    assert b"\r\n" in next(mail_folder.iterdir()).read_bytes()  # as sent over SMTP


def test_the_folder_and_its_files_are_the_owners_alone(cast, mail_folder):
    notices_plan()
    notices_send_due()
    assert stat.S_IMODE(mail_folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(f.stat().st_mode) for f in mail_folder.iterdir()} == {0o600}


def test_an_existing_open_folder_is_closed_to_others(cast, mail_folder):
    mail_folder.mkdir(parents=True, mode=0o755)
    os.chmod(mail_folder, 0o755)
    notices_plan()
    notices_send_due()
    assert stat.S_IMODE(mail_folder.stat().st_mode) == 0o700
