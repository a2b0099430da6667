"""Heartbeats for the worker and the scheduler, so /healthz can tell a stopped process within a few intervals.

Both also keep systemd's watchdog fed when they run under a `Type=notify` unit (cms.foundation.sd_notify): READY=1
once started, WATCHDOG=1 with every heartbeat, so a process that hangs without exiting is restarted too.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from celery import bootsteps
from celery.beat import PersistentScheduler
from django.conf import settings
from django.db import close_old_connections

from cms.foundation.sd_notify import notify

logger = logging.getLogger(__name__)

WORKER = "worker"
SCHEDULER = "scheduler"


def instance_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def record(service: str, stopped: bool = False, broker_connected: bool | None = None) -> None:
    from cms.models import ServiceHeartbeat  # lazy: the Celery app imports this before Django is set up

    close_old_connections()
    try:
        ServiceHeartbeat.beat(service, instance_name(), stopped=stopped, broker_connected=broker_connected)
    except Exception:  # a database hiccup must not kill the process that reports on it
        logger.exception("Could not record %s heartbeat", service)
    finally:
        close_old_connections()


def broker_connected(worker) -> bool | None:
    """Whether the worker's consumer holds a broker connection; None before the consumer exists.

    Celery's consumer drops `connection` to None when the broker goes away and sets it again only once it has
    reconnected (celery.worker.consumer.connection), so reading it costs nothing and asks the broker nothing.
    """
    consumer = getattr(worker, "consumer", None)
    if consumer is None:
        return None
    connection = getattr(consumer, "connection", None)
    try:
        return bool(connection is not None and connection.connected)
    except Exception:  # a connection being torn down by the consumer's thread
        return False


class WorkerHeartbeat(bootsteps.StartStopStep):
    """Writes the worker's heartbeat from its own thread, independent of the queue and the scheduler."""

    def __init__(self, parent, **kwargs):
        super().__init__(parent, **kwargs)
        self._stop = threading.Event()
        self._thread = None

    def start(self, parent):
        def loop():
            states = ["READY=1"]
            while not self._stop.is_set():
                connected = broker_connected(parent)
                record(WORKER, broker_connected=connected)
                status = "消息队列未连接 / broker not connected" if connected is False else "运行中 / running"
                notify(*states, "WATCHDOG=1", f"STATUS={status}")
                states = []
                self._stop.wait(settings.HEARTBEAT_INTERVAL)

        self._thread = threading.Thread(target=loop, name="worker-heartbeat", daemon=True)
        self._thread.start()

    def stop(self, parent):
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        notify("STOPPING=1")
        record(WORKER, stopped=True)


class HeartbeatScheduler(PersistentScheduler):
    """Celery beat's scheduler, writing its heartbeat on every tick (ticks are at most HEARTBEAT_INTERVAL apart)."""

    _last_beat = 0.0
    _ready_sent = False

    def tick(self, *args, **kwargs):
        now = time.monotonic()
        if now - self._last_beat >= settings.HEARTBEAT_INTERVAL:
            record(SCHEDULER)
            notify(*([] if self._ready_sent else ["READY=1"]), "WATCHDOG=1")
            self._ready_sent = True
            self._last_beat = now
        return min(super().tick(*args, **kwargs), settings.HEARTBEAT_INTERVAL)

    def close(self):
        notify("STOPPING=1")
        record(SCHEDULER, stopped=True)
        super().close()
