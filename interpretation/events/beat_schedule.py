"""Periodic work of the events app (merged into CELERY_BEAT_SCHEDULE by cms.foundation.config)."""

SCHEDULE = {
    # An embargo ends at a set minute: release the press kit to partners and refresh the cached pages.
    "events-release-due-press-kits": {"task": "interpretation.events.tasks.release_due_press_kits", "schedule": 60.0},
}
