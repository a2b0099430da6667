"""The page cache when Redis stops answering: readers still get pages, a release still commits, and once Redis
answers again nobody is served the page as it was before that release (the missed invalidation is replayed)."""

import time

import pytest

from cms.foundation import config
from cms.models import MissedCacheInvalidation
from interpretation.public import page_cache
from tests.factories.policies import publish_update
from tests.faults.brokers import OwnRedis

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_redis(settings, tmp_path):
    """The product's cache configuration (cms.foundation.config.caches) on a Redis of the test's own."""
    own = OwnRedis().start()
    settings.CACHES = config.caches(own.url, tmp_path)
    settings.PAGE_CACHE_DOWN_SECONDS = 0  # try Redis on every call: the test decides when it answers
    page_cache._forget_replay_check()
    try:
        yield own
    finally:
        own.stop()
        page_cache._forget_replay_check()


def test_a_release_while_redis_hangs_commits_and_no_stale_page_is_served_afterwards(client, demo, own_redis):
    client.get(demo.url)
    cached = client.get(demo.url)
    assert cached["X-Page-Cache"] == "hit"

    own_redis.freeze()
    started = time.monotonic()
    during = client.get(demo.url)
    assert during.status_code == 200 and "X-Page-Cache" not in during, "rendered afresh, not an error"
    demo.title = "2018年历阳镇政务公开工作方案（缓存故障期间修订）"
    publish_update(demo)
    elapsed = time.monotonic() - started
    demo.refresh_from_db()
    assert demo.title.endswith("（缓存故障期间修订）"), "the release committed with Redis unreachable"
    assert MissedCacheInvalidation.objects.exists(), "the invalidation Redis missed is kept for replay"
    assert elapsed < 15, f"a reader and a release took {elapsed:.1f} s with Redis hung"

    own_redis.thaw()
    after = client.get(demo.url)
    assert "缓存故障期间修订" in after.content.decode(), "the page cached before the release is not served"
    assert not MissedCacheInvalidation.objects.exists(), "replayed once Redis answered"
    again = client.get(demo.url)
    assert again["X-Page-Cache"] == "hit" and "缓存故障期间修订" in again.content.decode()


def test_a_reader_gets_pages_while_redis_is_down(client, demo, own_redis):
    own_redis.kill()
    for url in (demo.url, "/", "/policies/", "/feeds/policies.atom"):
        response = client.get(url)
        assert response.status_code == 200, url
