"""`palg serve` forks gunicorn workers after migrating: no database connection may be open then,
or every worker would share it (with DB_CONN_MAX_AGE > 0 they talk over each other)."""

from django.db import connections

from palg import cli


def test_preparing_the_database_closes_its_connections_before_the_workers_fork(monkeypatch):
    events = []
    monkeypatch.setattr(cli, "call", lambda *args: events.append(args[0]))
    monkeypatch.setattr(connections, "close_all", lambda: events.append("close"))
    cli.prepare_database()
    assert events == ["migrate", "collectstatic", "close"]
