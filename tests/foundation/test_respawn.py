"""`make run` keeps going when a worker or the scheduler dies: cms.foundation.respawn restarts it, and still stops
everything at once when told (Ctrl-C on honcho)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import close_old_connections
from django.utils import timezone

from cms.heartbeat import WORKER
from cms.models import ServiceHeartbeat
from tests.processes import ROOT, VENV_BIN, child_env, wait_until

# A command that writes its pid, counts the stop signals it receives and exits 0 half a second after the first.
COUNTING_CHILD = """
import os, signal, sys, time
path, received = sys.argv[1], []
for signum in (signal.SIGTERM, signal.SIGINT):
    signal.signal(signum, lambda signum, frame: received.append(signum))
open(path + ".pid", "w").write(str(os.getpid()))
while not received:
    time.sleep(0.05)
time.sleep(0.5)
open(path, "w").write(str(len(received)))
"""


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent (a container's init may never reap it)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def parent_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None


@contextmanager
def respawn(tmp_path: Path, command: list[str], *options: str, name: str = "demo", env: dict | None = None):
    """The wrapper as the Procfile starts it, in a session of its own (as honcho does); killed if still there."""
    log = tmp_path / "respawn.log"
    with open(log, "ab") as out:
        wrapper = subprocess.Popen(
            [sys.executable, "-m", "cms.foundation.respawn", "--name", name, *options, "--", *command],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    try:
        yield wrapper, log
    finally:
        if wrapper.poll() is None:
            os.killpg(wrapper.pid, signal.SIGKILL)  # its command dies with it (PR_SET_PDEATHSIG)
        wrapper.wait()


def runs(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def test_a_command_that_exits_is_restarted_after_a_growing_wait(tmp_path):
    record = tmp_path / "runs"
    command = ["sh", "-c", f"echo $$ >> {record}; exit 3"]
    with respawn(tmp_path, command, "--delay", "0.1", "--max-delay", "0.4") as (wrapper, log):
        wait_until(lambda: len(runs(record)) >= 5, timeout=30, message="five runs")
        assert wrapper.poll() is None
    text = log.read_text()
    assert "demo 已退出（代码 3），0.1 秒后重启 / demo exited with 3, restarting in 0.1 s" in text
    assert "restarting in 0.2 s" in text
    assert "restarting in 0.4 s" in text
    assert "restarting in 0.8 s" not in text  # capped at --max-delay
    assert len(set(runs(record))) == len(runs(record))  # a new process each time


def test_the_wait_starts_again_after_a_run_that_lasted(tmp_path):
    record = tmp_path / "runs"
    command = ["sh", "-c", f"echo $$ >> {record}; sleep 0.4; exit 1"]
    with respawn(tmp_path, command, "--delay", "0.1", "--reset-after", "0.3") as (_, log):
        wait_until(lambda: len(runs(record)) >= 3, timeout=30, message="three runs")
    text = log.read_text()
    assert "demo exited with 1, restarting in 0.1 s" in text
    assert "restarting in 0.2 s" not in text


def test_a_process_killed_by_a_signal_is_named_so(tmp_path):
    record = tmp_path / "runs"
    command = ["sh", "-c", f"echo $$ >> {record}; kill -9 $$"]
    with respawn(tmp_path, command, "--delay", "0.1") as (_, log):
        wait_until(lambda: len(runs(record)) >= 2, timeout=30, message="a restart")
    assert "demo 已退出（信号 SIGKILL），0.1 秒后重启 / demo exited on SIGKILL, restarting in 0.1 s" in log.read_text()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_sent_to_the_whole_group_reaches_the_command_once_and_ends_the_wrapper(tmp_path, stop):
    """honcho stops a process by signalling its whole process group; the command still hears it once, not twice
    (a second SIGINT makes Celery abandon its running tasks)."""
    result = tmp_path / "child"
    command = [sys.executable, "-c", COUNTING_CHILD, str(result)]
    with respawn(tmp_path, command, "--delay", "0.1") as (wrapper, log):
        wait_until(lambda: Path(f"{result}.pid").exists(), timeout=30, message="the command to start")
        started = time.monotonic()
        os.killpg(wrapper.pid, stop)
        assert wrapper.wait(timeout=15) == 0
        assert time.monotonic() - started < 5
    assert result.read_text() == "1"
    assert "重启" not in log.read_text()


def test_a_stop_during_the_wait_ends_the_wrapper_at_once(tmp_path):
    command = ["sh", "-c", "exit 1"]
    with respawn(tmp_path, command, "--delay", "60") as (wrapper, log):
        wait_until(lambda: "restarting in 60 s" in log.read_text(), timeout=30, message="the wait")
        started = time.monotonic()
        wrapper.send_signal(signal.SIGTERM)
        assert wrapper.wait(timeout=15) == 0
        assert time.monotonic() - started < 3


def test_a_command_that_ignores_the_stop_is_killed_after_the_stop_timeout(tmp_path):
    pid_file = tmp_path / "pid"
    command = ["sh", "-c", f"trap '' TERM; echo $$ > {pid_file}; while :; do sleep 0.1; done"]
    with respawn(tmp_path, command, "--stop-timeout", "1") as (wrapper, _):
        wait_until(pid_file.exists, timeout=30, message="the command to start")
        pid = int(pid_file.read_text())
        started = time.monotonic()
        wrapper.send_signal(signal.SIGTERM)
        wrapper.wait(timeout=15)
        assert time.monotonic() - started < 5
    wait_until(lambda: not alive(pid), timeout=10, message="the command to be killed")


def test_a_command_that_cannot_start_ends_the_wrapper_with_127():
    """A missing program will not appear by waiting: the wrapper says so and stops, as the command itself would."""
    result = subprocess.run(
        [sys.executable, "-m", "cms.foundation.respawn", "--", "/nonexistent/celery", "worker"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 127
    assert "celery 无法启动：" in result.stderr
    assert "celery cannot start:" in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_killed_wrapper_takes_its_command_with_it(tmp_path):
    pid_file = tmp_path / "pid"
    command = ["sh", "-c", f"echo $$ > {pid_file}; exec sleep 600"]
    with respawn(tmp_path, command) as (wrapper, _):
        wait_until(pid_file.exists, timeout=30, message="the command to start")
        pid = int(pid_file.read_text())
        os.kill(wrapper.pid, signal.SIGKILL)
        wrapper.wait()
        wait_until(lambda: not alive(pid), timeout=10, message="the orphaned command to die")


def fresh_worker_pids() -> dict[int, ServiceHeartbeat]:
    """This host's workers with a heartbeat in the last few seconds, by pid."""
    close_old_connections()
    recent = timezone.now() - timedelta(seconds=5)
    rows = ServiceHeartbeat.objects.filter(service=WORKER, stopped=False, last_seen__gte=recent)
    host = f"{socket.gethostname()}:"
    return {int(row.instance.rsplit(":", 1)[1]): row for row in rows if row.instance.startswith(host)}


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_with_9_comes_back_and_sigterm_stops_wrapper_and_worker(tmp_path):
    worker = [str(VENV_BIN / "celery"), "-A", "cms", "worker", "--loglevel=WARNING", "--pool=solo"]
    with respawn(tmp_path, worker, "--delay", "0.5", name="worker", env=child_env()) as (wrapper, log):

        def new_worker(*known: int) -> int:
            found = {}

            def appeared():
                found.update((pid, row) for pid, row in fresh_worker_pids().items() if pid not in known)
                return bool(found)

            # Generous: a cold Celery start (Django, Wagtail, jieba) on a loaded 2-core machine takes a while.
            wait_until(appeared, timeout=120, message=f"a worker heartbeat from a new pid\n{log.read_text()}")
            return next(iter(found))

        first = new_worker()
        assert parent_of(first) == wrapper.pid
        os.kill(first, signal.SIGKILL)
        second = new_worker(first)
        assert parent_of(second) == wrapper.pid
        assert "worker 已退出（信号 SIGKILL），0.5 秒后重启" in log.read_text()

        started = time.monotonic()
        wrapper.send_signal(signal.SIGTERM)
        assert wrapper.wait(timeout=30) == 0
        assert time.monotonic() - started < 10, "the wrapper and its worker took too long to stop"
        assert not alive(second)
        assert ServiceHeartbeat.objects.get(instance__endswith=f":{second}").stopped  # a clean, warm shutdown
