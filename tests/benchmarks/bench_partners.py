"""From release to delivered with press partners: 20 policy bundles to the website, WeChat and 50 active press
partners with webhook push, 100 ms of simulated latency on every call (WeChat, the website's confirming GET and
every partner's receiver), run by a real Celery worker; then the same 20 bundles with 1 partner. Reports the
release→all delivered median and p95 per bundle for both, and their ratio against the target "50 partners take
at most 3 times as long as 1" (deliveries run concurrently).

Each partner has its own loopback receiver (channels.simulators.partner.PartnerReceiver) that verifies the
Standard Webhooks signature with that partner's own secret and counts deliveries by webhook-id: deliveries
received, duplicates (one webhook-id accepted twice) and lost rows (a ledger row not delivered, or delivered
without its webhook-id reaching the partner's receiver) are counted for each run. The 50 receivers run in a
process of their own (partner_farm): real partners are other machines, and 50 servers answering inside this
process took its interpreter from the publishing whose time the figures measure.

Worker settings: BENCH_WORKER_PROCESSES worker processes (default: one per core, at most 4) sharing
BENCH_WORKER_THREADS thread slots (default 56), `--pool=threads`, on SQLite and on PostgreSQL alike. A slot runs
one delivery at a time and a push spends its time waiting 100 ms on the partner, so to have one bundle's 52 rows
(50 partners, website, WeChat) in flight at once the workers need at least 52 slots. Threads rather than prefork:
the slots wait on sockets, and a thread pool's process uses one core (one GIL), hence a process per core. Each
thread holds its own database connection: 56 of PostgreSQL's default max_connections of 100.

What limited it (2 cores, December 2026) and was fixed in the product: every push rebuilt the release's content
from its revisions (about 44 queries; now built once per worker and release, channels.subjects.memo), and
idle threads all chased the same ten due rows (about 20 failed claims per delivered row; a bell-woken worker now
takes only overdue rows besides its own); then a push cost 15 statements (now 10: channels.ledger.runs.claim) and a
release wrote its 52 rows one get_or_create at a time (now one bulk insert). Last, a profile (py-spy) of the
workers showed every task opening a new PostgreSQL connection (Celery's Django fixup closes them all around each
task; now CELERY_DB_REUSE_MAX and Django's CONN_MAX_AGE rule, cms.celery) and fifty threads building the same
release's content at once (now one builds, the others wait: channels.subjects.memo.shared). Before: 50 partners
54 s median against 1 s (56x) on PostgreSQL; 4.3x before the last two fixes, 1.9x after.

Database: the embedded default (a SQLite file under VAR_DIR) unless DATABASE_URL is set; the figures name it.
On PostgreSQL Django creates and drops test_<name> next to the database DATABASE_URL names.
"""

from __future__ import annotations

import os
import resource
import socket
import statistics
import time

from django.db import connection

from channels.models import ChannelTargetState, Delivery, DeliveryAttempt
from channels.partners.models import PressPartner
from channels.simulators.partner import generate_secret
from cms.models import ServiceHeartbeat
from tests.benchmarks.bench_delivery import LATENCY, peak_parallel, percentile, slow_channels
from tests.benchmarks.partner_farm import PartnerFarm
from tests.factories.ledger import numbered_release
from tests.ledger.workers import CeleryProcess, purge_stale_bells

BUNDLES = 20
PARTNERS = 50
TARGET_RATIO = 3.0
THREADS = int(os.environ.get("BENCH_WORKER_THREADS", "56"))
#: Worker processes sharing the THREADS slots: one per core, as a deployment would run them (a thread pool
#: shares one GIL, so one process uses one core however many threads it has).
PROCESSES = int(os.environ.get("BENCH_WORKER_PROCESSES", str(min(4, os.cpu_count() or 1))))
PUSH = "partner_webhook"
CHANNELS = ("website", "wechat", PUSH)
DONE = (Delivery.State.DELIVERED, Delivery.State.FAILED)


def database_label() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite (embedded default) {db['NAME']}"
    return f"{connection.vendor} {db.get('HOST') or 'localhost'}/{db['NAME']}"


