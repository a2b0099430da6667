"""SSRF guard: decide, before any connection is made, whether a URL may be fetched.

Checked for the first URL and again for every redirect hop:

* the scheme is http or https, and the URL carries no userinfo (``http://a@b/``), no whitespace
  or control characters and a valid port;
* the host is in the source's allowed hosts (an entry also allows its subdomains:
  ``gov.cn`` allows ``www.gov.cn``; IP-literal entries match exactly);
* the host name is not a known cloud-metadata name;
* the host resolves, and *every* address it resolves to is public. Loopback, private,
  link-local (169.254.0.0/16, where cloud metadata lives), shared (100.64.0.0/10), reserved,
  multicast and unspecified addresses are refused, also when wrapped in IPv6
  (IPv4-mapped, 6to4, Teredo, NAT64).

The checked address is returned so the caller connects to exactly that address (see
``fetch.PinnedAddressAdapter``): a second DNS answer cannot swap in an internal address.

``private_ok_hosts`` names hosts (exactly as they appear in URLs) that may resolve to loopback
or private addresses: an intranet source, or the loopback test server. Link-local, reserved,
multicast and unspecified addresses stay refused even for them.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import BlockedAddress, HostNotAllowed, UnsafeURLError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})
METADATA_HOST_NAMES = frozenset(
    {"metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"}
)
EXTRA_BLOCKED_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT
        "192.0.0.0/24",
        "192.88.99.0/24",  # 6to4 relay anycast
        "198.18.0.0/15",
        "64:ff9b::/96",  # NAT64
        "64:ff9b:1::/48",
        "2001:20::/28",
        "5f00::/16",
        "3fff::/20",
    )
)
_BAD_URL_CHARS = re.compile(r"[\x00-\x20\x7f\\]")


@dataclass(frozen=True)
class CheckedTarget:
    """A URL that passed the guard, with the one address we will connect to."""

    url: str
    scheme: str
    host: str  # lower-case, IDNA-encoded, without brackets or trailing dot
    port: int
    address: str  # IP address string to connect to


def normalise_host(host: str) -> str:
    host = host.strip().rstrip(".").lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        return host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError as exc:
        raise UnsafeURLError(f"Host {host!r} is not a valid domain name", url=host) from exc


def _as_ip(value: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def host_allowed(host: str, allowed_hosts: Iterable[str]) -> bool:
    """True when ``host`` equals an allowed host or is a subdomain of an allowed domain name."""
    host = normalise_host(host)
    for entry in allowed_hosts:
        allowed = normalise_host(entry.removeprefix("*.").lstrip("."))
        if not allowed:
            continue
        if host == allowed:
            return True
        if _as_ip(allowed) is None and _as_ip(host) is None and host.endswith("." + allowed):
            return True
    return False


def _embedded_ipv4(ip: IPAddress) -> list[IPAddress]:
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    embedded: list[IPAddress] = []
    if ip.ipv4_mapped is not None:
        embedded.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        embedded.append(ip.sixtofour)
    if ip.teredo is not None:
        embedded.extend(ip.teredo)
    return embedded


def address_is_public(ip: IPAddress) -> bool:
    """True only for globally routable unicast addresses (and their IPv6 wrappings)."""
    if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return False
    if any(ip in net for net in EXTRA_BLOCKED_NETWORKS if net.version == ip.version):
        return False
    return all(address_is_public(inner) for inner in _embedded_ipv4(ip))


def address_is_private_ok(ip: IPAddress) -> bool:
    """Loopback and private-network addresses, which an explicitly trusted host may use."""
    for candidate in [ip, *_embedded_ipv4(ip)]:
        if candidate.is_link_local or candidate.is_multicast or candidate.is_unspecified:
            return False
    inner = _embedded_ipv4(ip)
    target = inner[0] if inner else ip
    return target.is_loopback or (target.is_private and not target.is_reserved)


def resolve_host(host: str, port: int) -> list[str]:
    """All addresses ``host`` resolves to (tests replace this to avoid real DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos if info[0] in (socket.AF_INET, socket.AF_INET6)]


def check_url(
    url: str,
    *,
    allowed_hosts: Collection[str],
    private_ok_hosts: Collection[str] = (),
) -> CheckedTarget:
    """Check ``url``; return the target to connect to or raise ``UnsafeURLError``."""
    if _BAD_URL_CHARS.search(url):
        raise UnsafeURLError(f"URL {url!r} contains whitespace, control characters or backslashes", url=url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise UnsafeURLError(f"URL scheme {scheme or '(none)'!r} is not allowed: {url!r}", url=url)
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise UnsafeURLError(f"URL with userinfo is not allowed: {url!r}", url=url)
    if not parts.hostname:
        raise UnsafeURLError(f"URL has no host: {url!r}", url=url)
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeURLError(f"URL has an invalid port: {url!r}", url=url) from exc
    host = normalise_host(parts.hostname)

    if host in METADATA_HOST_NAMES or not host_allowed(host, allowed_hosts):
        raise HostNotAllowed(f"Host {host!r} is not in the allowed hosts of this source", host=host, url=url)

    trusted = {normalise_host(h) for h in private_ok_hosts}
    try:
        addresses = resolve_host(host, port)
    except (OSError, UnicodeError) as exc:
        raise BlockedAddress(f"Host {host!r} does not resolve: {exc}", host=host, url=url) from exc
    if not addresses:
        raise BlockedAddress(f"Host {host!r} resolves to no usable address", host=host, url=url)
    for address in addresses:
        ip = _as_ip(address.split("%", 1)[0])
        if ip is None:
            raise BlockedAddress(f"Host {host!r} resolved to {address!r}", host=host, url=url)
        if address_is_public(ip):
            continue
        if host in trusted and address_is_private_ok(ip):
            continue
        raise BlockedAddress(
            f"Host {host!r} resolves to non-public address {ip}; refused before connecting",
            host=host,
            url=url,
            address=str(ip),
        )
    return CheckedTarget(url=url, scheme=scheme, host=host, port=port, address=addresses[0].split("%", 1)[0])
