"""systemd's notify protocol: READY=1 and WATCHDOG=1 as one datagram to $NOTIFY_SOCKET.

The protocol is a single datagram on a unix socket (sd_notify(3)); the Python bindings need libsystemd to build,
so the few lines are here. Without NOTIFY_SOCKET (make run, a terminal) every call does nothing.
"""

from __future__ import annotations

import logging
import os
import socket

logger = logging.getLogger(__name__)

_warned = False


def socket_address(value: str) -> str | bytes:
    """The address to send to: a path, or an abstract name (written with a leading '@', sent with a NUL byte)."""
    if value.startswith("@"):
        return b"\0" + value[1:].encode()
    return value


def notify(*states: str) -> bool:
    """Send the states (READY=1, WATCHDOG=1, STATUS=…); True when a datagram left, False without a socket.

    Never raises: a watchdog that cannot be told must not take the service down with it; systemd then restarts the
    service when WatchdogSec passes, which is the point of the watchdog.
    """
    global _warned
    value = os.environ.get("NOTIFY_SOCKET", "")
    if not value or not states:
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.sendto("\n".join(states).encode(), socket_address(value))
    except OSError as exc:
        if not _warned:
            logger.warning("Could not notify systemd at %s: %s", value, exc)
            _warned = True
        return False
    return True
