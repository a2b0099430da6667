"""The client's address: the one answer for rate limits, lockouts and the audit log alike.

Behind the documented reverse proxy REMOTE_ADDR is the proxy, so counting it would let one person close a form for
everyone. X-Forwarded-For is believed only when the request came from a proxy listed in TRUSTED_PROXIES, and only
as far back as the chain of trusted proxies goes: an address a client wrote into the header itself is never taken.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

UNKNOWN = "unknown"


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:51234
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    parsed = _parse(address)
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    return parsed is not None and any(parsed in network for network in networks)


def client_address(request) -> str:
    """The nearest address in the forwarding chain that is not one of our trusted proxies."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not is_trusted_proxy(remote):
        return str(_parse(remote) or remote or UNKNOWN)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        parsed = _parse(hop)
        if parsed is None:
            return UNKNOWN  # a garbled hop: nothing before it can be believed
        if not is_trusted_proxy(str(parsed)):
            return str(parsed)
    return str(_parse(remote) or remote or UNKNOWN)
