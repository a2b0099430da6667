"""Periodic work of the security app (merged into CELERY_BEAT_SCHEDULE by cms.foundation.config)."""

SCHEDULE = {
    # Audit entries past AUDIT_RETENTION_DAYS: checked every six hours, pruned oldest first behind an anchor.
    "prune-audit-log": {"task": "security.tasks.prune_audit_log", "schedule": 6 * 3600.0},
}
