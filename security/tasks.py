"""Periodic work of the security app (scheduled in security/beat_schedule.py)."""

from celery import shared_task

from security.audit import retention


@shared_task(name="security.tasks.prune_audit_log")
def prune_audit_log() -> int:
    """Remove audit entries older than AUDIT_RETENTION_DAYS; the pruning is itself recorded."""
    return retention.prune()
