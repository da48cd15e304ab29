"""Helpers for tests that run palg itself as child processes (`palg serve`, `palg worker`) on a
throwaway database of the backend this pass of the suite uses: a SQLite file, or on the
PostgreSQL pass a PostgreSQL database created for the test and dropped after it."""

import atexit
import functools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"

# Seeds the shared cast (tests/conftest.py) into the child's database; prints nothing else.
# Migrations only: the static files are the server's business (`palg serve` collects them).
SEED_CAST = """
from palg.cli import call, setup_django
setup_django()
call("migrate", "--no-input", "--verbosity", "0")
from tests.conftest import build_cast
cast = build_cast()
"""
COLLECT_STATIC = """
from palg.cli import setup_django
setup_django()
from palg.staticbuild import static_collect
static_collect()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@functools.cache
def collected_static() -> Path:
    """The static files collected once for this test process (collecting takes 15-50 s)."""
    folder = Path(tempfile.mkdtemp(prefix="palg-static-"))
    env = {**os.environ, "PALG_DATA_DIR": str(folder), "DB": "sqlite",
           "DB_NAME": str(folder / "unused.sqlite3"),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}  # fmt: skip
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run_python(COLLECT_STATIC, env)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder / "static"


@contextmanager
def throwaway_database(env: dict, tmp_path: Path, prefix: str):
    """Point `env` (a child's environment) at a new database named after `prefix`; drop it
    afterwards on PostgreSQL. Its data folder gets this process's collected static files, with
    their fingerprint, so that `palg serve` there need not collect them again
    (palg.staticbuild)."""
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if "PALG_DATA_DIR" in env:
        shutil.copytree(collected_static(), Path(env["PALG_DATA_DIR"]) / "static")
    if os.environ.get("DB") != "postgres":
        env.update(DB="sqlite", DB_NAME=str(tmp_path / f"{prefix}.sqlite3"))
        yield env
        return
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = {"host": env.get("DB_HOST", HOST), "port": env.get("DB_PORT", "5432"),
             "user": env.get("DB_USER", "postgres"), "dbname": "postgres"}  # fmt: skip
    with psycopg.connect(**admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    env.update(DB="postgres", DB_NAME=name)
    try:
        yield env
    finally:
        with psycopg.connect(**admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_python(code: str, env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `code` in a child Python with `env`, from the repository root; fails loudly."""
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


def kill_group(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    """Signal a child started with start_new_session=True and all its children; wait for it."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=30)
