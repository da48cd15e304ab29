"""PALG_DATA_DIR holds the SQLite database, the mail written to files and pending CSV uploads:
people's details, set content and encrypted journals. None of it is for other accounts on the
machine, so every palg process creates its files for its own account only (umask 077: folders
0700, files 0600, SQLite's -wal and -shm files too, which take the database file's mode), and
the data folder is made private when palg sets up, including on installations that created it
before this was so.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077
FOLDER_MODE = 0o700
FILE_MODE = 0o600
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def files_private() -> None:
    """Every file and folder this process creates from now on is its account's alone."""
    os.umask(PRIVATE_UMASK)


def _tighten(path: Path, mode: int) -> None:
    try:
        if path.exists() and path.stat().st_uid == os.getuid():
            path.chmod(mode)
    except OSError:  # not ours to change (a mounted volume): leave it as the operator set it
        pass


def data_dir_prepare() -> None:
    """Create the data folder 0700, and make an existing one, its mail folder and the SQLite
    database private."""
    from django.conf import settings

    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    _tighten(data_dir, FOLDER_MODE)
    _tighten(data_dir / "mail", FOLDER_MODE)
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        for suffix in SQLITE_SUFFIXES:
            _tighten(Path(f"{database['NAME']}{suffix}"), FILE_MODE)
