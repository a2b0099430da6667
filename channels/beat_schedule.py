"""Periodic work of the delivery ledger (merged into CELERY_BEAT_SCHEDULE by cms.foundation.config)."""

import os

SCHEDULE = {
    # Re-offer due rows whose bell was lost and rows whose worker died; DELIVERY_SWEEP_SECONDS for tests.
    "channels-sweep": {
        "task": "channels.tasks.sweep",
        "schedule": float(os.environ.get("DELIVERY_SWEEP_SECONDS") or 60),
    },
}
