"""Real Celery worker and scheduler processes for the ledger tests and the fault suite.

Unlike tests.processes.celery_process, each runs in a process group of its own, so a test can kill the
worker and its pool children with -9 at once, and writes its log to a file (a pipe nobody reads fills up
and stalls a chatty worker).
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from tests.processes import ROOT, VENV_BIN, child_env


def purge_stale_bells() -> int:
    """Drop the bells earlier tests left in the broker (they released content with no worker listening).

    The ledger's ids start again with each test database, so a stale bell wakes a new worker for nothing (or for
    a new row with the same id), and a few hundred of them, taken one per poll of the on-disk broker, keep a
    worker from this test's own bells for a minute. Call before the test releases anything.
    """
    from cms.celery import app

    return app.control.purge() or 0


def pool(concurrency: int) -> list[str]:
    """Worker pool arguments: prefork on PostgreSQL; threads on SQLite.

    On SQLite a forked pool child can inherit the parent's SQLite lock bookkeeping from the heartbeat
    thread's connection (cms.heartbeat writes every second in tests) and then wait on a lock nobody holds
    ("database is locked" with no lock in /proc/locks). SQLite's rule is not to fork with a connection open.
    """
    from django.db import connection

    if connection.vendor == "sqlite":
        return ["--pool=threads", f"--concurrency={concurrency}"]
    return [f"--concurrency={concurrency}"]


class CeleryProcess:
    def __init__(self, kind: str, *args: str, log_dir: Path | None = None, respawn: bool = False, **env: str):
        """`respawn`: run under cms.foundation.respawn, as `make run` does (the wrapper restarts what exits)."""
        self.kind, self.args, self.env = kind, list(args), {k: str(v) for k, v in env.items()}
        self.respawn = respawn
        self.log_dir = Path(log_dir or tempfile.mkdtemp(prefix="ledger-celery-"))
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.kind}.log"

    def start(self) -> CeleryProcess:
        command = [str(VENV_BIN / "celery"), "-A", "cms", self.kind, "--loglevel=WARNING", *self.args]
        if self.kind == "beat":
            command += ["--schedule", str(self.log_dir / "beat-schedule")]
        if self.respawn:
            wrapper = [str(VENV_BIN / "python"), "-m", "cms.foundation.respawn", "--name", self.kind, "--delay", "1"]
            command = [*wrapper, "--", *command]
        self.starts += 1
        with open(self.log_path, "ab") as log:
            log.write(f"--- start {self.starts}\n".encode())
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=child_env(**self.env), stdout=log, stderr=log, start_new_session=True
            )
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group: the main process and its pool children die without a word."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()

    def command_pid(self) -> int | None:
        """Under the wrapper: the pid of the Celery process it runs now (None between two runs)."""
        if self.process is None:
            return None
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            return None
        return int(children[0]) if children else None

    def kill_command(self) -> int | None:
        """Under the wrapper: SIGKILL to the Celery process and its pool (their own process group), not the
        wrapper; the pid killed."""
        pid = self.command_pid()
        if pid is not None:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return pid

    def stop(self) -> None:
        if not self.alive:
            self.kill()  # reap the group's leftovers, if any
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
        else:
            self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@contextmanager
def celery(kind: str, *args: str, **env: str):
    process = CeleryProcess(kind, *args, **env).start()
    try:
        yield process
    finally:
        process.stop()


def wait_for(predicate, timeout: float, what: str, *processes: CeleryProcess, interval: float = 0.25):
    """Like tests.processes.wait_until, but the failure shows the state and logs at the moment of giving up."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    logs = "\n".join(f"--- {p.kind} log:\n{p.log()[-6000:]}" for p in processes)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{ledger_state()}\n{logs}")


def ledger_state() -> str:
    """Every row with its attempts: what a failing test shows."""
    from django.db import connection

    from channels.models import Delivery

    connection.close()
    lines = []
    for row in Delivery.objects.order_by("pk"):
        lines.append(f"#{row.pk} {row.channel}/{row.target} {row.state} attempts={row.attempts} {row.last_error_en}")
        for attempt in row.attempt_log.order_by("started_at"):
            lines.append(
                f"    {attempt.started_at:%H:%M:%S} {attempt.outcome} {attempt.error_class} {attempt.message_en}"
            )
    return "\n".join(lines)
