"""`palg serve` and `palg demo` fork gunicorn workers: no database connection may be open then,
or every worker would share it (with DB_CONN_MAX_AGE > 0 they talk over each other)."""

import sys

import gunicorn.app.wsgiapp
from django.db import connections

from palg import cli


def test_connections_are_closed_just_before_gunicorn_forks_its_workers(monkeypatch):
    events = []
    monkeypatch.setattr(sys, "argv", list(sys.argv))  # run_gunicorn sets gunicorn's own
    monkeypatch.setattr(connections, "close_all", lambda: events.append("close"))
    monkeypatch.setattr(gunicorn.app.wsgiapp, "run", lambda: events.append("gunicorn"))
    cli.run_gunicorn(host="127.0.0.1", port=8000, workers=2)
    assert events == ["close", "gunicorn"]


def test_preparing_the_database_leaves_the_caller_s_connection_open(monkeypatch):
    monkeypatch.setattr(cli, "call", lambda *args: None)
    monkeypatch.setattr(connections, "close_all", lambda: (_ for _ in ()).throw(AssertionError))
    cli.prepare_database()
