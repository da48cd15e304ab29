"""Background tasks (django.tasks, run by `palg worker`): one-line wrappers around services."""

from django.tasks import task

from palg.notify.planning import notices_plan
from palg.notify.sending import notices_send_due


@task
def plan_due_notices() -> int:
    return notices_plan()


@task
def send_due_notices() -> dict[str, int]:
    return notices_send_due()
