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
