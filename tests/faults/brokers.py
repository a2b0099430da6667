"""A Redis and a RabbitMQ of our own for the fault suite, on spare loopback ports, killed with -9 and started
again. Redis runs without persistence, so it comes back empty; RabbitMQ keeps its own folder, as an installed
one would. The shared services on 6379 and 5672 are never touched."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import redis
from kombu import pools as kombu_pools


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

    def freeze(self) -> None:
        """SIGSTOP: connections open but nothing answers (a hung or unreachable Redis); its data is kept."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGCONT)

    def queued(self) -> int:
        try:
            return int(redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5).llen("celery"))
        except redis.ConnectionError:
            return -1

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.thaw()  # a stopped process would not die of SIGKILL before it is continued on some kernels
        self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


class OwnRabbitMQ:
    """A RabbitMQ node of our own (Debian's rabbitmq-server, run as its rabbitmq user by Debian's wrapper): a
    node name, ports and folders of its own, no plugins; guest/guest as on any fresh node."""

    def __init__(self):
        self.port, self.dist_port = spare_port(), spare_port()
        self.folder = Path(tempfile.mkdtemp(prefix="faults-rabbitmq-"))
        self.node = f"faults{self.port}@localhost"
        self.process: subprocess.Popen | None = None
        self.kills = 0

    SERVER = "/usr/sbin/rabbitmq-server"

    @classmethod
    def installed(cls) -> bool:
        return bool(shutil.which("rabbitmq-server")) or os.path.exists(cls.SERVER)

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}//"

    def _env(self) -> dict[str, str]:
        return {
            **os.environ,
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.folder / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.folder / "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.folder / "plugins"),
            "RABBITMQ_PID_FILE": str(self.folder / "pid"),
            "RABBITMQ_CONFIG_FILE": str(self.folder / "none"),
        }

    def start(self) -> OwnRabbitMQ:
        server = shutil.which("rabbitmq-server") or self.SERVER
        for sub in ("mnesia", "log"):
            (self.folder / sub).mkdir(exist_ok=True)
        (self.folder / "plugins").write_text("[].\n")
        (self.folder / "pid").unlink(missing_ok=True)
        if os.geteuid() == 0:  # Debian's wrapper runs the node as the rabbitmq user: it must own the folder
            subprocess.run(["chown", "-R", "rabbitmq:rabbitmq", str(self.folder)], check=True)
        with open(self.folder / "server.log", "ab") as log:
            self.process = subprocess.Popen([server], env=self._env(), stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._accepts() and self._pid():
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"rabbitmq-server did not start on port {self.port}: see {self.folder / 'server.log'}")

    def _accepts(self) -> bool:
        with socket.socket() as probe:
            probe.settimeout(0.5)
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def _pid(self) -> int | None:
        try:
            return int((self.folder / "pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def kill(self) -> None:
        """-9 to the Erlang VM: connections drop without a word, as in a crash or a power cut."""
        pid = self._pid()
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            deadline = time.monotonic() + 10
            while self._accepts() and time.monotonic() < deadline:
                time.sleep(0.1)
            self.kills += 1
        if self.process is not None:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self) -> None:
        self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def redis_is_the_broker() -> bool:
    return (os.environ.get("CELERY_BROKER_URL") or "").startswith("redis")


@contextmanager
def this_process_rings(url: str):
    """Point this (test) process's Celery app at `url` (Redis or RabbitMQ), so the release's bells go where the
    workers listen, or nowhere."""
    from cms.celery import app
    from cms.foundation import config

    saved, saved_options = app.conf.broker_url, app.conf.broker_transport_options
    saved_env = os.environ.get("CELERY_BROKER_URL")

    def repoint(target, options):
        # Celery's broker_url prefers the CELERY_BROKER_URL variable to its own setting (celery.app.utils.Settings)
        if target is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = target
        app.conf.broker_url = target
        app.conf.broker_transport_options = options
        # kombu keeps one pool per connection in a registry of its own: close them all and forget them, or the
        # next use of an earlier URL would get its closed pool ("Acquire on closed pool").
        kombu_pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    repoint(url, config.network_broker_options())  # the product's options for Redis and RabbitMQ
    try:
        yield
    finally:
        repoint(saved, saved_options)
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
