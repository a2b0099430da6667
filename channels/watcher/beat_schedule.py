"""Periodic work of the feed watcher (merged into CELERY_BEAT_SCHEDULE by cms.foundation.config)."""

SCHEDULE = {
    # Every minute: poll the sources that are due (each source keeps its own cadence and backoff).
    "watcher-dispatch-due-sources": {"task": "channels.watcher.tasks.dispatch_due_sources", "schedule": 60.0},
}
