"""From release to delivered: 20 policy bundles to the website and WeChat (and every other channel that is
registered), with 100 ms of simulated latency on every call to WeChat and to the website, run by real Celery
workers. Shows that deliveries run concurrently: the same 20 bundles with 1 worker slot and with 8."""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.testcases import LiveServerThread, _StaticFilesHandler
from django.test.utils import setup_test_environment, teardown_test_environment

from channels.models import Delivery, DeliveryAttempt
from channels.simulators.wechat import WeChatSimulator
from tests.factories.ledger import numbered_release
from tests.ledger.conftest import APP_ID, CALLBACK_TOKEN, SECRET
from tests.ledger.workers import CeleryProcess, pool

LATENCY = 0.1
BUNDLES = 20
MINE = ("website", "wechat")


class SlowWeChat(WeChatSimulator):
    def handle(self, request):
        self.hang(LATENCY)
        return super().handle(request)


class SlowSite(_StaticFilesHandler):
    def __call__(self, environ, start_response):
        time.sleep(LATENCY)
        return super().__call__(environ, start_response)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def peak_parallel(attempts) -> int:
    """Most attempts in progress at the same moment, from their start times and durations."""
    events = []
    for started, duration_ms in attempts:
        events += [(started.timestamp(), 1), (started.timestamp() + duration_ms / 1000, -1)]
    running = peak = 0
    for _, step in sorted(events):
        running += step
        peak = max(peak, running)
    return peak


def release_and_wait(numbers, label, env, slots) -> dict:
    worker = CeleryProcess("worker", *pool(slots), **env).start()
    time.sleep(3)  # the worker is up before the first bell
    try:
        started = time.monotonic()
        releases = [numbered_release(number, label) for number in numbers]
        ids = [r.pk for r in releases]
        rows = Delivery.objects.filter(release_id__in=ids, channel__in=MINE)
        deadline = time.monotonic() + 600
        while rows.exclude(state__in=("delivered", "failed")).exists() and time.monotonic() < deadline:
            time.sleep(0.2)
            connection.close()
        wall = time.monotonic() - started
    finally:
        worker.stop()
    rows = list(Delivery.objects.filter(release_id__in=ids).select_related("release"))
    mine = [r for r in rows if r.channel in MINE]
    latency = {r.pk: (r.delivered_at - r.release.released_at).total_seconds() for r in mine if r.state == "delivered"}
    per_bundle = {}
    for row in mine:
        if row.pk in latency:
            per_bundle[row.release_id] = max(per_bundle.get(row.release_id, 0), latency[row.pk])
    attempts = DeliveryAttempt.objects.filter(delivery__in=mine).values_list("started_at", "duration_ms")
    return {
        "rows": rows,
        "latency": latency,
        "per_channel": {c: [latency[r.pk] for r in mine if r.channel == c and r.pk in latency] for c in MINE},
        "per_bundle": list(per_bundle.values()),
        "wall": wall,
        "peak": peak_parallel(attempts),
        "failed": sum(1 for r in mine if r.state != "delivered"),
    }


@contextmanager
def slow_channels(**extra_env):
    """A fresh test database with the demo loaded, a website and a WeChat simulator that answer after LATENCY,
    and the environment a worker needs to use them; everything is torn down afterwards."""
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    site = LiveServerThread("127.0.0.1", SlowSite, port=0)
    site.daemon = True
    site.start()
    site.is_ready.wait()
    site_url = f"http://127.0.0.1:{site.port}"
    sim = SlowWeChat(APP_ID, SECRET, callback_token=CALLBACK_TOKEN, callback_url=f"{site_url}/channels/wechat/callback")
    sim.start()
    wechat = {"WECHAT_APP_ID": APP_ID, "WECHAT_APP_SECRET": SECRET, "WECHAT_API_BASE_URL": sim.base_url}
    env = {**wechat, "WECHAT_TOKEN": CALLBACK_TOKEN, "SITE_URL": site_url, "DELIVERY_POLL_SECONDS": "1", **extra_env}
    try:
        with override_settings(SITE_URL=site_url, WECHAT_TOKEN=CALLBACK_TOKEN, **wechat):
            call_command("load_demo", verbosity=0)
            yield sim, env
    finally:
        sim.stop()
        site.terminate()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()  # so the next benchmark in this process can set it up again


def run():
    with slow_channels() as (sim, env):
        serial = release_and_wait(range(1, BUNDLES + 1), "基准单线", env, slots=1)
        parallel = release_and_wait(range(1, BUNDLES + 1), "基准并行", env, slots=8)
    others = sorted({r.channel for r in parallel["rows"] if r.channel not in MINE})
    figures = []
    for name, result in (("8 slots", parallel), ("1 slot", serial)):
        bundles = result["per_bundle"]
        figures += [
            (f"{name}: bundle release→all delivered median s", f"{statistics.median(bundles):.2f}"),
            (f"{name}: bundle release→all delivered p95 s", f"{percentile(bundles, 0.95):.2f}"),
            (f"{name}: 20 bundles wall time s", f"{result['wall']:.1f}"),
            (f"{name}: attempts running at once (peak)", result["peak"]),
        ]
        for channel, values in result["per_channel"].items():
            if values:
                spread = f"{statistics.median(values):.2f} / {percentile(values, 0.95):.2f}"
                figures.append((f"{name}: {channel} release→delivered median / p95 s", spread))
        figures.append((f"{name}: deliveries not delivered", result["failed"]))
    figures.append(("speed-up 8 slots vs 1", f"{serial['wall'] / parallel['wall']:.1f}x"))
    figures.append(("WeChat articles published (20 + 20 bundles + the demo seed: 41)", len(sim.publishes)))
    if others:
        figures.append(("other channels present (not waited for)", ", ".join(others)))
    return figures
