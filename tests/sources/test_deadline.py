"""A fetch ends at its total deadline, however the upstream trickles (issue 16, point 5)."""

import threading
import time

import pytest

from channels.sources.errors import FetchTimeout
from channels.sources.fetch import fetch
from tests.sources.drip import add_drip_routes

MARGIN = 1.0  # seconds past the deadline a cut may take (thread wake-up, closing the socket)


@pytest.fixture
def dripping(upstream):
    add_drip_routes(upstream)
    return upstream


def _timed_fetch(server, path, total):
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as caught:
        fetch(server.url(path), allowed_hosts={"127.0.0.1"}, allow_private=True, timeout=(5, 15), total_timeout=total)
    return time.monotonic() - started, caught.value


@pytest.mark.timeout(20)
def test_a_body_dripping_one_byte_every_two_seconds_is_cut_at_the_deadline(dripping):
    elapsed, error = _timed_fetch(dripping, "/drip", 3.0)
    assert 2.5 < elapsed < 3.0 + MARGIN, elapsed
    assert "总时限" in error.user_message and "3 秒" in error.user_message
    assert error.retryable


@pytest.mark.timeout(20)
def test_headers_that_never_end_are_cut_at_the_deadline(dripping):
    elapsed, error = _timed_fetch(dripping, "/drip-headers", 3.0)
    assert elapsed < 3.0 + MARGIN, elapsed
    assert "总时限" in error.user_message


@pytest.mark.timeout(20)
def test_the_deadline_covers_every_redirect_hop(dripping):
    dripping.route("/to-drip", lambda h: _redirect(h, "/drip"))
    elapsed, error = _timed_fetch(dripping, "/to-drip", 2.0)
    assert elapsed < 2.0 + MARGIN and "总时限" in error.user_message


def test_a_normal_page_is_unaffected_and_the_watchdog_is_gone_afterwards(upstream):
    before = {t.ident for t in threading.enumerate()}
    result = fetch(upstream.url("/stable.html"), allowed_hosts={"127.0.0.1"}, allow_private=True, total_timeout=30)
    assert "不变的页面" in result.content.decode()
    # The timer was cancelled, not left sleeping for 30 s (it ends as soon as it sees the cancel).
    limit = time.monotonic() + 5
    while any(isinstance(t, threading.Timer) for t in threading.enumerate() if t.ident not in before):
        assert time.monotonic() < limit, "the deadline's watchdog outlived its fetch"
        time.sleep(0.01)


def _redirect(h, location):
    from tests.sources.upstream_server import send

    send(h, 302, b"", {"Location": location})
