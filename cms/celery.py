"""The Celery app. Workers claim deliveries from the database ledger; the broker only rings a bell."""

import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

from cms.config import ConfigError  # noqa: E402

try:
    from django.conf import settings

    settings.INSTALLED_APPS  # noqa: B018 - load the settings now, to report bad configuration in one line
except ConfigError as exc:
    print(f"配置错误 / configuration error: {exc}", file=sys.stderr)
    sys.exit(2)

from cms import broker  # noqa: E402

broker.install()
app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_scheduler = "cms.heartbeat:HeartbeatScheduler"
app.autodiscover_tasks()


def _add_worker_heartbeat():
    from cms.heartbeat import WorkerHeartbeat

    app.steps["worker"].add(WorkerHeartbeat)


_add_worker_heartbeat()
