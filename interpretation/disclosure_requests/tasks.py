"""Periodic work of 依申请公开: close applications whose 补正 period ran out, erase personal data past retention,
compile the 依申请公开目录 of each period that has ended."""

from celery import shared_task

from . import catalogue
from .lifecycle import close_lapsed_amendments as close
from .retention import purge_expired_personal_data as purge


@shared_task(name="interpretation.disclosure_requests.tasks.close_lapsed_amendments")
def close_lapsed_amendments() -> int:
    """视为放弃申请 (条例第三十条) for every 补正 period that ended without the completed application."""
    return close()


@shared_task(name="interpretation.disclosure_requests.tasks.purge_expired_personal_data")
def purge_expired_personal_data() -> int:
    return purge()


@shared_task(name="interpretation.disclosure_requests.tasks.compile_due_catalogues")
def compile_due_catalogues() -> int:
    """Each office's last completed period, compiled once (a later run finds its edition and does nothing)."""
    return len(catalogue.compile_due())
