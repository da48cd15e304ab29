"""`palg worker` for real: child processes on a throwaway database (a SQLite file, or a
PostgreSQL database on the PostgreSQL pass) plan and send through the local SMTP server.

- Two workers side by side deliver each message exactly once.
- A worker that cannot use the database for a while (SQLite's write lock held elsewhere for
  longer than busy_timeout; PostgreSQL cutting its connections) waits, warns and goes on
  sending once the database is back.
- A worker killed (SIGKILL) in the middle of handing a message to the SMTP server, which
  then accepts it, is not followed by a second copy: the next worker leaves the notice alone
  and, after the timeout, marks it failed.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
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


@contextmanager
def database_out_of_reach(env: dict):
    """For LOCK_SECONDS, a database the worker cannot use: on SQLite the one write lock held
    elsewhere (as a long search once held it); on PostgreSQL every connection of the worker cut
    by the server, again and again (as a restart or a failover does)."""
    if env["DB"] == "sqlite":
        import sqlite3

        holder = sqlite3.connect(env["DB_NAME"], isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield "database is locked"
            time.sleep(LOCK_SECONDS)  # busy_timeout is 5 s: every write of the worker fails
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    import psycopg

    with psycopg.connect(host=HOST, user="postgres", dbname=env["DB_NAME"], autocommit=True) as db:
        yield "terminating connection"
        deadline = time.monotonic() + LOCK_SECONDS
        while time.monotonic() < deadline:
            db.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            time.sleep(0.2)


def notice_states(env: dict) -> dict[str, int]:
    """How many notices are in each state, read from the child's database."""
    query = "SELECT status, COUNT(*) FROM notify_notice GROUP BY status"
    if env["DB"] == "sqlite":
        import sqlite3

        with contextlib.closing(sqlite3.connect(env["DB_NAME"])) as db:
            return dict(db.execute(query).fetchall())
    import psycopg

    with psycopg.connect(host=HOST, user="postgres", dbname=env["DB_NAME"]) as db:
        return dict(db.execute(query).fetchall())


def test_a_worker_outlasts_a_database_it_cannot_use_for_a_while(worker_env, smtp_server, tmp_path):
    with open(tmp_path / "workers.log", "w") as log:
        worker = None
        try:
            with database_out_of_reach(worker_env) as expected_error:
                worker = start_worker(worker_env, log)
            alive_while_out_of_reach = worker.poll() is None
            wait_for(
                lambda: (
                    set(notice_states(worker_env)) <= {"sent", "failed"}
                    and sum(notice_states(worker_env).values()) == INVITATIONS
                ),
                seconds=120,
                what="every invitation sent or given up",
            )
            alive_after = worker.poll() is None
        finally:
            if worker is not None:
                stop(worker)
    log_text, states = (tmp_path / "workers.log").read_text(), notice_states(worker_env)
    assert alive_while_out_of_reach and alive_after, log_text
    assert expected_error in log_text and "trying again" in log_text, log_text
    ids = smtp_server.message_ids()
    assert len(ids) == len(set(ids)), log_text  # never a second copy
    if worker_env["DB"] == "sqlite":
        # A held lock only delays: nothing was claimed while it lasted.
        assert states == {"sent": INVITATIONS}, log_text
    else:
        # A cut connection can strand a claimed notice, which is given up rather than risk a
        # second copy (PALG_NOTIFY_SENDING_TIMEOUT); the worker goes on with the rest.
        assert states.get("sent", 0) >= 1 and len(ids) >= states["sent"], (states, log_text)


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
