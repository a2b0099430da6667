"""Periodic work of the interpretation app, run by the worker on the scheduler's bell."""

import logging

from celery import shared_task
from django.core.management import call_command
from django.db import transaction

logger = logging.getLogger(__name__)


@shared_task(name="interpretation.tasks.publish_scheduled_pages")
def publish_scheduled_pages():
    """Publish due pages; a policy and the materials released with it commit together or not at all."""
    with transaction.atomic():
        call_command("publish_scheduled", verbosity=0)


@shared_task(name="interpretation.tasks.replay_missed_cache_invalidations", ignore_result=True)
def replay_missed_cache_invalidations():
    from interpretation.public import page_cache

    return page_cache.replay_missed()
