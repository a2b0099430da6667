"""A Redis of our own for the fault suite: started on a spare loopback port without persistence, killed with
-9 and started again empty, as a restart of Debian's default Redis would leave it. The shared Redis on 6379
is never touched."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager

import redis


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    def __init__(self):
        self.port = spare_port()
        self.folder = tempfile.mkdtemp(prefix="faults-redis-")
        self.process: subprocess.Popen | None = None
        self.kills = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> OwnRedis:
        command = [
            shutil.which("redis-server") or "redis-server",
            "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", self.folder, "--protected-mode", "yes",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def kill(self) -> None:
        """-9: everything queued in it is gone (no persistence)."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.kills += 1

    def queued(self) -> int:
        try:
            return int(redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5).llen("celery"))
        except redis.ConnectionError:
            return -1

    def stop(self) -> None:
        self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def redis_is_the_broker() -> bool:
    return (os.environ.get("CELERY_BROKER_URL") or "").startswith("redis")


@contextmanager
def this_process_rings(url: str):
    """Point this (test) process's Celery app at `url`, so the release's bells go where the workers listen."""
    from cms.celery import app

    saved = app.conf.broker_url

    def repoint(target):
        app.conf.broker_url = target
        if app._pool is not None:
            app._pool.force_close_all()
            app._pool = None
        app.amqp._producer_pool = None

    repoint(url)
    try:
        yield
    finally:
        repoint(saved)
