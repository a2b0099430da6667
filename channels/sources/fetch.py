"""Our HTTP client for upstream sources.

``fetch()`` follows redirects itself (at most ``MAX_REDIRECTS``), runs the SSRF guard
(``guard.check_url``) on every hop and connects only to the address the guard checked. It sends
ETag / Last-Modified for a conditional GET, streams the body and stops once it passes
``max_bytes`` *after* decompression (a gzip bomb is refused), and hashes the body so an
unchanged page can be skipped. ``total_timeout`` bounds the whole fetch (connect, headers and
every read, over all redirects): each socket read waits at most the time left, the body is read
in pieces with the deadline checked between them, and a watchdog shuts the fetch's sockets when
the deadline passes, so an upstream that drips one byte every few seconds is cut on time
(``deadline.py``). One request per host at a time within this process
(``host_lock``); ``jittered()`` spreads polling times.

requests-hardened was considered: its adapter pins the resolved address, but loopback is
all-or-nothing, it checks no host allow-list, scheme or userinfo, and it cannot trust one
test host while refusing others, so the guard is ours and the adapter below is a small
variant of the same idea.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import random
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import DecodeError, ReadTimeoutError
from urllib3.exceptions import HTTPError as Urllib3Error

from . import guard
from .deadline import Deadline, WatchedHTTPPool, WatchedHTTPSPool
from .errors import (
    BlockedAddress,
    BodyTooLarge,
    CertificateError,
    FetchConnectionError,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    RateLimited,
    SourceGone,
    TooManyRedirects,
)

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "PolicyPlatformFeedWatcher/1.0"  # header values must be ASCII
CHUNK_SIZE = 64 * 1024


class FetchStatus(StrEnum):
    OK = "ok"  # new or changed content
    NOT_MODIFIED = "not_modified"  # HTTP 304 to our conditional GET
    UNCHANGED = "unchanged"  # HTTP 200 but the body hash equals previous_hash


@dataclass(frozen=True)
class FetchResult:
    status: FetchStatus
    url: str  # the URL asked for
    final_url: str  # after redirects: resolve relative links against this
    status_code: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None  # sha256 hex of the decompressed body
    redirects: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.status is FetchStatus.OK

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


# --- one request per host at a time -------------------------------------------------------

_host_locks: dict[str, threading.Lock] = {}
_host_locks_guard = threading.Lock()


@contextmanager
def host_lock(host: str, *, timeout: float = 60.0) -> Iterator[None]:
    """Hold the per-host lock of this process; raise ``FetchTimeout`` if it stays busy."""
    with _host_locks_guard:
        lock = _host_locks.setdefault(host.lower(), threading.Lock())
    if not lock.acquire(timeout=timeout):
        raise FetchTimeout(f"Host {host} stayed busy for {timeout:.0f}s", host=host)
    try:
        yield
    finally:
        lock.release()


def jittered(seconds: float, *, spread: float = 0.2, rng: random.Random | None = None) -> float:
    """``seconds`` moved randomly by up to ±``spread`` (a fraction), never below zero."""
    offset = rng.uniform(-spread, spread) if rng is not None else random.uniform(-spread, spread)
    return max(0.0, seconds * (1 + offset))


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


# --- connecting to the checked address ----------------------------------------------------


class PinnedAddressAdapter(HTTPAdapter):
    """Connect to the address the guard checked for a host, never to a fresh DNS answer.

    The URL keeps the host name, so the Host header, TLS SNI and certificate checks use the
    name; only the TCP connection goes to the pinned IP. A host without a pin is refused.
    """

    def __init__(self) -> None:
        super().__init__(max_retries=0)
        self.pins: dict[str, str] = {}

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": WatchedHTTPPool, "https": WatchedHTTPSPool}

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        host = guard.normalise_host(host_params["host"] or "")
        address = self.pins.get(host)
        if address is None:
            raise BlockedAddress(f"No checked address for host {host!r}; refusing to connect", host=host)
        host_header = f"[{host}]" if ":" in host else host
        if host_params.get("port"):
            host_header += f":{host_params['port']}"
        request.headers["Host"] = host_header
        if host_params["scheme"] == "https":
            pool_kwargs["assert_hostname"] = host
            pool_kwargs["server_hostname"] = host
        host_params["host"] = f"[{address}]" if ":" in address else address
        return host_params, pool_kwargs


def _new_session() -> tuple[requests.Session, PinnedAddressAdapter]:
    session = requests.Session()
    session.trust_env = False  # no proxies or .netrc from the environment
    adapter = PinnedAddressAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": USER_AGENT, "Accept": "*/*"})
    return session, adapter


def _read_body(
    response: requests.Response, *, max_bytes: int, deadline: Deadline, read_timeout: float, url: str
) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and not response.headers.get("content-encoding") and int(declared) > max_bytes:
        raise BodyTooLarge(f"{url} declares {declared} bytes, over the limit of {max_bytes}", limit=max_bytes)
    body = bytearray()
    while True:
        if deadline.passed():
            raise deadline.error(url)
        deadline.set_read_timeout(read_timeout)
        try:  # read1: whatever has arrived (up to a chunk), so the deadline is checked between pieces
            chunk = response.raw.read1(CHUNK_SIZE, decode_content=True)
        except DecodeError as exc:
            raise FetchError(f"Could not decompress the body of {url}: {exc}", url=url) from exc
        except (Urllib3Error, OSError, ValueError, http.client.HTTPException) as exc:
            if deadline.passed():
                raise deadline.error(url) from exc
            if isinstance(exc, ReadTimeoutError | TimeoutError):
                raise FetchTimeout(f"Timed out reading the body of {url}: {exc}", url=url) from exc
            raise FetchConnectionError(f"Connection broke while reading {url}: {exc!r}", url=url) from exc
        if not chunk:
            return bytes(body)
        body += chunk
        if len(body) > max_bytes:
            raise BodyTooLarge(f"{url} body exceeds {max_bytes} bytes after decompression; refused", limit=max_bytes)


def _translate(exc: requests.RequestException, url: str) -> FetchError:
    if isinstance(exc, requests.Timeout) or any(isinstance(a, ReadTimeoutError) for a in exc.args):
        return FetchTimeout(f"Timed out fetching {url}: {exc}", url=url)
    if isinstance(exc, requests.exceptions.SSLError):
        return CertificateError(f"TLS verification failed for {url}: {exc}", url=url)
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return FetchError(f"Could not decompress the body of {url}: {exc}", url=url)
    return FetchConnectionError(f"Connection failed for {url}: {exc}", url=url)


def fetch(
    url: str,
    *,
    allowed_hosts: Collection[str],
    etag: str | None = None,
    last_modified: str | None = None,
    previous_hash: str | None = None,
    timeout: tuple[float, float] = (5, 15),
    max_bytes: int = 5_000_000,
    allow_private: bool = False,
    private_ok_hosts: Collection[str] | None = None,
    total_timeout: float = 60.0,
    verify: bool | str = True,
) -> FetchResult:
    """Fetch ``url`` for an upstream source.

    ``allow_private`` lets the *starting* host (or, if given, the hosts in
    ``private_ok_hosts``) resolve to loopback or private addresses: an intranet source, or the
    loopback test server. Hosts reached by redirect get no such trust unless listed, and
    link-local/metadata addresses are always refused. ``verify`` is passed to requests: a CA
    bundle path for a source behind a private CA.
    """
    if isinstance(allowed_hosts, str):
        allowed_hosts = (allowed_hosts,)
    if isinstance(private_ok_hosts, str):
        private_ok_hosts = (private_ok_hosts,)
    trusted: frozenset[str] = frozenset()
    if allow_private:
        start_host = urlsplit(url).hostname or ""
        trusted = frozenset(private_ok_hosts if private_ok_hosts is not None else {start_host})
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    session, adapter = _new_session()
    current, hops = url, []
    with session, Deadline(total_timeout) as deadline:
        while True:
            target = guard.check_url(current, allowed_hosts=allowed_hosts, private_ok_hosts=trusted)
            adapter.pins[target.host] = target.address
            with host_lock(target.host, timeout=max(0.0, deadline.remaining())):
                limits = (deadline.limit(timeout[0]), deadline.limit(timeout[1]))
                try:
                    response = session.get(
                        current, headers=headers, stream=True, allow_redirects=False, timeout=limits, verify=verify
                    )
                except requests.RequestException as exc:
                    raise (deadline.error(current) if deadline.passed() else _translate(exc, current)) from exc
                except (ValueError, UnicodeError, http.client.HTTPException) as exc:
                    if deadline.passed():
                        raise deadline.error(current) from exc
                    raise FetchError(f"Request to {current} failed: {exc!r}", url=current) from exc
                with response:
                    status = response.status_code
                    if status in REDIRECT_STATUSES and response.headers.get("location"):
                        hops.append(current)
                        if len(hops) > MAX_REDIRECTS:
                            raise TooManyRedirects(
                                f"More than {MAX_REDIRECTS} redirects from {url}", limit=MAX_REDIRECTS
                            )
                        current = urljoin(current, response.headers["location"])
                        logger.info("Source %s redirected (%s) to %s", hops[-1], status, current)
                        continue
                    known = (etag, last_modified, previous_hash)
                    return _finish(response, url, current, tuple(hops), known, max_bytes, (deadline, timeout[1]))


def _finish(response, url, final_url, hops, known, max_bytes, limits) -> FetchResult:
    etag, last_modified, previous_hash = known
    deadline, read_timeout = limits
    status = response.status_code
    response_headers = {k.lower(): v for k, v in response.headers.items()}
    common = {"url": url, "final_url": final_url, "status_code": status, "redirects": hops}
    if status == 304:
        return FetchResult(
            FetchStatus.NOT_MODIFIED,
            headers=response_headers,
            etag=response_headers.get("etag", etag),
            last_modified=response_headers.get("last-modified", last_modified),
            content_hash=previous_hash,
            **common,
        )
    if status == 410:
        raise SourceGone(f"{final_url} answered 410 Gone", url=final_url)
    if status in (429, 503):
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        raise RateLimited(
            f"{final_url} answered {status}; retry after {retry_after} s",
            retry_after=retry_after,
            status=status,
            url=final_url,
        )
    if status != 200:
        raise HTTPStatusError(f"{final_url} answered HTTP {status}", status=status, url=final_url)
    content = _read_body(response, max_bytes=max_bytes, deadline=deadline, read_timeout=read_timeout, url=final_url)
    digest = hashlib.sha256(content).hexdigest()
    return FetchResult(
        FetchStatus.UNCHANGED if previous_hash and digest == previous_hash else FetchStatus.OK,
        content=content,
        headers=response_headers,
        etag=response_headers.get("etag"),
        last_modified=response_headers.get("last-modified"),
        content_hash=digest,
        **common,
    )
