"""Done means (issue 16): a slow-drip upstream is cut at its deadline while a release delivers on time.

End to end with the processes the Procfile runs: one Celery worker on the default queue (`worker -Q celery`, channel
deliveries) and one on the watcher's queue (`watcher -Q watcher`, polls). The watcher polls an upstream that sends its
headers and then one byte every 2 s; while that fetch hangs on, a policy is released and its website delivery (to
the live server) is delivered; then the fetch is cut at the listing's total deadline and the source says so in
Chinese.
"""

import time

import pytest
from django.db import connection

from channels.models import Delivery
from channels.sources.config import FeedConfig
from channels.watcher.models import Source
from channels.watcher.tasks import poll_source_task
from cms.celery import app
from tests.factories.site import office as build_office
from tests.factories.watcher import make_source
from tests.ledger.conftest import release_work_plan, worker_env
from tests.ledger.workers import celery, pool, purge_stale_bells, wait_for
from tests.sources.drip import drip_body
from tests.watcher.test_queues import PREFIXED_REDIS

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(PREFIXED_REDIS, reason="a prefixed Redis (pytest-xdist) hides the watcher queue"),
]

DEADLINE = 12  # the listing's total deadline in the watcher worker (WATCHER_LISTING_SECONDS); the drip needs 2000 s
QUEUES = ("celery", "watcher")
DRIP = "/drip-during-release"  # a path of its own: the upstream server lives for the session, and counts its hits


@pytest.fixture(autouse=True)
def _empty_queues():
    """No stale bell or poll from an earlier test may wake these workers (ids start again with each database)."""
    purge_stale_bells()
    with app.connection_for_write() as broker:
        channel = broker.default_channel
        for queue in QUEUES:
            channel.queue_declare(queue=queue, durable=True, auto_delete=False)
            channel.queue_purge(queue)
    yield


def _waiting(queue: str) -> int:
    with app.connection_for_write() as broker:
        return broker.default_channel.queue_declare(queue=queue, passive=True).message_count


def _website_state() -> str | None:
    connection.close()  # see the worker's commits, whatever the isolation level
    row = Delivery.objects.filter(release__isnull=False, channel="website").first()
    return row.state if row else None


def _source_error(source_id: int) -> str:
    connection.close()
    return Source.objects.get(pk=source_id).last_error


def test_a_dripping_upstream_is_cut_at_its_deadline_while_a_release_is_delivered_on_time(
    upstream, live_server, settings
):
    settings.SITE_URL = live_server.url
    upstream.route(DRIP, drip_body(interval=2.0, stop=upstream.release))
    build_office()
    source = make_source(upstream, DRIP, FeedConfig(), name="滴漏的上游")
    env = worker_env(site_url=live_server.url, WATCHER_LISTING_SECONDS=str(DEADLINE))
    with (
        celery("worker", *pool(1), "-Q", "celery", "-n", "deliveries@%h", **env) as deliveries,
        celery("worker", *pool(1), "-Q", "watcher", "-n", "watcher@%h", **env) as watcher,
    ):
        # Both workers are up: the delivery worker has taken a bell for a row that does not exist ...
        app.send_task("channels.tasks.deliver", args=(987654,))
        wait_for(lambda: _waiting("celery") == 0, 120, "the delivery worker up", deliveries, watcher)
        # ... and the watcher worker is inside the dripping fetch.
        poll_source_task.delay(source.pk)
        wait_for(lambda: upstream.hits(DRIP) >= 1, 120, "the watcher in the drip", watcher, deliveries)
        dripping_since = time.monotonic()

        release_work_plan()
        wait_for(lambda: _website_state() == "delivered", DEADLINE, "the website delivered", deliveries, watcher)
        delivered_after = time.monotonic() - dripping_since
        still_dripping = _source_error(source.pk) == "" and upstream.hits(DRIP) == 1

        wait_for(lambda: "总时限" in _source_error(source.pk), 60, "the poll cut and recorded", watcher)
        cut_after = time.monotonic() - dripping_since

    assert still_dripping and delivered_after < DEADLINE, f"delivered {delivered_after:.1f} s into the drip"
    assert cut_after < DEADLINE + 5, f"the fetch ended {cut_after:.1f} s after it started to drip"
    stored = Source.objects.get(pk=source.pk)
    assert f"{DEADLINE} 秒的总时限" in stored.last_error and stored.consecutive_failures == 1
    assert upstream.hits(DRIP) == 1, "one fetch, cut once"
