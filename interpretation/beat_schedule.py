"""Periodic work of the interpretation app (merged into CELERY_BEAT_SCHEDULE by cms.foundation.config)."""

SCHEDULE = {
    # Wagtail publishes scheduled pages only when asked: every minute, in one transaction per run.
    "publish-scheduled-pages": {"task": "interpretation.tasks.publish_scheduled_pages", "schedule": 60.0},
    # Page cache invalidations a Redis outage held back (web processes replay them too, before serving).
    "replay-missed-cache-invalidations": {
        "task": "interpretation.tasks.replay_missed_cache_invalidations",
        "schedule": 30.0,
    },
}
