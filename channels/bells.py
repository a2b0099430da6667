"""The broker only rings a bell: "delivery N may be due". Losing one costs latency, never a delivery.

A bell that cannot be sent (Redis or RabbitMQ down) is logged and forgotten; `sweep`, run every minute by the
scheduler, rings again for due rows whose bell should have been answered by now and for rows whose
worker's lease expired (a killed worker). A worker woken by any bell drains every due row it can claim.

Bells are rung after the release has committed, and a dead broker costs a request one connection attempt at
most (a one-second connect timeout, no retries: CELERY_BROKER_* settings): after a failure this process stops
ringing for BROKER_DOWN_SECONDS, and `watching` tells the request that its bells wait for the sweep, so the
editor is told that delivery starts when the queue is back.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from celery import current_app
from django.utils import timezone

from channels import conf
from channels.models import Delivery

logger = logging.getLogger(__name__)
#: Bells per sweep at most: each bell's task drains every due row (ledger.runs.drain), so a few wake enough
#: workers, and a backlog never turns into a flood of bells.
SWEEP_BELLS = 20


DELIVER_TASK = "channels.tasks.deliver"
#: After a bell fails, this process leaves bells to the sweep for this long instead of trying the broker again.
BROKER_DOWN_SECONDS = 5.0
_down_until = 0.0
#: Bells a request could not ring (set while `watching`).
_unrung: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("unrung_bells", default=None)


@contextmanager
def watching() -> Iterator[Callable[[], list[int]]]:
    """Collect the rows whose bells could not be rung while the block runs (its on_commit callbacks included)."""
    token = _unrung.set([])
    try:
        yield lambda: list(_unrung.get() or [])
    finally:
        _unrung.reset(token)


def _note_unrung(ids: list[int]) -> None:
    unrung = _unrung.get()
    if unrung is not None:
        unrung.extend(ids)


def broker_seems_down() -> bool:
    return time.monotonic() < _down_until


def _send(delivery_id: int, countdown: float | None) -> bool:
    # By name, on the process's Celery app: the project loads it (channels never imports the project shell).
    global _down_until
    if broker_seems_down():
        return False
    try:
        # No kombu publish retries: a release must not hang on a dead broker; the sweep covers the loss.
        current_app.send_task(DELIVER_TASK, args=(delivery_id,), countdown=countdown, retry=False)
    except Exception as exc:  # any broker failure: OperationalError, ConnectionError, timeouts
        logger.warning(
            "bell for delivery %s not sent (%s: %s); the sweep will offer it", delivery_id, type(exc).__name__, exc
        )
        _down_until = time.monotonic() + BROKER_DOWN_SECONDS
        return False
    return True


def _mark_offered(ids: list[int], countdown: float = 0) -> None:
    Delivery.objects.filter(pk__in=ids).update(offered_at=timezone.now() + timedelta(seconds=countdown or 0))


def ring_many(ids: list[int]) -> int:
    """Ring now for each row; rows whose bell was sent are marked offered. The first failure ends the round: the
    broker is down, and the rest would only wait for it too."""
    sent: list[int] = []
    for position, delivery_id in enumerate(ids):
        if not _send(delivery_id, None):
            _note_unrung(list(ids[position:]))
            break
        sent.append(delivery_id)
    if sent:
        _mark_offered(sent)
    return len(sent)


def ring(delivery_id: int) -> bool:
    return ring_many([delivery_id]) == 1


def ring_later(delivery_id: int, delay: float) -> None:
    """Short waits ride a Celery countdown; long ones (quota, long backoff) are left to the sweep."""
    if delay > conf.get("DELIVERY_COUNTDOWN_MAX_SECONDS"):
        return
    if _send(delivery_id, max(0.0, delay)):
        _mark_offered([delivery_id], delay)


def due_ids(limit: int, *, overdue_only: bool = False) -> list[int]:
    """Rows a worker may take now (due and free, or abandoned by a dead worker), oldest first, paused
    targets left out. `overdue_only`: only those whose bell should have been answered by now (the sweep)."""
    now = timezone.now()
    grace = timedelta(seconds=conf.get("DELIVERY_REOFFER_SECONDS"))
    rows = Delivery.objects.claimable(now, offered_before=now - grace if overdue_only else None).not_paused()
    return list(rows.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])


def overdue_ids(limit: int = SWEEP_BELLS) -> list[int]:
    return due_ids(limit, overdue_only=True)


def sweep() -> int:
    ids = overdue_ids()
    sent = ring_many(ids) if ids else 0
    if ids:
        logger.info("sweep offered %s of %s overdue deliveries", sent, len(ids))
    return sent
