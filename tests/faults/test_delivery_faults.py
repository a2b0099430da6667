"""The fault suite (make faults): deliveries while the worker is killed with -9, while Redis (our own, without
persistence) is killed or down during a release, and while the WeChat simulator fails on purpose: 20% HTTP 500,
10% rate limit (45011), 10% hangs past the client's timeout, 5% connections dropped after WeChat acted, and
5% permanent refusals of draft/add. Counted at the simulator: nothing lost, nothing done twice, and every
permanent failure parked for a person.
"""

from __future__ import annotations

import time

import pytest

from tests.ledger.conftest import release_work_plan
from tests.ledger.workers import CeleryProcess, pool

from .brokers import OwnRedis, redis_is_the_broker, this_process_rings
from .drill import BUNDLES, WORKER_KILLS, assert_nothing_lost_or_doubled, release, wait_settled

pytestmark = [
    pytest.mark.faults,
    pytest.mark.timeout(1800),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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
