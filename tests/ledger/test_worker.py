"""End to end with a real Celery worker (and scheduler): the release rings the bell after commit, the worker
delivers to the website (the live server) and to WeChat (the simulator), and nothing is lost or sent twice
when the bell is lost, the worker dies or the WeChat account is misconfigured."""

import pytest
from django.db import connection

from channels import actions
from channels.models import ChannelTargetState, Delivery

from .conftest import release_work_plan, worker_env
from .workers import celery, pool, purge_stale_bells, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
MINE = ("website", "wechat")


@pytest.fixture(autouse=True)
def _no_stale_bells():
    purge_stale_bells()


def states():
    connection.close()  # see the worker's commits, whatever the isolation level
    return dict(Delivery.objects.filter(release__isnull=False, channel__in=MINE).values_list("channel", "state"))


def all_delivered():
    found = states()
    return set(found) == set(MINE) and set(found.values()) == {"delivered"}


@pytest.fixture
def site(settings, live_server):
    settings.SITE_URL = live_server.url
    return live_server


def test_a_release_is_delivered_to_the_website_and_wechat_by_a_real_worker(wechat_on, site, purge_recorder):
    sim = wechat_on
    env = worker_env(sim, site.url)
    with celery("worker", *pool(2), **env) as worker:
        policy = release_work_plan()
        wait_for(all_delivered, 90, "both channels delivered", worker)
    assert len(sim.drafts) == 1 and len(sim.publishes) == 1
    website = Delivery.objects.get(release__isnull=False, channel="website")
    assert website.external_url == f"{site.url}{policy.url_path.removeprefix('/home')}"
    wechat = Delivery.objects.get(release__isnull=False, channel="wechat")
    assert wechat.external_url == sim.publishes[0]["article_urls"][0]


def test_the_publish_callback_completes_the_article(wechat_on, site, settings):
    sim = wechat_on
    sim.publish_polls = 10**6  # freepublish/get says "publishing" for ever: only the push can finish it
    sim.callback_url = f"{site.url}/channels/wechat/callback"
    sim.callback_retry_delay = 1.0
    env = worker_env(sim, site.url, DELIVERY_POLL_SECONDS="30")
    with celery("worker", *pool(1), **env) as worker:
        release_work_plan()
        wait_for(all_delivered, 90, "delivered by the callback", worker)
    wechat = Delivery.objects.get(release__isnull=False, channel="wechat")
    assert wechat.attempt_log.filter(outcome="callback").exists()
    assert sim.callbacks and sim.callbacks[0]["reply"] == "success"


def test_a_lost_bell_is_offered_again_by_the_sweep(wechat_on, site, monkeypatch):
    monkeypatch.setattr("channels.bells._send", lambda delivery_id, countdown: False)  # the broker is down
    release_work_plan()
    assert set(states().values()) == {"pending"}
    monkeypatch.undo()
    env = worker_env(wechat_on, site.url, DELIVERY_SWEEP_SECONDS="1", DELIVERY_REOFFER_SECONDS="0")
    with celery("worker", *pool(2), **env) as worker, celery("beat", **env) as beat:
        wait_for(all_delivered, 90, "the sweep's bells answered", worker, beat)
    assert len(wechat_on.publishes) == 1


def test_a_worker_killed_mid_delivery_is_replaced_and_the_article_is_made_once(wechat_on, site):
    sim = wechat_on
    sim.hang_seconds = 4
    sim.faults.force("draft/add", "hang")  # the worker is inside draft/add when it dies
    env = worker_env(sim, site.url, DELIVERY_LEASE_SECONDS="3", DELIVERY_SWEEP_SECONDS="1", WECHAT_SETTLE_SECONDS="6")
    with celery("beat", **env):
        with celery("worker", *pool(1), **env) as worker:
            release_work_plan()
            wait_for(lambda: sim.calls["draft/add"] >= 1, 60, "the worker to reach draft/add", worker)
            worker.kill()
        with celery("worker", *pool(1), **env) as second:
            wait_for(all_delivered, 120, "the new worker to finish", second)
    assert len(sim.drafts) == 1, "the draft that landed after the crash was found, not made again"
    assert len(sim.publishes) == 1


def test_a_wrong_secret_pauses_wechat_loses_nothing_and_resumes_after_the_fix(wechat_on, site, settings):
    sim = wechat_on
    bad = worker_env(sim, site.url, WECHAT_APP_SECRET="wrong-secret")
    with celery("worker", *pool(1), **bad) as worker:
        release_work_plan()
        wait_for(lambda: ChannelTargetState.objects.filter(enabled=False).exists(), 60, "the target paused", worker)
        # The website is not affected by WeChat's secret: its row is delivered by this worker. Stopping the worker in
        # the middle of it would leave a lease that only expires after the second wait gives up.
        wait_for(lambda: states().get("website") == "delivered", 60, "the website delivered meanwhile", worker)
    paused = ChannelTargetState.objects.get(channel="wechat")
    assert "AppSecret" in paused.reason_zh and "暂停" in paused.reason_zh
    row = Delivery.objects.get(release__isnull=False, channel="wechat")
    assert (row.state, row.last_error_class, row.attempts) == ("retrying", "config", 0), "it waits with the account"
    assert sim.drafts == []
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="admin")
    with celery("worker", *pool(1), **worker_env(sim, site.url)) as worker:
        actions.enable_target("wechat", "account", admin)
        wait_for(all_delivered, 90, "resumed after the fix", worker)
    assert len(sim.publishes) == 1
