"""Keep a process running under `make run`: restart it when it exits, stop it (and only then) when told.

honcho (make run, make dev) stops every process of the Procfile as soon as one of them exits, so a worker that dies
(its broker gone, an out-of-memory kill) would take the web site down with it. The Procfile runs the worker and the
scheduler through this wrapper instead:

    python -m cms.foundation.respawn --name worker -- celery -A cms worker ...

It restarts the command after it exits for any reason other than a SIGTERM or SIGINT sent to the wrapper, waiting
--delay seconds, doubled after each quick exit up to --max-delay, back to --delay once a run lasted --reset-after
seconds. A SIGTERM or SIGINT is passed on to the command once (the command runs in a process group of its own, so
honcho's signal to the wrapper's group does not reach it twice) and the wrapper exits when the command has;
after --stop-timeout the command is killed. If the wrapper itself is killed, Linux kills the command with it
(PR_SET_PDEATHSIG): nothing is left running. systemd restarts processes by itself (README), without this wrapper.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import TextIO

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def exit_text(returncode: int) -> tuple[str, str]:
    """How a run ended, in Chinese and in English: 代码 1 / with 1, 信号 SIGKILL / on SIGKILL."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = str(-returncode)
        return f"信号 {name}", f"on {name}"
    return f"代码 {returncode}", f"with {returncode}"


def die_with_parent() -> Callable[[], None] | None:
    """A preexec_fn asking Linux to SIGKILL the child when the wrapper dies, however it dies (honcho's SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the wrapper died before the request took effect
            os._exit(1)

    return preexec


class Respawner:
    def __init__(
        self,
        command: Sequence[str],
        name: str,
        delay: float = 2.0,
        max_delay: float = 30.0,
        reset_after: float = 60.0,
        stop_timeout: float = 10.0,
        out: TextIO | None = None,
    ):
        self.command, self.name = list(command), name
        self.delay, self.max_delay, self.reset_after, self.stop_timeout = delay, max_delay, reset_after, stop_timeout
        self.out = out or sys.stderr
        self.child: subprocess.Popen[bytes] | None = None
        self.stop_signal: int | None = None
        self._stopping = threading.Event()

    def say(self, chinese: str, english: str) -> None:
        print(f"respawn: {chinese} / {english}", file=self.out, flush=True)

    def _on_stop(self, signum: int, frame: object) -> None:
        if self.stop_signal is None:
            self.stop_signal = signum
            self._stopping.set()
            # A command that ignores the request is killed after stop_timeout (SIGALRM, below).
            signal.setitimer(signal.ITIMER_REAL, self.stop_timeout)
        self._signal_child(signum)  # a second Ctrl-C is passed on too: Celery then stops at once

    def _on_alarm(self, signum: int, frame: object) -> None:
        self._signal_child(signal.SIGKILL)

    def _signal_child(self, signum: int) -> None:
        if self.child is not None:
            try:
                self.child.send_signal(signum)  # does nothing once the child has been reaped
            except ProcessLookupError:
                pass

    def run(self) -> int:
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._on_stop)
        signal.signal(signal.SIGALRM, self._on_alarm)
        try:
            return self._loop()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def _loop(self) -> int:
        delay = self.delay
        while True:
            started = time.monotonic()
            try:
                # preexec_fn is safe here: the wrapper runs no threads that could hold a lock across the fork.
                self.child = subprocess.Popen(self.command, process_group=0, preexec_fn=die_with_parent())
            except OSError as exc:
                self.say(f"{self.name} 无法启动：{exc}", f"{self.name} cannot start: {exc}")
                return 127
            if self.stop_signal is not None:  # told to stop while the child was being started
                self._signal_child(self.stop_signal)
            returncode = self.child.wait()
            if self.stop_signal is not None:
                return returncode if returncode > 0 else 0
            if time.monotonic() - started >= self.reset_after:
                delay = self.delay
            chinese, english = exit_text(returncode)
            self.say(
                f"{self.name} 已退出（{chinese}），{delay:g} 秒后重启",
                f"{self.name} exited {english}, restarting in {delay:g} s",
            )
            if self._stopping.wait(delay):
                return 0
            delay = min(delay * 2, self.max_delay)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cms.foundation.respawn", description="Run a command; restart it whenever it exits."
    )
    parser.add_argument("--name", help="how the logs call the command (default: its program name)")
    parser.add_argument("--delay", type=float, default=2.0, help="seconds before the first restart (2)")
    parser.add_argument("--max-delay", type=float, default=30.0, help="longest wait between restarts (30)")
    parser.add_argument("--reset-after", type=float, default=60.0, help="a run this long resets the wait (60)")
    parser.add_argument("--stop-timeout", type=float, default=10.0, help="seconds before a stop becomes a kill (10)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command and its arguments")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given: python -m cms.foundation.respawn --name worker -- celery -A cms worker")
    respawner = Respawner(
        command,
        args.name or os.path.basename(command[0]),
        delay=args.delay,
        max_delay=args.max_delay,
        reset_after=args.reset_after,
        stop_timeout=args.stop_timeout,
    )
    return respawner.run()


if __name__ == "__main__":
    sys.exit(main())
