"""The fault drill's shared parts: the WeChat simulator's fault mix, the timings the drill's processes run with,
releasing, waiting for the ledger to settle and counting at the receivers."""

from __future__ import annotations

import time

from django.db import connection

from channels.models import Delivery
from tests.factories.ledger import numbered_release
from tests.ledger.workers import ledger_state

from .counts import MINE, count

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


def unfinished() -> int:
    connection.close()
    return (
        Delivery.objects.filter(release__isnull=False, channel__in=MINE)
        .exclude(state__in=("delivered", "failed"))
        .count()
    )


def wait_settled(processes, timeout: float) -> float:
    """Wait until every row is delivered or parked; the seconds it took. No process is restarted here: each must
    survive the outage by itself (or under the respawning wrapper `make run` uses)."""
    started = time.monotonic()
    deadline = started + timeout
    while unfinished() and time.monotonic() < deadline:
        dead = [process.kind for process in processes if not process.alive]
        assert not dead, f"{dead} exited during the drill: see {[str(p.log_path) for p in processes]}"
        time.sleep(1)
    assert not unfinished(), f"deliveries still open after {timeout} s\n{ledger_state()}"
    return time.monotonic() - started


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
