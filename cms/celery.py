"""The Celery app. Workers claim deliveries from the database ledger; the broker only rings a bell."""

import os
import sys

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

from cms.foundation.config import ConfigError  # noqa: E402

try:
    from django.conf import settings

    settings.INSTALLED_APPS  # noqa: B018 - load the settings now, to report bad configuration in one line
except ConfigError as exc:
    print(f"配置错误 / configuration error: {exc}", file=sys.stderr)
    sys.exit(2)

from django.db import close_old_connections  # noqa: E402

from cms import broker  # noqa: E402

broker.install()
app = Celery("cms")
# The default in every thread, not only this one: channels ring bells through celery.current_app.
app.set_default()
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_scheduler = "cms.heartbeat:HeartbeatScheduler"
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(sender=None, **kwargs):
    """Drop a connection that is past CONN_MAX_AGE or broken (a database restart), keep the rest: Django's own
    rule around a request. Celery's fixup no longer closes them all (CELERY_DB_REUSE_MAX). Not for a task run
    eagerly: it runs inside its caller's transaction."""
    if not getattr(getattr(sender, "request", None), "is_eager", False):
        close_old_connections()


def _add_worker_heartbeat():
    from cms.heartbeat import WorkerHeartbeat  # lazy: needs Django set up; the Celery app loads before it

    app.steps["worker"].add(WorkerHeartbeat)


_add_worker_heartbeat()
