"""`palg worker`: django-tasks-db's database worker, made to outlast a busy database, and the
clock that every PALG_NOTIFY_SECONDS queues "plan due notices" and "send due notices" as tasks,
which the database worker (this one or any other) runs.

Each worker queues them, so with two workers each runs twice as often; the planner and the
sender are safe to run at the same moment (palg.notify.planning, palg.notify.sending), so that
costs a few queries, never a second email.

On SQLite a long write elsewhere (a big import, a forming search of old) holds the one write
lock for longer than busy_timeout, and the database worker's own claim then fails with
"database is locked". django-tasks-db lets that escape and the worker ends for good, with
nothing sent after. `SteadyWorker` waits and tries again instead (doubling the wait up to
RETRY_MAX_SECONDS, with a warning each time); the clock does the same on every tick.
"""

import contextlib
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from palg.notify.tasks import plan_due_notices, send_due_notices

log = logging.getLogger(__name__)

RETRY_FIRST_SECONDS = 0.5
RETRY_MAX_SECONDS = 30.0
MSG_DATABASE_BUSY = "The database is busy or unreachable (%s); trying again in %.1f s"
MSG_RECORD_BUSY = "Could not record how task %s ended (%s); trying again in %.1f s"


def _reset_connections() -> None:
    """Drop this thread's connections, so the next attempt starts with a fresh one (after a
    PostgreSQL restart the old one is dead)."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            connection.close()


class _Backoff:
    """Waits that double from RETRY_FIRST_SECONDS to RETRY_MAX_SECONDS."""

    def __init__(self) -> None:
        self.seconds = RETRY_FIRST_SECONDS

    def next(self) -> float:
        wait, self.seconds = self.seconds, min(self.seconds * 2, RETRY_MAX_SECONDS)
        return wait


class SteadyWorker(Worker):
    """django-tasks-db's worker that survives transient database errors."""

    def run(self) -> None:
        backoff = _Backoff()
        while self.running:
            try:
                return super().run()
            except OperationalError as error:
                wait = backoff.next()
                log.warning(MSG_DATABASE_BUSY, error, wait)
                _reset_connections()
                time.sleep(wait)

    def run_task(self, db_task_result) -> None:
        # The task itself failing on a busy database is recorded as a failed task (the clock
        # queues the notice tasks again next round); recording the outcome failing too is
        # retried here, so the task does not stay "running" for ever.
        try:
            super().run_task(db_task_result)
        except OperationalError as error:
            self._record_failure(db_task_result, error)

    def _record_failure(self, db_task_result, error: OperationalError) -> None:
        backoff = _Backoff()
        while True:
            wait = backoff.next()
            log.warning(MSG_RECORD_BUSY, db_task_result.id, error, wait)
            _reset_connections()
            time.sleep(wait)
            try:
                db_task_result.set_failed(error)
                return
            except OperationalError as again:
                error = again


class WorkerCommand(DbWorkerCommand):
    """`db_worker` with SteadyWorker, for `palg worker` (same options, no autoreload)."""

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               max_tasks, worker_id, exclude_queues, **options) -> None:  # fmt: skip
        self.configure_logging(verbosity)
        worker = SteadyWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        worker.run()


def notices_tick() -> None:
    """Queue one round of planning and sending."""
    try:
        plan_due_notices.enqueue()
        send_due_notices.enqueue()
    except DatabaseError as error:
        log.warning("Could not queue the notice tasks (%s); trying again next time", error)
    finally:
        _reset_connections()  # this thread's own connections, not the worker's


def ticker_start(seconds: float | None = None) -> threading.Event:
    """Queue a round now and then every `seconds` in a daemon thread; set the event to stop."""
    stop = threading.Event()
    interval = settings.NOTIFY_SECONDS if seconds is None else seconds

    def run() -> None:
        while not stop.is_set():
            try:
                notices_tick()
            except Exception:  # the clock must keep going whatever one tick met
                log.exception("The notice clock's tick failed; trying again next time")
            stop.wait(interval)

    threading.Thread(target=run, name="palg-notify-clock", daemon=True).start()
    return stop
