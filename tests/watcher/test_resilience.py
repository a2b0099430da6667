"""No bad feed stops the watcher: failures back off but keep being polled, 304s cost nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels.sources.config import FeedConfig, JsonListConfig
from channels.watcher import polling, schedule, tasks
from channels.watcher.models import RepublicationPage, Source
from channels.watcher.polling import claim_due_sources, poll_source
from tests.factories.watcher import demo_source, make_source
from tests.sources.upstream_server import send
from tests.watcher.conftest import beijing

pytestmark = pytest.mark.django_db

WORKING = beijing(2025, 3, 4, 10, 0)  # Tuesday morning: working-hours cadence (10 minutes)


def fresh(source):
    return Source.objects.get(pk=source.pk)


def test_an_unchanged_source_answers_304_and_costs_a_request_and_one_update(office, upstream):
    source = demo_source(upstream, "state_council")
    poll_source(source, now=WORKING)
    assert fresh(source).content_hash, "validators are stored once every item was handled"
    detail_hits = upstream.hits("/samples/state_council/content_7001.html")

    with CaptureQueriesContext(connection) as queries:
        report = poll_source(fresh(source), now=WORKING + dt.timedelta(minutes=10))

    assert report.status in ("not_modified", "unchanged")
    assert upstream.hits("/samples/state_council/content_7001.html") == detail_hits, "no detail page fetched"
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(writes) <= 3, writes
    assert RepublicationPage.objects.count() == 2


def test_a_conditional_get_is_sent_with_the_stored_etag(office, upstream):
    source = make_source(upstream, "/feed.xml", FeedConfig())
    poll_source(source, now=WORKING)
    assert fresh(source).etag == '"feed-v1"'

    report = poll_source(fresh(source), now=WORKING)

    assert report.status == "not_modified" and report.http_status == 304
    assert upstream.requests[-1][1].get("if-none-match") == '"feed-v1"'


@pytest.mark.parametrize(
    ("path", "message", "hosts"),
    [
        ("/broken-server", "HTTP 500", "127.0.0.1"),
        ("/garbage.xml", "无法解析", "127.0.0.1"),
        ("/to-other-host", "不在该信息源允许的域名列表中", "127.0.0.1"),
        ("/to-private", "内网", "127.0.0.1 10.0.0.1"),  # allowed by name, refused by address
        ("/gone", "410", "127.0.0.1"),
        ("/bomb", "字节上限", "127.0.0.1"),
    ],
)
def test_a_failing_source_records_why_in_chinese_and_english_and_stays_enabled(office, upstream, path, message, hosts):
    source = make_source(upstream, path, FeedConfig(), allowed_hosts=hosts)

    report = poll_source(source, now=WORKING)

    source = fresh(source)
    assert not report.ok and message in source.last_error
    assert source.last_error_detail and source.last_error_detail.isascii()
    assert source.consecutive_failures == 1 and source.enabled
    assert source.next_poll_at > WORKING


def test_failures_back_off_exponentially_up_to_a_cap_and_the_source_keeps_being_polled(office, upstream):
    source = make_source(upstream, "/broken-server", FeedConfig(), poll_minutes_working=10)
    now, delays = WORKING, []
    for _ in range(6):
        assert source.pk in claim_due_sources(now), "a failing source is still offered to the workers"
        poll_source(fresh(source), now=now)
        source = fresh(source)
        delays.append(round((source.next_poll_at - now).total_seconds() / 60))
        now = source.next_poll_at

    assert delays == [10, 20, 40, 80, 120, 120]
    assert source.consecutive_failures == 6 and source.enabled
    assert source.status_label == "连续失败 6 次"


def test_recovery_resets_the_failure_count_and_returns_to_the_normal_cadence(office, upstream):
    source = make_source(upstream, "/feed.xml", FeedConfig(), consecutive_failures=5)

    poll_source(source, now=WORKING)

    source = fresh(source)
    assert source.consecutive_failures == 0 and source.last_success_at == WORKING
    assert dt.timedelta(minutes=9) <= source.next_poll_at - WORKING <= dt.timedelta(minutes=11)


def test_retry_after_is_honoured_when_longer_than_the_backoff(office, upstream):
    upstream.route("/busy-hour", lambda h: send(h, 429, b"", {"Retry-After": "3600"}))
    source = make_source(upstream, "/busy-hour", FeedConfig())

    poll_source(source, now=WORKING)

    assert fresh(source).next_poll_at - WORKING == dt.timedelta(hours=1)
    assert "频率" in fresh(source).last_error


def test_sources_are_polled_less_often_outside_working_hours(office, upstream):
    source = Source(poll_minutes_working=10, poll_minutes_off=60)
    assert schedule.cadence(source, beijing(2025, 3, 4, 10, 0)) == dt.timedelta(minutes=10)
    assert schedule.cadence(source, beijing(2025, 3, 4, 22, 0)) == dt.timedelta(minutes=60)
    assert schedule.cadence(source, beijing(2025, 10, 2, 10, 0)) == dt.timedelta(minutes=60)  # National Day
    assert schedule.cadence(source, beijing(2025, 9, 28, 10, 0)) == dt.timedelta(minutes=10)  # worked Sunday


def test_one_malformed_or_crashing_source_does_not_stop_the_others(office, upstream, monkeypatch):
    broken = make_source(upstream, "/garbage.xml", FeedConfig(), name="坏订阅")
    crashing = demo_source(upstream, "city", name="解析崩溃")
    good = demo_source(upstream, "province")
    real_parse = polling.parse_listing

    def parse(config, *args, **kwargs):
        if isinstance(config, JsonListConfig):
            raise RuntimeError("parser bug")
        return real_parse(config, *args, **kwargs)

    monkeypatch.setattr(polling, "parse_listing", parse)
    rung = []
    monkeypatch.setattr(tasks.poll_source_task, "delay", lambda source_id: rung.append(source_id))

    assert tasks.dispatch_due_sources() == 3
    for source_id in rung:
        tasks.poll_source_task(source_id)

    assert RepublicationPage.objects.filter(source=good).count() == 2
    assert fresh(good).consecutive_failures == 0
    assert fresh(broken).consecutive_failures == 1 and "无法解析" in fresh(broken).last_error
    assert fresh(crashing).consecutive_failures == 1 and "内部错误" in fresh(crashing).last_error
    assert "RuntimeError" in fresh(crashing).last_error_detail
    assert all(fresh(s).lease_until is None for s in (broken, crashing, good))


def test_a_leased_source_is_not_offered_twice_until_its_lease_runs_out(office, upstream):
    source = make_source(upstream, "/feed.xml", FeedConfig())

    assert claim_due_sources(WORKING) == [source.pk]
    assert claim_due_sources(WORKING) == [], "a bell in flight: nobody else polls it"
    assert claim_due_sources(WORKING + polling.LEASE + dt.timedelta(seconds=1)) == [source.pk], "bell lost"


def test_a_paused_source_is_not_polled(office, upstream):
    make_source(upstream, "/feed.xml", FeedConfig(), enabled=False)
    assert claim_due_sources(WORKING) == []


def test_a_moved_source_is_followed_through_301_and_308(office, upstream):
    source = make_source(upstream, "/moved-301", FeedConfig())

    report = poll_source(source, now=WORKING)

    assert report.ok and report.final_url == upstream.url("/feed.xml")
    assert RepublicationPage.objects.filter(source=source).count() == 1
