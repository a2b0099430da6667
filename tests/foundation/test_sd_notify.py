"""Under a systemd `Type=notify` unit the worker and the scheduler say READY=1 once started and WATCHDOG=1 with every
heartbeat, so systemd restarts one that hangs without exiting (README, systemd example)."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import time
import uuid
from contextlib import contextmanager

import pytest

from cms.foundation.sd_notify import notify
from tests.processes import celery_process


@contextmanager
def notify_socket(abstract: bool = False):
    """A datagram socket of the test's own, as systemd opens one: (socket, the NOTIFY_SOCKET value)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    folder = tempfile.mkdtemp(prefix="sd-")  # short: a socket path has room for about 100 bytes
    try:
        if abstract:
            name = f"policy-test-{uuid.uuid4().hex}"
            sock.bind(b"\0" + name.encode())
            yield sock, f"@{name}"
        else:
            path = os.path.join(folder, "notify")
            sock.bind(path)
            yield sock, path
    finally:
        sock.close()
        shutil.rmtree(folder, ignore_errors=True)


def receive_until(sock: socket.socket, done, timeout: float) -> list[str]:
    """Every state received until done(states) holds; fails with what came when the deadline passes."""
    states: list[str] = []
    deadline = time.monotonic() + timeout
    while not done(states):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"timed out after {timeout} s; received {states}")
        sock.settimeout(min(remaining, 1.0))
        try:
            states.extend(sock.recv(4096).decode().split("\n"))
        except TimeoutError:
            pass
    return states


@pytest.mark.parametrize("abstract", [False, True], ids=["path", "abstract"])
def test_notify_sends_one_datagram_to_the_socket(monkeypatch, abstract):
    with notify_socket(abstract) as (sock, address):
        monkeypatch.setenv("NOTIFY_SOCKET", address)
        assert notify("READY=1", "STATUS=运行中") is True
        sock.settimeout(5)
        assert sock.recv(4096).decode() == "READY=1\nSTATUS=运行中"


def test_without_notify_socket_nothing_is_sent(monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert notify("WATCHDOG=1") is False


def test_a_socket_that_went_away_is_not_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "gone"))
    assert notify("WATCHDOG=1") is False


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_says_ready_feeds_the_watchdog_and_says_stopping():
    with notify_socket() as (sock, address):
        with celery_process("worker", "--concurrency=1", "--pool=solo", NOTIFY_SOCKET=address):
            # Generous: a cold Celery start (Django, Wagtail, jieba) on a loaded 2-core machine takes a while.
            states = receive_until(sock, lambda s: "READY=1" in s and s.count("WATCHDOG=1") >= 3, timeout=120)
        assert states.index("READY=1") <= states.index("WATCHDOG=1")
        assert states.count("READY=1") == 1
        receive_until(sock, lambda s: "STOPPING=1" in s, timeout=20)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_scheduler_says_ready_and_feeds_the_watchdog_every_tick():
    with notify_socket(abstract=True) as (sock, address):
        with celery_process("beat", NOTIFY_SOCKET=address):
            states = receive_until(sock, lambda s: "READY=1" in s and s.count("WATCHDOG=1") >= 3, timeout=120)
        assert states.count("READY=1") == 1
        receive_until(sock, lambda s: "STOPPING=1" in s, timeout=20)
