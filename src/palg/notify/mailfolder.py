"""Email written to a folder (PALG_EMAIL=file, what `palg demo` uses): one `.eml` file per
message, so a person can open each in a mail client (with its invitation shown as a meeting
request), where Django's own file backend appends every message of a connection to one `.log`.

Files are named by when they were written, in UTC, then the subject
(`20261207-165301-042317-invitation-alpha-meets-tuesday-12-january-2027-0900.eml`), so a
listing sorts by time. The mail holds names, addresses and meeting details: the folder is made
0700 and each file 0600 whatever the umask, and files are never overwritten.
"""

import email.policy
import os
from datetime import UTC, datetime
from pathlib import Path

from django.core.mail.backends import filebased
from django.utils.text import slugify

FOLDER_MODE, FILE_MODE = 0o700, 0o600
SUBJECT_CHARS = 60


class EmailBackend(filebased.EmailBackend):
    """Django's file backend (the same `file_path` option and checks), one file per message."""

    def __init__(self, fail_silently=False, file_path=None, **kwargs):
        if file_path is not None:
            _private_folder(Path(file_path))
        super().__init__(fail_silently=fail_silently, file_path=file_path, **kwargs)
        _private_folder(Path(self.file_path))

    def open(self):
        return False  # each message opens and closes its own file

    def close(self):
        pass

    def send_messages(self, email_messages) -> int:
        written = 0
        for message in email_messages:
            try:
                self.write_message(message)
            except Exception:
                if not self.fail_silently:
                    raise
            else:
                written += 1
        return written

    def write_message(self, message) -> Path:
        """The message as it would go over SMTP (CRLF lines), in a new file; its path."""
        data = message.message(policy=email.policy.SMTP).as_bytes()
        stem = f"{datetime.now(UTC):%Y%m%d-%H%M%S-%f}-{slugify(message.subject)[:SUBJECT_CHARS]}"
        for attempt in range(100):
            path = Path(self.file_path) / f"{stem}{f'-{attempt}' if attempt else ''}.eml"
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            except FileExistsError:
                continue  # another message of the same microsecond and subject
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            return path
        raise FileExistsError(f"No free file name for {stem}.eml in {self.file_path}")


def _private_folder(folder: Path) -> None:
    """Make `folder` (and its parents) if missing, and readable by its owner alone."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o777 != FOLDER_MODE:
        folder.chmod(FOLDER_MODE)
