"""`palg worker` for real: child processes on a throwaway database (a SQLite file, or a
PostgreSQL database on the PostgreSQL pass) plan and send through the local SMTP server.

- Two workers side by side deliver each message exactly once.
- A worker that meets SQLite's write lock held elsewhere for longer than busy_timeout waits,
  warns and goes on sending once the lock is gone.
- A worker killed (SIGKILL) in the middle of handing a message to the SMTP server, which
  then accepts it, is not followed by a second copy: the next worker leaves the notice alone
  and, after the timeout, marks it failed.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import HOST, ROOT, SEED_CAST, kill_group, run_python, throwaway_database

INVITATIONS = 5  # the cast's two meetings: Alpha's three people and Beta's two
LOCK_SECONDS = 14  # past the worker's start-up and two of SQLite's 5 s busy_timeouts


@pytest.fixture
def worker_env(tmp_path, smtp_server):
    """The environment of a seeded throwaway database whose mail goes to `smtp_server`."""
    env = {**os.environ, "PALG_DATA_DIR": str(tmp_path), "PALG_NOTIFY_SECONDS": "1",
           "EMAIL_HOST": HOST, "EMAIL_PORT": str(smtp_server.port),
           "PALG_SITE_URL": "https://palg.example.org", "PALG_NOTIFY_SENDING_TIMEOUT": "3",
           # This checkout's palg, even where another one is installed in the virtualenv.
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}  # fmt: skip
    env.pop("PALG_EMAIL", None)
    with throwaway_database(env, tmp_path, "palg_notify") as env:
        run_python(SEED_CAST, env)
        yield env


def start_worker(env: dict, log) -> subprocess.Popen:
    palg = Path(sys.executable).with_name("palg")
    return subprocess.Popen(
        [str(palg), "worker"], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    kill_group(worker, sig)


def wait_for(condition, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_two_palg_workers_side_by_side_send_each_message_once(worker_env, smtp_server, tmp_path):
    with open(tmp_path / "workers.log", "w") as log:
        workers = [start_worker(worker_env, log) for _ in range(2)]
        try:
            wait_for(lambda: len(smtp_server.messages) >= INVITATIONS, seconds=120, what="mail")
            time.sleep(4)  # several more rounds of planning and sending by both workers
        finally:
            for worker in workers:
                stop(worker)
    ids = smtp_server.message_ids()
    assert len(ids) == len(set(ids)) == INVITATIONS, (tmp_path / "workers.log").read_text()
    assert all(m["Subject"].startswith("Invitation: ") for m in smtp_server.messages)


@pytest.mark.skipif(os.environ.get("DB") == "postgres", reason="SQLite's one write lock")
def test_a_worker_outlasts_a_write_lock_held_longer_than_busy_timeout(
    worker_env, smtp_server, tmp_path
):
    import sqlite3

    holder = sqlite3.connect(worker_env["DB_NAME"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # SQLite's one write lock, as a long search held it
    with open(tmp_path / "workers.log", "w") as log:
        worker = start_worker(worker_env, log)
        try:
            time.sleep(LOCK_SECONDS)  # busy_timeout is 5 s: every write of the worker fails
            alive_under_lock = worker.poll() is None
            holder.execute("ROLLBACK")
            wait_for(lambda: len(smtp_server.messages) >= INVITATIONS, seconds=120, what="mail")
            alive_after = worker.poll() is None
        finally:
            holder.close()
            stop(worker)
    log_text = (tmp_path / "workers.log").read_text()
    assert alive_under_lock and alive_after, log_text
    assert "database is locked" in log_text and "trying again" in log_text
    assert len(smtp_server.message_ids()) == INVITATIONS


def test_a_worker_killed_while_sending_is_not_followed_by_a_second_copy(
    worker_env, smtp_server, tmp_path
):
    smtp_server.hold_first = True
    with open(tmp_path / "workers.log", "w") as log:
        first = start_worker(worker_env, log)
        try:
            assert smtp_server.holding.wait(timeout=120), (tmp_path / "workers.log").read_text()
        finally:
            stop(first, signal.SIGKILL)
        # Whether the server then keeps the message (a server that queued it) or drops it with
        # the connection (aiosmtpd does), nobody can tell from the database.
        smtp_server.release.set()
        time.sleep(1)
        held = len(smtp_server.messages)
        second = start_worker(worker_env, log)
        try:
            wait_for(
                lambda: len(smtp_server.messages) >= held + INVITATIONS - 1,
                seconds=120,
                what="the rest",
            )
            time.sleep(6)  # past PALG_NOTIFY_SENDING_TIMEOUT, with a round every second
        finally:
            stop(second)
    ids, log_text = smtp_server.message_ids(), (tmp_path / "workers.log").read_text()
    assert len(ids) == len(set(ids)) == held + INVITATIONS - 1, log_text
    assert "left sending by a worker that stopped; marked failed" in log_text


def test_the_demos_worker_writes_its_mail_under_the_data_dir_and_stops_with_it(
    worker_env, smtp_server, monkeypatch, settings, tmp_path
):
    from palg.cli import start_demo_worker, stop_child

    for name, value in worker_env.items():
        monkeypatch.setenv(name, value)
    settings.DATA_DIR = tmp_path  # the throwaway database's PALG_DATA_DIR
    mail = tmp_path / "mail"

    def written() -> int:
        return len(list(mail.glob("*.eml"))) if mail.is_dir() else 0

    worker = start_demo_worker()
    try:
        wait_for(lambda: written() >= INVITATIONS, seconds=120, what="mail in the folder")
    finally:
        stop_child(worker)
    assert worker.returncode is not None
    assert written() == INVITATIONS
    assert smtp_server.messages == []  # EMAIL_HOST is set, but the demo never sends