def wait_for_worker(worker: CeleryProcess, timeout: float = 120) -> None:
    """Until the worker's heartbeat thread has written (it starts with the worker), plus a moment for its consumer."""
    instance = f"{socket.gethostname()}:{worker.process.pid}"
    deadline = time.monotonic() + timeout
    while not ServiceHeartbeat.objects.filter(service="worker", instance=instance).exists():
        if not worker.alive or time.monotonic() > deadline:
            raise RuntimeError(f"the worker did not start:\n{worker.log()[-3000:]}")
        time.sleep(0.2)
        connection.close()
    time.sleep(2)


def _cpu_seconds() -> dict[str, float]:
    """CPU time (user + system) of this process (publishing, simulators) and of its ended children (workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"publishing": own.ru_utime + own.ru_stime, "workers": children.ru_utime + children.ru_stime}


def release_and_wait(count: int, partners, farm: PartnerFarm, label: str, env: dict) -> dict:
    PressPartner.objects.update(active=False)
    PressPartner.objects.filter(pk__in=[p.pk for p in partners[:count]]).update(active=True)
    farm.reset()
    stale = purge_stale_bells()
    per_process = max(1, THREADS // PROCESSES)
    workers = [
        CeleryProcess("worker", "--pool=threads", f"--concurrency={per_process}", "-n", f"bench{n}@%h", **env).start()
        for n in range(PROCESSES)
    ]
    try:
        for worker in workers:
            wait_for_worker(worker)
        started, cpu_before = time.monotonic(), _cpu_seconds()
        ids = []
        for number in range(1, BUNDLES + 1):
            ids.append(numbered_release(number, label).pk)
        release_seconds = time.monotonic() - started
        rows = Delivery.objects.filter(release_id__in=ids, channel__in=CHANNELS)
        deadline = time.monotonic() + 900
        while rows.exclude(state__in=DONE).exists() and time.monotonic() < deadline:
            for worker in workers:
                if not worker.alive:
                    raise RuntimeError(f"a worker died during the run:\n{worker.log()[-1500:]}")
            paused = ChannelTargetState.objects.filter(enabled=False).first()
            if paused is not None:  # its rows would wait for a person: no figure can come of this run
                raise RuntimeError(f"{paused.channel} {paused.target} was paused: {paused.reason_en}")
            time.sleep(0.2)
            connection.close()
        wall = time.monotonic() - started
    finally:
        for worker in workers:
            worker.stop()
        cpu_after = _cpu_seconds()
        cpu = {who: cpu_after[who] - cpu_before[who] for who in cpu_after}
        purge_stale_bells()
    rows = list(Delivery.objects.filter(release_id__in=ids, channel__in=CHANNELS).select_related("release"))
    receivers = farm.stats()
    by_target = {p.target: set(r["accepted"]) for p, r in zip(partners, receivers, strict=True)}
    bundle_all, bundle_push = {}, {}
    for row in rows:
        if row.state != Delivery.State.DELIVERED:
            bundle_all[row.release_id] = bundle_push[row.release_id] = None  # not all delivered: no figure
            continue
        seconds = (row.delivered_at - row.release.released_at).total_seconds()
        for per_bundle, wanted in ((bundle_all, True), (bundle_push, row.channel == PUSH)):
            if wanted and per_bundle.get(row.release_id, 0) is not None:
                per_bundle[row.release_id] = max(per_bundle.get(row.release_id, 0), seconds)
    pushes = [row for row in rows if row.channel == PUSH]
    lost = [row for row in pushes if row.state != Delivery.State.DELIVERED or row.key not in by_target[row.target]]
    expected = {row.key for row in pushes}
    received = [key for receiver in receivers for key in receiver["accepted"]]
    attempts = DeliveryAttempt.objects.filter(delivery__in=rows).values_list("started_at", "duration_ms")
    return {
        "rows": len(rows),
        "pushes": len(pushes),
        "bundle_all": [v for v in bundle_all.values() if v is not None],
        "bundle_push": [v for v in bundle_push.values() if v is not None],
        "per_channel": {
            channel: [
                (r.delivered_at - r.release.released_at).total_seconds()
                for r in rows
                if r.channel == channel and r.state == Delivery.State.DELIVERED
            ]
            for channel in CHANNELS
        },
        "not_delivered": sum(1 for r in rows if r.state != Delivery.State.DELIVERED),
        "received": len(received),
        "posts": sum(receiver["posts"] for receiver in receivers),
        "duplicates": sum(receiver["duplicates"] for receiver in receivers),
        "rejected": sum(receiver["rejected"] for receiver in receivers),
        "unexpected": len(set(received) - expected),
        "lost": len(lost),
        "wall": wall,
        "cpu": cpu,
        "release_seconds": release_seconds,
        "stale": stale,
        "peak": peak_parallel(attempts),
    }


def figures_for(name: str, result: dict) -> list:
    bundles, pushes = result["bundle_all"], result["bundle_push"]
    figures = [
        (f"{name}: ledger rows (website, WeChat, partner pushes)", f"{result['rows']} ({result['pushes']} pushes)"),
        (f"{name}: bundle release→all delivered median s", f"{statistics.median(bundles):.2f}" if bundles else "-"),
        (f"{name}: bundle release→all delivered p95 s", f"{percentile(bundles, 0.95):.2f}" if bundles else "-"),
    ]
    if pushes:
        spread = f"{statistics.median(pushes):.2f} / {percentile(pushes, 0.95):.2f}"
        figures.append((f"{name}: bundle release→all partners delivered median / p95 s", spread))
    for channel, values in result["per_channel"].items():
        if values:
            spread = f"{statistics.median(values):.2f} / {percentile(values, 0.95):.2f}"
            figures.append((f"{name}: {channel} release→delivered median / p95 s", spread))
    figures += [
        (f"{name}: old bells purged from the broker before the run", result["stale"]),
        (f"{name}: releasing the 20 bundles took s", f"{result['release_seconds']:.1f}"),
        (f"{name}: 20 bundles wall time s", f"{result['wall']:.1f}"),
        (f"{name}: CPU s of the workers / of this process", "{workers:.1f} / {publishing:.1f}".format(**result["cpu"])),
        (f"{name}: attempts running at once (peak)", result["peak"]),
        (f"{name}: deliveries received at the partners (unique webhook-id)", result["received"]),
        (f"{name}: signed posts accepted at the partners", result["posts"]),
        (f"{name}: duplicates (same webhook-id accepted twice)", result["duplicates"]),
        (f"{name}: signatures rejected", result["rejected"]),
        (f"{name}: lost (push row not delivered or not received)", result["lost"]),
        (f"{name}: rows not delivered (any channel)", result["not_delivered"]),
    ]
    return figures


def run():
    secrets = [generate_secret() for _ in range(PARTNERS)]
    farm = PartnerFarm(secrets, LATENCY).start()
    database = database_label()
    loopback = {"PARTNER_WEBHOOK_PRIVATE_HOSTS": "127.0.0.1", "PARTNER_WEBHOOK_TIMEOUT": "5"}
    try:
        with slow_channels(**loopback) as (_sim, env):
            # The demo's partners push to a receiver that is not running here, and the demo's own rows (seed
            # policy, republications, events) are not under test: out of the way, so that no backlog of
            # theirs lands on the first run's figures.
            PressPartner.objects.update(active=False)
            Delivery.objects.update(state=Delivery.State.CANCELLED, next_attempt_at=None)
            partners = [
                PressPartner.objects.create(
                    name=f"基准媒体{index:02d}", webhook_enabled=True, webhook_url=url, webhook_secret=secret
                )
                for index, (url, secret) in enumerate(zip(farm.urls, secrets, strict=True), 1)
            ]
            one = release_and_wait(1, partners, farm, "基准一家媒体", env)
            many = release_and_wait(PARTNERS, partners, farm, "基准五十家媒体", env)
    finally:
        farm.stop()
    figures = [
        ("database", database),
        ("worker", f"{PROCESSES} worker process(es), --pool=threads --concurrency={max(1, THREADS // PROCESSES)} each"),
        ("simulated latency per call (WeChat, website, each partner) ms", int(LATENCY * 1000)),
    ]
    figures += figures_for(f"{PARTNERS} partners", many)
    figures += figures_for("1 partner", one)
    if many["bundle_all"] and one["bundle_all"]:
        for what, key in (("median", statistics.median), ("p95", lambda v: percentile(v, 0.95))):
            ratio = key(many["bundle_all"]) / key(one["bundle_all"])
            verdict = "yes" if ratio <= TARGET_RATIO else "NO"
            figures.append((f"ratio 50 vs 1 partner, release→all delivered {what}", f"{ratio:.2f}x"))
            figures.append((f"  ≤ {TARGET_RATIO:g}x ({what})", verdict))
        push_ratio = statistics.median(many["bundle_push"]) / statistics.median(one["bundle_push"])
        figures.append(("ratio 50 vs 1 partner, release→partners delivered median", f"{push_ratio:.2f}x"))
    return figures
