"""Start the project's real processes (Celery worker, scheduler) from tests, against the test database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def test_database_url() -> str:
    """A DATABASE_URL that points a child process at the database this test run created.

    SQLite is opened as the embedded default opens it (foundation config.database): a 30 s busy timeout and IMMEDIATE
    transactions; without them a worker's threads fail with "database is locked" where production would wait."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}?timeout=30&transaction_mode=IMMEDIATE"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def child_env(**extra: str) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": test_database_url()}
    env.update(extra)
    return env


@contextmanager
def celery_process(kind: str, *args: str, **env: str):
    """Run `celery -A cms worker|beat` for the duration of the block, then stop it.

    A worker without `-Q` consumes the default queue `celery` only; the feed watcher's tasks go to `watcher`
    (CELERY_TASK_ROUTES), so a test that expects them done passes `-Q celery,watcher`."""
    command = [str(VENV_BIN / "celery"), "-A", "cms", kind, "--loglevel=WARNING", *args]
    if kind == "beat":
        # A schedule file of its own: one left locked or half-written by an earlier, killed beat must not stop this one.
        schedule = Path(tempfile.mkdtemp(prefix="test-beat-")) / "schedule"
        command += ["--schedule", str(schedule)]
    # Its output goes to a file: a pipe nobody reads fills up and stalls a worker that has much to say.
    log = tempfile.NamedTemporaryFile(prefix=f"celery-{kind}-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=child_env(**env), stdout=log, stderr=log)
    log.close()
    try:
        yield process
    finally:
        stop(process)
        if kind == "beat":
            shutil.rmtree(schedule.parent, ignore_errors=True)


def stop(process: subprocess.Popen) -> None:
    """Terminate, and kill what does not go within 15 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until(predicate, timeout: float = 30, interval: float = 0.25, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}")
