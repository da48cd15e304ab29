"""The data folder, the SQLite database (with its -wal and -shm files) and the mail folder are
private to the account palg runs as: 0700 folders, 0600 files, from a real palg process started
with the usual umask 022 (palg.datadir)."""

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.processes import ROOT


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def palg_env(data_dir: Path, **extra: str) -> dict:
    env = {**os.environ, "PALG_DATA_DIR": str(data_dir), "DB": "sqlite", **extra}
    for name in ("DB_NAME", "DJANGO_SETTINGS_MODULE", "PALG_EMAIL", "EMAIL_HOST"):
        env.pop(name, None)
    return env


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    """A child palg with the umask most systems give a login shell (022: world-readable)."""
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
                          preexec_fn=lambda: os.umask(0o022))  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    return run([sys.executable, "-c", code], env)


def test_palg_creates_the_data_folder_and_the_database_private(tmp_path):
    data = tmp_path / "data"
    run([sys.executable, "-m", "palg", "manage", "migrate", "--no-input", "-v", "0"],
        palg_env(data))  # fmt: skip
    assert mode(data) == 0o700
    assert mode(data / "palg.sqlite3") == 0o600


def test_the_wal_and_shm_files_are_private_while_palg_holds_the_database(tmp_path):
    data = tmp_path / "data"
    code = """
import os, stat
from palg.cli import setup_django
setup_django()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE probe (x integer)")
    cursor.execute("INSERT INTO probe VALUES (1)")
    name = settings.DATABASES["default"]["NAME"]
    for suffix in ("", "-wal", "-shm"):
        print(suffix or "db", oct(stat.S_IMODE(os.stat(name + suffix).st_mode)))
"""
    printed = run_python(code, palg_env(data)).stdout.split()
    assert printed == ["db", "0o600", "-wal", "0o600", "-shm", "0o600"]


def test_mail_written_to_files_is_private(tmp_path):
    data = tmp_path / "data"
    code = """
from palg.cli import setup_django
setup_django()
from django.core.mail import send_mail
send_mail("Your set meets on Monday", "Room 4.", "palg@example.org", ["alice@example.org"])
"""
    run_python(code, palg_env(data, PALG_EMAIL="file"))
    mail = data / "mail"
    assert mode(mail) == 0o700
    files = list(mail.iterdir())
    assert files and all(mode(path) == 0o600 for path in files)


def test_an_existing_world_readable_data_folder_is_made_private(tmp_path):
    data = tmp_path / "data"
    (data / "mail").mkdir(parents=True)
    (data / "palg.sqlite3").touch()
    for path, old in ((data, 0o755), (data / "mail", 0o755), (data / "palg.sqlite3", 0o644)):
        path.chmod(old)
    run_python("from palg.cli import setup_django; setup_django()", palg_env(data))
    assert (mode(data), mode(data / "mail"), mode(data / "palg.sqlite3")) == (0o700, 0o700, 0o600)
