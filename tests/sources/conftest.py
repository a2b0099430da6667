"""Fixtures for the upstream-source tests.

``no_outbound_traffic`` (automatic) is a safety net: any attempt to connect to, or resolve, a
host other than loopback fails the test, so a guard bug can never send traffic outside this
machine. ``upstream`` is the loopback server playing upstream sites.
"""

import ipaddress
import socket

import pytest

from tests.sources.upstream_server import UpstreamServer

_real_connect = socket.socket.connect
_real_getaddrinfo = socket.getaddrinfo


def _is_loopback(host) -> bool:
    try:
        return ipaddress.ip_address(str(host).split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _is_numeric(host) -> bool:
    """Literal addresses (also 2130706433 or 127.1) resolve without any DNS query."""
    try:
        ipaddress.ip_address(str(host))
        return True
    except ValueError:
        pass
    try:
        socket.inet_aton(str(host))
        return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def no_outbound_traffic(monkeypatch):
    attempts = []

    def guarded_connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(host):
            attempts.append(host)
            raise ConnectionRefusedError(f"test safety net: refusing to connect to {host}")
        return _real_connect(sock, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host not in (None, "localhost") and not _is_numeric(host):
            attempts.append(host)
            raise socket.gaierror(socket.EAI_NONAME, f"test safety net: no DNS for {host}")
        return _real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    yield attempts
    assert not attempts, f"code under test tried to reach non-loopback hosts: {attempts}"


@pytest.fixture(scope="session")
def upstream():
    server = UpstreamServer().start()
    yield server
    server.stop()
