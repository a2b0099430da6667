"""Heartbeats for the worker and the scheduler, so /healthz can tell a stopped process within a minute."""

from __future__ import annotations

import logging
import os
import socket
import threading

from celery import bootsteps
from celery.beat import PersistentScheduler
from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)

WORKER = "worker"
SCHEDULER = "scheduler"


def instance_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def record(service: str, stopped: bool = False) -> None:
    from cms.models import ServiceHeartbeat  # lazy: the Celery app imports this before Django is set up

    close_old_connections()
    try:
        ServiceHeartbeat.beat(service, instance_name(), stopped=stopped)
    except Exception:  # a database hiccup must not kill the process that reports on it
        logger.exception("Could not record %s heartbeat", service)
    finally:
        close_old_connections()


class WorkerHeartbeat(bootsteps.StartStopStep):
    """Writes the worker's heartbeat from its own thread, independent of the queue and the scheduler."""

    def __init__(self, parent, **kwargs):
        super().__init__(parent, **kwargs)
        self._stop = threading.Event()
        self._thread = None

    def start(self, parent):
        def loop():
            while not self._stop.is_set():
                record(WORKER)
                self._stop.wait(settings.HEARTBEAT_INTERVAL)

        self._thread = threading.Thread(target=loop, name="worker-heartbeat", daemon=True)
        self._thread.start()

    def stop(self, parent):
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        record(WORKER, stopped=True)


class HeartbeatScheduler(PersistentScheduler):
    """Celery beat's scheduler, writing its heartbeat on every tick (ticks are at most 10 s apart)."""

    _last_beat = 0.0

    def tick(self, *args, **kwargs):
        import time

        now = time.monotonic()
        if now - self._last_beat >= settings.HEARTBEAT_INTERVAL:
            record(SCHEDULER)
            self._last_beat = now
        return min(super().tick(*args, **kwargs), settings.HEARTBEAT_INTERVAL)

    def close(self):
        record(SCHEDULER, stopped=True)
        super().close()
