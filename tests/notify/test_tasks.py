"""The background side: the two tasks wrap the planner and the sender, and the clock of
`palg worker` queues them for the database task worker."""

import time

from django_tasks_db.models import DBTaskResult

from palg.notify.tasks import plan_due_notices, send_due_notices
from palg.notify.worker import notices_tick, ticker_start

PATHS = ["palg.notify.tasks.plan_due_notices", "palg.notify.tasks.send_due_notices"]


def test_the_tasks_plan_and_send_due_notices(cast, smtp, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    assert plan_due_notices.enqueue().return_value == 5
    assert send_due_notices.enqueue().return_value == {"sent": 5}
    assert len(smtp.messages) == 5


def test_a_tick_queues_planning_then_sending_for_the_task_worker(transactional_db):
    notices_tick()
    queued = DBTaskResult.objects.order_by("enqueued_at").values_list("task_path", flat=True)
    assert list(queued) == PATHS


def test_the_clock_ticks_until_it_is_stopped(transactional_db):
    stop = ticker_start(seconds=0.05)
    deadline = time.monotonic() + 10
    while DBTaskResult.objects.count() < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    time.sleep(0.3)
    ticks = DBTaskResult.objects.count()
    assert ticks >= 4
    time.sleep(0.3)
    assert DBTaskResult.objects.count() == ticks


def _steady_worker():
    from palg.notify.worker import SteadyWorker

    return SteadyWorker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id="test",
                        excluded_queue_names=[])  # fmt: skip


def test_the_worker_records_a_task_s_end_once_the_database_is_free_again(
    transactional_db, monkeypatch, caplog
):
    from django.db import OperationalError
    from django_tasks_db.models import DBTaskResult as Row

    from palg.notify import worker

    monkeypatch.setattr(worker, "RETRY_FIRST_SECONDS", 0.01)
    plan_due_notices.enqueue()
    busy = {"left": 3}
    set_failed = Row.set_failed

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    def failed_while_busy(self, error):
        if busy["left"]:
            busy["left"] -= 1
            raise OperationalError("database is locked")
        return set_failed(self, error)

    monkeypatch.setattr(Row, "set_successful", locked)
    monkeypatch.setattr(Row, "set_failed", failed_while_busy)
    _steady_worker().run()  # plain django-tasks-db lets the second OperationalError escape
    assert Row.objects.get().status == "FAILED"
    assert "Could not record how task" in caplog.text and "database is locked" in caplog.text


def test_the_worker_waits_out_a_locked_database_instead_of_ending(
    transactional_db, monkeypatch, caplog
):
    from django.db import OperationalError
    from django_tasks_db.management.commands import db_worker

    from palg.notify import worker

    monkeypatch.setattr(worker, "RETRY_FIRST_SECONDS", 0.01)
    plan_due_notices.enqueue()
    busy = {"left": 2}
    transaction = db_worker.exclusive_transaction

    def exclusive_while_busy(using=None):
        if busy["left"]:
            busy["left"] -= 1
            raise OperationalError("database is locked")
        return transaction(using)

    monkeypatch.setattr(db_worker, "exclusive_transaction", exclusive_while_busy)
    _steady_worker().run()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert caplog.text.count("The database is busy or unreachable (database is locked)") == 2
