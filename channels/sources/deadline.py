"""The total wall-clock limit of one fetch, enforced on its sockets.

A per-read socket timeout alone does not bound a fetch: an upstream that sends one byte every
two seconds never lets a read time out. So every socket a fetch opens registers with the
fetch's ``Deadline`` (through the connection classes below, mounted by ``fetch``'s adapter), and
a timer shuts them all when the deadline passes; a blocked read then returns at once.
"""

from __future__ import annotations

import socket
import threading
import time
from contextvars import ContextVar

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .errors import FetchTimeout


class Deadline:
    """The wall-clock limit of one fetch and the sockets it opened.

    Sockets register themselves on connect (``_WatchedHTTPConnection``); ``set_read_timeout()``
    gives each read at most the time left, and the watchdog timer shuts every socket at the deadline, so
    a read blocked on a dripping upstream (or on headers that never end) returns at once.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.sockets: list[socket.socket] = []
        self.expired = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def passed(self) -> bool:
        return self.expired or self.remaining() <= 0

    def limit(self, seconds: float) -> float:
        """``seconds``, or the time left if that is shorter (never zero: zero means non-blocking)."""
        return max(0.001, min(seconds, self.remaining()))

    def register(self, sock: socket.socket) -> None:
        with self._lock:
            self.sockets.append(sock)
            if self.expired:
                _shut(sock)

    def set_read_timeout(self, seconds: float) -> None:
        for sock in self.sockets:
            try:
                sock.settimeout(self.limit(seconds))
            except OSError:
                pass

    def error(self, url: str) -> FetchTimeout:
        return FetchTimeout(
            f"{url} not complete within the total limit of {self.seconds:g}s; cut off",
            user_message=f"信息源在 {self.seconds:g} 秒的总时限内没有传完内容,已中断;稍后将自动重试。",
            url=url,
        )

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self.sockets)
        for sock in sockets:
            _shut(sock)

    def __enter__(self) -> Deadline:
        self._timer.start()
        self._token = _current_deadline.set(self)
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()
        _current_deadline.reset(self._token)


def _shut(sock: socket.socket) -> None:
    """Shut the connection under the socket: a blocked read (TLS too) returns at once.

    ``socket.socket.shutdown`` directly: an ``SSLSocket``'s own ``shutdown`` also drops its TLS
    state, and a read still running in the fetch's thread would then fail with a ValueError."""
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


_current_deadline: ContextVar[Deadline | None] = ContextVar("fetch_deadline", default=None)


def _watch(sock) -> None:
    deadline = _current_deadline.get()
    if deadline is not None and sock is not None:
        deadline.register(sock)


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _watch(self.sock)


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _watch(self.sock)


class WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection
