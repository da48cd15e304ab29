"""The clock of `palg worker`: every PALG_NOTIFY_SECONDS it queues "plan due notices" and
"send due notices" as tasks, which the database worker (this one or any other) runs.

Each worker queues them, so with two workers each runs twice as often; the planner and the
sender are safe to run at the same moment (palg.notify.planning, palg.notify.sending), so that
costs a few queries, never a second email.
"""

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection

from palg.notify.tasks import plan_due_notices, send_due_notices

log = logging.getLogger(__name__)


def notices_tick() -> None:
    """Queue one round of planning and sending."""
    try:
        plan_due_notices.enqueue()
        send_due_notices.enqueue()
    except DatabaseError:
        log.exception("Could not queue the notice tasks; trying again next time")
    finally:
        connection.close()  # this thread's own connection, not the worker's


def ticker_start(seconds: float | None = None) -> threading.Event:
    """Queue a round now and then every `seconds` in a daemon thread; set the event to stop."""
    stop = threading.Event()
    interval = settings.NOTIFY_SECONDS if seconds is None else seconds

    def run() -> None:
        while not stop.is_set():
            notices_tick()
            stop.wait(interval)

    threading.Thread(target=run, name="palg-notify-clock", daemon=True).start()
    return stop
