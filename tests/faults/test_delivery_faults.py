"""The fault suite (make faults): deliveries while the worker is killed with -9, while Redis (our own, without
persistence) is killed or down during a release, and while the WeChat simulator fails on purpose: 20% HTTP 500,
10% rate limit (45011), 10% hangs past the client's timeout, 5% connections dropped after WeChat acted, and
5% permanent refusals of draft/add. Counted at the simulator: nothing lost, nothing done twice, and every
permanent failure parked for a person.
"""

from __future__ import annotations

import time

import pytest
from django.db import connection

from channels.models import Delivery
from channels.simulators.wechat import WeChatSimulator
from tests.factories.ledger import numbered_release
from tests.ledger.conftest import APP_ID, CALLBACK_TOKEN, SECRET, release_work_plan
from tests.ledger.workers import CeleryProcess, ledger_state, pool, purge_stale_bells

from .brokers import OwnRedis, redis_is_the_broker, this_process_rings
from .counts import MINE, count

pytestmark = [
    pytest.mark.faults,
    pytest.mark.timeout(1800),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FAULT_MIX = {
    "*": {"http500": 0.20, "45011": 0.10, "hang": 0.10, "drop": 0.05},
    "draft/add": {"reject": 0.05},
}
BUNDLES = 100  # two deliveries each (website and WeChat): 200
WORKER_KILLS = 5
DRILL = {
    "WECHAT_TIMEOUT": "1",  # the simulator hangs 3 s: past the timeout, then WeChat acts anyway
    "WECHAT_SETTLE_SECONDS": "6",
    "DELIVERY_LEASE_SECONDS": "10",
    "DELIVERY_BACKOFF_SECONDS": "0.5",
    "DELIVERY_BACKOFF_MAX_SECONDS": "5",
    "DELIVERY_MAX_ATTEMPTS": "40",  # transient trouble must not park a row: only permanent errors do
    "DELIVERY_RATE_WAIT_SECONDS": "2",
    "DELIVERY_POLL_SECONDS": "1",
    "DELIVERY_POLL_MAX_SECONDS": "3",
    "DELIVERY_REOFFER_SECONDS": "3",
    "DELIVERY_SWEEP_SECONDS": "2",
}


@pytest.fixture
def drill(settings, live_server):
    purge_stale_bells()
    with WeChatSimulator(
        APP_ID,
        SECRET,
        faults=FAULT_MIX,
        seed=20261126,
        hang_seconds=3.0,
        callback_token=CALLBACK_TOKEN,
        callback_url=f"{live_server.url}/channels/wechat/callback",
        mass_daily_quota=10_000,
    ) as sim:
        settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET = APP_ID, SECRET
        settings.WECHAT_API_BASE_URL, settings.WECHAT_TOKEN = sim.base_url, CALLBACK_TOKEN
        settings.SITE_URL = live_server.url
        env = {
            **DRILL,
            "WECHAT_APP_ID": APP_ID,
            "WECHAT_APP_SECRET": SECRET,
            "WECHAT_API_BASE_URL": sim.base_url,
            "WECHAT_TOKEN": CALLBACK_TOKEN,
            "SITE_URL": live_server.url,
        }
        yield sim, env


def unfinished() -> int:
    connection.close()
    return (
        Delivery.objects.filter(release__isnull=False, channel__in=MINE)
        .exclude(state__in=("delivered", "failed"))
        .count()
    )


def wait_settled(processes, timeout: float, supervise=None) -> None:
    deadline = time.monotonic() + timeout
    while unfinished() and time.monotonic() < deadline:
        for process in processes:
            if not process.alive:  # beat may give up while its broker is down: an operator's systemd restarts it
                process.start()
        if supervise:
            supervise()
        time.sleep(1)
    assert not unfinished(), f"deliveries still open after {timeout} s\n{ledger_state()}"


def release(numbers, label) -> None:
    for number in numbers:
        numbered_release(number, label)


def assert_nothing_lost_or_doubled(sim, title: str, expected_rows: int) -> None:
    time.sleep(4)  # effects of hung calls land late: count after they have
    counts = count(sim)
    print("\n" + counts.report(title), flush=True)
    assert sum(counts.rows.values()) == expected_rows
    assert counts.lost == [], counts.lost
    assert counts.duplicates == 0
    assert counts.parked_not_content == [], counts.parked_not_content
    assert counts.parked == sim.faults.count("reject", "draft/add"), "every refusal parked, nothing else"


def test_worker_killed_five_times_under_the_wechat_fault_mix(drill):
    sim, env = drill
    release_work_plan()
    worker = CeleryProcess("worker", *pool(4), **env).start()
    beat = CeleryProcess("beat", **env).start()
    try:
        batch = BUNDLES // WORKER_KILLS
        for kill in range(WORKER_KILLS):
            release(range(kill * batch + 1, (kill + 1) * batch + 1), "故障演练")
            time.sleep(4)  # deliveries in flight
            worker.kill()
            worker.start()
        wait_settled([worker, beat], timeout=900)
    finally:
        worker.stop()
        beat.stop()
    print(f"\nworker killed with -9 {WORKER_KILLS} times (started {worker.starts} times)")
    assert_nothing_lost_or_doubled(sim, "worker -9 x5 + WeChat fault mix", expected_rows=2 * (BUNDLES + 1))


@pytest.mark.skipif(not redis_is_the_broker(), reason="the broker is not Redis (CELERY_BROKER_URL)")
def test_redis_killed_and_down_during_a_release_under_the_wechat_fault_mix(drill):
    sim, env = drill
    own = OwnRedis().start()
    env = {**env, "CELERY_BROKER_URL": own.url}
    release_work_plan()
    worker = CeleryProcess("worker", *pool(4), **env).start()
    beat = CeleryProcess("beat", **env).start()
    try:
        with this_process_rings(own.url):
            release(range(1, 41), "消息队列演练")
            time.sleep(3)
            queued = own.queued()
            own.kill()  # no persistence: every queued bell is gone
            own.start()
            print(f"\nRedis killed with -9 while {queued} bells were queued")
            time.sleep(3)
            own.kill()  # down during the next release: its bells cannot be rung at all
            release(range(41, 61), "消息队列演练")
            print("20 bundles released while Redis was down")
            time.sleep(2)
            own.start()
            wait_settled([worker, beat], timeout=900)
    finally:
        worker.stop()
        beat.stop()
        own.stop()
    assert_nothing_lost_or_doubled(sim, "Redis -9 and down during a release + WeChat fault mix", expected_rows=2 * 61)
