"""Send due notices, each exactly once, with any number of workers at once.

A worker claims one due notice at a time: in a transaction it picks the oldest pending notice
whose time has come (`select_for_update(skip_locked=True)`, so on PostgreSQL workers pass over
each other's rows; on SQLite, which has no row locks, the IMMEDIATE transactions of our settings
serialise the claims) and a conditional UPDATE marks it `sending` with a fresh claim token. That
commits before the SMTP call. Once the SMTP server has accepted the message, the worker holding
the token marks it `sent`.

A worker that dies between those two commits leaves its notice `sending`, and nobody can tell
whether the SMTP server had taken the message. After PALG_NOTIFY_SENDING_TIMEOUT such a notice
is marked `failed`, with the reason, for a person to look at (palg.notify.services.notice_retry
queues it again); it is never re-sent on its own. A missing reminder does less harm than a
duplicate, and mail clients do not reliably drop a second copy even with the same Message-ID.
Claiming one notice at a time (not a batch) means a dead worker leaves at most one such notice.

An error from the SMTP server (connection refused, a temporary or permanent refusal) means the
message was not taken: the notice goes back to `pending` a little later, up to MAX_ATTEMPTS.
"""

import logging
import time
from collections import Counter
from datetime import datetime, timedelta
from uuid import uuid4

from django.conf import settings
from django.core.mail import mailers
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from palg.notify.compose import NoticeStale, compose
from palg.notify.models import Notice

log = logging.getLogger(__name__)
Status = Notice.Status
MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=5)  # times the attempts so far
MSG_DIED = (
    "A worker stopped while sending this notice, so it may or may not have gone out. It was not "
    "sent again, to avoid a duplicate: check with the recipient, then notice_retry if needed."
)


def notices_send_due(*, limit: int = 500, now: datetime | None = None) -> dict[str, int]:
    """Send up to `limit` due notices; how many were sent, skipped, retried and failed."""
    outcomes: Counter[str] = Counter()
    outcomes["failed"] += notices_expire_stale(now=now)
    connection = None
    try:
        for _ in range(limit):
            notice = notice_claim(now=now)
            if notice is None:
                break
            connection = connection or mailers.default
            outcomes[_deliver(notice, connection)] += 1
    finally:
        if connection is not None:
            _close(connection)
    return {name: count for name, count in outcomes.items() if count}


def notice_claim(*, now: datetime | None = None) -> Notice | None:
    """Claim the oldest due pending notice for this worker (status `sending`, a new token)."""
    now = now or timezone.now()
    while True:
        token = uuid4().hex
        with transaction.atomic():
            candidate = (
                Notice.objects.select_for_update(skip_locked=True)
                .filter(status=Status.PENDING, due_at__lte=now)
                .order_by("due_at", "id")
                .only("pk")
                .first()
            )
            if candidate is None:
                return None
            won = Notice.objects.filter(pk=candidate.pk, status=Status.PENDING).update(
                status=Status.SENDING,
                claim_token=token,
                claimed_at=timezone.now(),
                attempts=F("attempts") + 1,
            )
        if won:
            related = ("recipient", "meeting", "card", "session")
            return Notice.objects.select_related(*related).get(pk=candidate.pk)


def notices_expire_stale(*, now: datetime | None = None) -> int:
    """Mark failed the notices left `sending` longer than the timeout (their worker died)."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.NOTIFY_SENDING_TIMEOUT)
    stale = Notice.objects.filter(status=Status.SENDING, claimed_at__lt=cutoff)
    for key in stale.values_list("key", flat=True):
        log.warning("Notice %s was left sending by a worker that stopped; marked failed.", key)
    return stale.update(status=Status.FAILED, last_error=MSG_DIED)


def _deliver(notice: Notice, connection) -> str:
    try:
        message = compose(notice)
        connection.open()  # once per run; a no-op while it is open
        connection.send_messages([message])
    except NoticeStale as why:
        _finish(notice, status=Status.SKIPPED, error=str(why))
        return "skipped"
    except Exception as error:  # noqa: BLE001  (nothing was handed over, so it can be retried)
        _close(connection)
        return _retry_or_fail(notice, error)
    _finish(notice, status=Status.SENT)
    return "sent"


def _finish(notice: Notice, *, status: str, error: str = "") -> None:
    # Matched on the claim token, not the status: a worker slower than the timeout still
    # records that its message went.
    done = _record(
        Notice.objects.filter(pk=notice.pk, claim_token=notice.claim_token),
        status=status,
        last_error=error,
        sent_at=timezone.now() if status == Status.SENT else None,
    )
    if not done:
        log.warning("Notice %s was %s after its claim was taken away.", notice.key, status)


def _retry_or_fail(notice: Notice, error: Exception) -> str:
    text = f"{type(error).__name__}: {error}"[:2000]
    log.warning("Notice %s not sent (attempt %s): %s", notice.key, notice.attempts, text)
    mine = Notice.objects.filter(pk=notice.pk, claim_token=notice.claim_token)
    if notice.attempts >= MAX_ATTEMPTS:
        _record(mine, status=Status.FAILED, last_error=text)
        return "failed"
    later = timezone.now() + RETRY_AFTER * notice.attempts
    _record(mine, status=Status.PENDING, due_at=later, last_error=text)
    return "retried"


def _record(notices, *, tries: int = 6, **fields) -> int:
    """Update the claimed notice, trying again while the database is locked (SQLite under
    another writer): the message has been handed over or refused by now, and losing that
    record would leave the notice `sending`, to be marked failed and checked by a person."""
    for attempt in range(tries):
        try:
            return notices.update(**fields)
        except OperationalError:
            if attempt == tries - 1:
                raise
            time.sleep(0.05 * 2**attempt)
    return 0


def _close(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001  (a broken connection is replaced on the next open)
        log.debug("Closing the mail connection failed", exc_info=True)
