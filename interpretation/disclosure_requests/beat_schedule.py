"""Periodic work of 依申请公开 (merged into CELERY_BEAT_SCHEDULE by cms.foundation.config)."""

SCHEDULE = {
    # 视为放弃申请 the day after a 补正 period ends (条例第三十条); hourly so a restart never skips a day.
    "disclosure-requests-close-lapsed-amendments": {
        "task": "interpretation.disclosure_requests.tasks.close_lapsed_amendments",
        "schedule": 3600.0,
    },
    "disclosure-requests-purge-personal-data": {
        "task": "interpretation.disclosure_requests.tasks.purge_expired_personal_data",
        "schedule": 86400.0,
    },
    # 依申请公开目录: the period that ended, compiled once; daily and idempotent, so a restart never skips one.
    "disclosure-requests-compile-catalogues": {
        "task": "interpretation.disclosure_requests.tasks.compile_due_catalogues",
        "schedule": 86400.0,
    },
}
