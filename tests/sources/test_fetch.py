"""Fetching upstream sources over loopback: caching, redirects, limits and the SSRF guard."""

import threading
from datetime import UTC, datetime

import pytest

from channels.sources import fetch as fetch_module
from channels.sources.errors import (
    BlockedAddress,
    BodyTooLarge,
    FetchTimeout,
    HostNotAllowed,
    HTTPStatusError,
    RateLimited,
    SourceGone,
    TooManyRedirects,
    UnsafeURLError,
)
from channels.sources.fetch import FetchStatus, fetch, jittered, parse_retry_after
from tests.sources.upstream_server import ETAG, LAST_MODIFIED, send

LOOPBACK = {"127.0.0.1"}


def get(upstream, path, **kwargs):
    kwargs.setdefault("allowed_hosts", LOOPBACK)
    kwargs.setdefault("allow_private", True)
    kwargs.setdefault("timeout", (2, 2))
    return fetch(upstream.url(path), **kwargs)


def test_a_feed_is_fetched_with_its_validators_and_a_body_hash(upstream):
    result = get(upstream, "/feed.xml")
    assert result.status is FetchStatus.OK and result.changed
    assert b"<rss" in result.content
    assert result.etag == ETAG and result.last_modified == LAST_MODIFIED
    assert len(result.content_hash) == 64
    assert result.content_type == "application/rss+xml"


def test_an_unchanged_feed_answers_not_modified_to_a_conditional_request(upstream):
    result = get(upstream, "/feed.xml", etag=ETAG, previous_hash="abc")
    assert result.status is FetchStatus.NOT_MODIFIED and not result.changed
    assert result.content == b"" and result.etag == ETAG and result.content_hash == "abc"
    assert upstream.requests[-1][1]["if-none-match"] == ETAG


def test_last_modified_alone_also_gives_not_modified(upstream):
    assert get(upstream, "/feed.xml", last_modified=LAST_MODIFIED).status is FetchStatus.NOT_MODIFIED


def test_a_page_with_the_same_body_as_last_time_is_reported_unchanged(upstream):
    first = get(upstream, "/stable.html")
    second = get(upstream, "/stable.html", previous_hash=first.content_hash)
    assert first.status is FetchStatus.OK and second.status is FetchStatus.UNCHANGED


def test_permanent_redirects_are_followed_and_recorded(upstream):
    result = get(upstream, "/moved-301")
    assert result.status is FetchStatus.OK
    assert result.final_url == upstream.url("/feed.xml")
    assert result.redirects == (upstream.url("/moved-301"), upstream.url("/moved-308"))


def test_five_redirects_are_fine_but_a_sixth_is_refused(upstream):
    assert get(upstream, "/chain/5").status is FetchStatus.OK
    with pytest.raises(TooManyRedirects) as caught:
        get(upstream, "/chain/6")
    assert "跳转次数过多" in caught.value.user_message


def test_a_source_that_is_gone_says_so(upstream):
    with pytest.raises(SourceGone) as caught:
        get(upstream, "/gone")
    assert not caught.value.retryable and "410" in caught.value.user_message


def test_rate_limiting_reports_how_long_to_wait_in_seconds(upstream):
    with pytest.raises(RateLimited) as caught:
        get(upstream, "/busy")
    assert caught.value.retry_after == 120 and caught.value.retryable


def test_rate_limiting_with_a_date_reports_the_seconds_until_then(upstream):
    with pytest.raises(RateLimited) as caught:
        get(upstream, "/busy-date")
    assert caught.value.retry_after > 365 * 24 * 3600


def test_retry_after_understands_seconds_and_http_dates():
    now = datetime(2025, 3, 1, 0, 0, tzinfo=UTC)
    assert parse_retry_after("30") == 30
    assert parse_retry_after("Sat, 01 Mar 2025 00:02:00 GMT", now=now) == 120
    assert parse_retry_after("Fri, 28 Feb 2025 00:00:00 GMT", now=now) == 0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_other_error_statuses_are_errors_and_only_server_errors_are_retried(upstream):
    with pytest.raises(HTTPStatusError) as missing:
        get(upstream, "/missing-page")
    with pytest.raises(HTTPStatusError) as broken:
        get(upstream, "/broken-server")
    assert missing.value.status == 404 and not missing.value.retryable
    assert broken.value.status == 500 and broken.value.retryable


@pytest.mark.timeout(15)
def test_a_server_that_hangs_beyond_the_read_timeout_times_out(upstream):
    with pytest.raises(FetchTimeout) as caught:
        get(upstream, "/hang", timeout=(2, 0.5))
    assert "超时" in caught.value.user_message and caught.value.retryable


def test_an_oversize_body_is_refused(upstream):
    with pytest.raises(BodyTooLarge):
        get(upstream, "/big", max_bytes=1_000_000)


def test_an_oversize_body_without_a_length_is_cut_while_streaming(upstream):
    with pytest.raises(BodyTooLarge):
        get(upstream, "/big-streamed", max_bytes=1_000_000)


