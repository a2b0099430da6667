"""Upstream routes that answer at a trickle: headers, then one byte every ``interval`` seconds.

The pauses are the upstream's behaviour under test, not a test waiting for something.
"""

from __future__ import annotations

import threading

from tests.sources.upstream_server import UpstreamServer


def drip_body(interval: float = 2.0, length: int = 1000, stop: threading.Event | None = None):
    """Status and headers at once, then the body one byte per ``interval`` until the client hangs up."""
    stop = stop or threading.Event()

    def handler(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", str(length))
        h.end_headers()
        try:
            for _ in range(length):
                h.wfile.write(b"x")
                h.wfile.flush()
                if stop.wait(interval):
                    return
        except OSError:
            pass  # the client cut us off: that is the point

    return handler


def drip_headers(interval: float = 2.0, count: int = 500, stop: threading.Event | None = None):
    """A status line, then one header line per ``interval``: the headers never end."""
    stop = stop or threading.Event()

    def handler(h):
        try:
            h.wfile.write(b"HTTP/1.1 200 OK\r\n")
            h.wfile.flush()
            for n in range(count):
                if stop.wait(interval):
                    return
                h.wfile.write(f"X-Drip-{n}: 1\r\n".encode())
                h.wfile.flush()
        except OSError:
            pass

    return handler


def add_drip_routes(server: UpstreamServer) -> None:
    server.route("/drip", drip_body(stop=server.release))
    server.route("/drip-headers", drip_headers(stop=server.release))
