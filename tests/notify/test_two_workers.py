"""Exactly once with two workers: two threads, each on its own database connection, run the
sender over the same due notices at the same moment, against the local SMTP server. Every
message arrives once and every notice ends sent.

On PostgreSQL the claims really race (`select_for_update(skip_locked=True)` plus the conditional
update). The tests' in-memory SQLite shares one cache between threads and answers a concurrent
writer "table is locked" at once instead of waiting (a file database, as `palg worker` uses,
waits: tests/notify/test_worker_processes.py), so there a thread that meets the lock tries again,
and reads do not take table locks (as readers of a WAL file do not wait).
"""

import threading
import time
from datetime import timedelta

from django.db import OperationalError, connection
from django.utils import timezone

from palg.notify.models import Notice
from palg.notify.planning import notices_plan
from palg.notify.sending import notices_send_due
from palg.programmes.models import Meeting


def more_meetings(cast, count: int) -> None:
    for n in range(1, count + 1):
        for group in (cast.alpha, cast.beta):
            Meeting.objects.create(group=group, starts_at=timezone.now() + timedelta(weeks=n))


def run_sender(outcomes: list, barrier: threading.Barrier) -> None:
    try:
        if connection.vendor == "sqlite":
            # As in WAL mode on a file, readers do not wait for the writer (shared-cache
            # table locks would fail a read that the file database lets through).
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA read_uncommitted = 1")
        barrier.wait(timeout=10)
        while True:
            try:
                outcome = notices_send_due(limit=3)
            except OperationalError as error:
                if connection.vendor != "sqlite" or "locked" not in str(error):
                    raise
                time.sleep(0.01)
                continue
            outcomes.append(outcome)
            if not outcome:
                return
    finally:
        connection.close()


def test_two_workers_sending_the_same_due_notices_deliver_each_message_once(
    transactional_db, cast, smtp
):
    more_meetings(cast, 4)
    notices_plan()
    due = set(Notice.objects.values_list("key", flat=True))
    assert len(due) == 25
    barrier = threading.Barrier(2)
    outcomes: list[list] = [[], []]
    workers = [threading.Thread(target=run_sender, args=(o, barrier)) for o in outcomes]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not any(worker.is_alive() for worker in workers)
    ids = smtp.message_ids()
    assert len(ids) == len(set(ids)) == 25
    assert {i.strip("<>").split("@")[0] for i in ids} == {k.replace(":", ".") for k in due}
    assert set(Notice.objects.values_list("status", flat=True)) == {Notice.Status.SENT}