def test_a_gzip_bomb_is_refused_once_the_unpacked_size_passes_the_cap(upstream):
    with pytest.raises(BodyTooLarge) as caught:
        get(upstream, "/bomb", max_bytes=1_000_000)
    assert "after decompression" in str(caught.value)
    assert "解压后" in caught.value.user_message


def test_a_gzip_body_within_the_cap_is_unpacked(upstream):
    assert get(upstream, "/gzip-ok").content.decode() == "压缩的正文"


# --- the SSRF guard ------------------------------------------------------------------------


def test_a_feed_redirecting_to_a_private_address_is_refused_before_connecting(upstream, no_outbound_traffic):
    with pytest.raises(BlockedAddress) as caught:
        get(upstream, "/to-private", allowed_hosts={"127.0.0.1", "10.0.0.1"})
    assert "10.0.0.1" in str(caught.value)
    assert "内网" in caught.value.user_message
    assert caught.traceback[-1].name == "check_url"  # refused by the guard, at resolution/check time
    assert no_outbound_traffic == []  # nothing was sent towards 10.0.0.1


def test_a_redirect_to_the_cloud_metadata_address_is_refused_even_for_trusted_hosts(upstream, no_outbound_traffic):
    with pytest.raises(BlockedAddress):
        get(
            upstream,
            "/to-metadata",
            allowed_hosts={"127.0.0.1", "169.254.169.254"},
            private_ok_hosts={"127.0.0.1", "169.254.169.254"},
        )
    assert no_outbound_traffic == []


def test_a_redirect_to_a_host_outside_the_allowed_list_is_refused(upstream, no_outbound_traffic):
    with pytest.raises(HostNotAllowed) as caught:
        get(upstream, "/to-other-host")
    assert "evil.example" in caught.value.user_message
    assert no_outbound_traffic == []  # not even a DNS lookup


@pytest.mark.parametrize("path", ["/to-file", "/to-userinfo"])
def test_redirects_to_other_schemes_or_with_userinfo_are_refused(upstream, path):
    with pytest.raises(UnsafeURLError):
        get(upstream, path, allowed_hosts={"127.0.0.1", "evil.example"})


def test_loopback_is_refused_unless_the_source_is_explicitly_trusted(upstream):
    before = len(upstream.requests)
    with pytest.raises(BlockedAddress):
        fetch(upstream.url("/feed.xml"), allowed_hosts=LOOPBACK)
    assert len(upstream.requests) == before


def test_trust_in_a_private_starting_host_does_not_extend_to_redirect_targets(upstream, monkeypatch):
    """The starting host is trusted; an internal host reached by redirect is not."""
    upstream.route("/to-intranet", lambda h: send(h, 302, b"", {"Location": "http://intranet.example/secret"}))
    addresses = {"127.0.0.1": ["127.0.0.1"], "intranet.example": ["192.168.1.10"]}
    monkeypatch.setattr("channels.sources.guard.resolve_host", lambda host, port: addresses[host])
    with pytest.raises(BlockedAddress):
        get(upstream, "/to-intranet", allowed_hosts={"127.0.0.1", "intranet.example"})


def test_a_host_that_is_not_allowed_is_refused_before_any_request(upstream):
    before = len(upstream.requests)
    with pytest.raises(HostNotAllowed):
        get(upstream, "/feed.xml", allowed_hosts={"www.gov.cn"})
    assert len(upstream.requests) == before


def test_the_connection_goes_to_the_checked_address_not_a_second_dns_answer(upstream, monkeypatch):
    """DNS rebinding: the name is resolved once, checked, and that address is used."""
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])
    monkeypatch.setattr("channels.sources.guard.resolve_host", lambda host, port: next(answers))
    url = f"http://rebind.example:{upstream.port}/feed.xml"
    result = fetch(url, allowed_hosts={"rebind.example"}, allow_private=True, timeout=(2, 2))
    assert result.status is FetchStatus.OK
    assert upstream.requests[-1][1]["host"] == f"rebind.example:{upstream.port}"


# --- politeness ----------------------------------------------------------------------------


def test_only_one_request_per_host_runs_at_a_time(upstream):
    threads = [threading.Thread(target=get, args=(upstream, "/slow")) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert upstream.hits("/slow") >= 3
    assert upstream.max_active["/slow"] == 1


def test_a_busy_host_lock_gives_up_with_a_timeout():
    with fetch_module.host_lock("busy.example"):
        outcome = []

        def other():
            try:
                with fetch_module.host_lock("busy.example", timeout=0.1):
                    outcome.append("got it")
            except FetchTimeout:
                outcome.append("timed out")

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert outcome == ["timed out"]


def test_jitter_stays_within_the_spread():
    values = [jittered(100, spread=0.2) for _ in range(200)]
    assert all(80 <= v <= 120 for v in values) and len(set(values)) > 1
    assert jittered(0) == 0
