"""Periodic work of events, run by the worker on the scheduler's bell."""

from celery import shared_task
from django.db import transaction

from interpretation.events.release import release_due_press_kits as release


@shared_task(name="interpretation.events.tasks.release_due_press_kits")
def release_due_press_kits():
    """Press kits whose embargo has passed: recorded once, signalled to channels, public pages refreshed."""

    with transaction.atomic():
        return len(release())
