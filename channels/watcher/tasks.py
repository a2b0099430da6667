"""Celery tasks: the scheduler's bell every minute leases due sources and polls each in its own task.

The database is the record of what is due (``Source.next_poll_at``, ``lease_until``); a lost
bell only delays a poll until its lease runs out and the next dispatch offers it again.

Every task here is routed to the "watcher" queue (``CELERY_TASK_ROUTES`` in cms/settings/base.py), whoever sends it:
polls wait on upstream sites and have a worker of their own, so they never hold a thread a channel delivery needs.
Each fetch is bounded by its own total deadline (channels.sources.deadline), well inside ``soft_time_limit``.
"""

import logging

from celery import shared_task

from . import polling

logger = logging.getLogger(__name__)


@shared_task(name="channels.watcher.tasks.dispatch_due_sources", ignore_result=True)
def dispatch_due_sources():
    """Lease the due sources and ring one poll task for each."""
    claimed = polling.claim_due_sources()
    for source_id in claimed:
        poll_source_task.delay(source_id)
    if claimed:
        logger.info("Dispatched %d source poll(s)", len(claimed))
    return len(claimed)


@shared_task(name="channels.watcher.tasks.poll_source", ignore_result=True, soft_time_limit=420, time_limit=480)
def poll_source_task(source_id: int):
    """Poll one leased source; every failure ends in its monitoring fields, never here."""
    report = polling.poll_claimed(source_id)
    return report.status if report else None
