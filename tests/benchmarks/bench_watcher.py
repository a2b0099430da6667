"""Feed watcher at scale: 1,000 sources on loopback, 90% of them answering 304.

The upstream server runs in a child process (its CPU is not the watcher's); the watcher polls
every due source one after another in this process, as one worker process would (production runs
two). Figures: one polling cycle, CPU per unchanged source, and the time from an item appearing
upstream to its draft existing once the source is due. One more source drips its answer (headers,
then one byte every 2 s): the worst poll's wall time shows the fetch deadline cutting it
(``DRIP_DEADLINE``, shorter than production's 60 s so the cycle stays comparable). Only
127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.benchmarks.harness import fresh_test_environment

SOURCES = 1000
CHANGING_EVERY = 10  # one source in ten has a new item at every poll
STABLE_ITEMS = 9
ETAG = '"v1"'
DRIP_DEADLINE = 10.0  # polling.LISTING_TOTAL_SECONDS during the benchmark


def _feed(path: str, new_guid: str | None) -> bytes:
    old = format_datetime(datetime(2024, 1, 2, tzinfo=UTC))
    items = [
        f"<item><title>旧文件 {path} 第{i}号</title><link>/old/{i}.html</link><guid>{path}-old-{i}</guid>"
        f"<pubDate>{old}</pubDate><description>旧的正文。</description></item>"
        for i in range(STABLE_ITEMS)
    ]
    if new_guid:
        now = format_datetime(datetime.now(UTC))
        items.append(
            f"<item><title>新文件 {new_guid}</title><link>/new/{new_guid}.html</link><guid>{new_guid}</guid>"
            f"<pubDate>{now}</pubDate><description><![CDATA[<p>新发布的正文 {new_guid}。</p>]]></description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>基准</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def _serve(server, appeared):
    counter = {"n": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            path = self.path
            if path == "/drip.xml":
                self._drip()
                return
            if path.startswith("/changing/") or (path == "/late.xml" and appeared.is_set()):
                counter["n"] += 1
                body, headers = _feed(path, f"{path.strip('/').replace('/', '-')}-{counter['n']}"), {}
            elif self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.end_headers()
                return
            else:
                body, headers = _feed(path, None), {"ETag": ETAG}
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _drip(self):
            """Headers at once, then one byte every 2 s (the upstream's pace, not a wait of ours)."""
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(100000):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(2)
            except OSError:
                pass  # cut off by the watcher's deadline

    server.RequestHandlerClass = Handler
    server.serve_forever()


def _make_sources(base: str):
    from django.utils import timezone

    from bodies.models import DisclosingBody
    from channels.watcher.models import DeadlineStart, Source

    now = timezone.now()
    county, _ = DisclosingBody.objects.get_or_create(
        slug="hexian", defaults={"name": "和县人民政府", "short_name": "和县", "credit_code": "11341523003000001X"}
    )
    common = {
        "disclosing_body": county,
        "kind": "feed",
        "config": {"detail": None},
        "level": "province",
        "issuing_organ": "安徽省人民政府",
        "allowed_hosts": "127.0.0.1",
        "trusted_private_hosts": "127.0.0.1",
        "deadline_start": DeadlineStart.FOUND,
        "ignore_older_than_days": 30,
        "next_poll_at": now,
    }
    rows = []
    for n in range(SOURCES):
        changing = n % CHANGING_EVERY == 0
        path = f"/changing/{n}.xml" if changing else f"/stable/{n}.xml"
        # Stable sources were polled before: they hold the ETag and get a 304.
        rows.append(Source(name=f"基准信息源 {n:04d}", url=base + path, etag="" if changing else ETAG, **common))
    rows.append(Source(name="基准 延迟", url=base + "/late.xml", etag=ETAG, enabled=False, **common))
    rows.append(Source(name="基准 慢速", url=base + "/drip.xml", **common))
    Source.objects.bulk_create(rows)


def _cycle():
    """Lease every due source and poll each; per-poll thread CPU time by outcome, and the slowest poll."""
    from django.utils import timezone

    from channels.watcher.models import Source
    from channels.watcher.polling import claim_due_sources, poll_claimed

    Source.objects.filter(enabled=True).update(next_poll_at=timezone.now(), lease_until=None)
    started = time.perf_counter()
    claimed = claim_due_sources()
    cpu: dict[str, list[float]] = {}
    worst = (0.0, "")
    for source_id in claimed:
        before, wall = time.thread_time(), time.perf_counter()
        report = poll_claimed(source_id)
        cpu.setdefault(report.status, []).append(time.thread_time() - before)
        worst = max(worst, (time.perf_counter() - wall, f"{report.source_name}: {report.status} {report.error}"))
    return time.perf_counter() - started, len(claimed), cpu, worst


def _latency(appeared) -> float:
    """Seconds from the item appearing upstream to its draft existing, the source being due."""
    from django.utils import timezone

    from channels.watcher.models import RepublicationPage, Source
    from channels.watcher.polling import claim_due_sources, poll_claimed

    late = Source.objects.get(name="基准 延迟")
    Source.objects.filter(pk=late.pk).update(enabled=True, next_poll_at=timezone.now() + timedelta(hours=1))
    appeared.set()
    started = time.perf_counter()
    Source.objects.filter(pk=late.pk).update(next_poll_at=timezone.now())
    for source_id in claim_due_sources():
        if source_id == late.pk:
            poll_claimed(source_id)
    assert RepublicationPage.objects.filter(source=late).exists()
    return time.perf_counter() - started


def run():
    import logging

    from django.db import connection

    logging.getLogger("channels.watcher").setLevel(logging.WARNING)
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    fresh_test_environment()
    from channels.watcher import polling

    polling.LISTING_TOTAL_SECONDS = DRIP_DEADLINE
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    context = multiprocessing.get_context("fork")
    appeared = context.Event()
    child = context.Process(target=_serve, args=(server, appeared), daemon=True)
    child.start()
    try:
        _make_sources(f"http://127.0.0.1:{server.server_address[1]}")
        first_seconds, _, _, _ = _cycle()  # the changing sources' old items are recorded, not drafted
        seconds, polled, cpu, worst = _cycle()
        latency = _latency(appeared)
        from channels.watcher.models import RepublicationPage

        drafts = RepublicationPage.objects.count()
    finally:
        child.terminate()
        child.join(5)
        server.server_close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    unchanged = cpu.get("not_modified", [])
    changed = cpu.get("changed", [])
    return [
        ("sources polled in one cycle", polled),
        ("answered 304 / with a new item", f"{len(unchanged)} / {len(changed)}"),
        ("one polling cycle, one worker process, incl. the slow-drip source (s, target <= 60)", f"{seconds:.1f}"),
        (f"worst poll's wall time, slow-drip source among them (s, deadline {DRIP_DEADLINE:g})", f"{worst[0]:.1f}"),
        ("worst poll", worst[1]),
        ("first cycle incl. recording old items (s)", f"{first_seconds:.1f}"),
        ("CPU per unchanged (304) source, median ms", f"{statistics.median(unchanged) * 1000:.2f}"),
        ("CPU per unchanged (304) source, p95 ms", f"{sorted(unchanged)[int(len(unchanged) * 0.95)] * 1000:.2f}"),
        ("CPU per source with a new item, median ms", f"{statistics.median(changed) * 1000:.1f}"),
        ("item upstream -> draft, source due (ms)", f"{latency * 1000:.0f}"),
        ("item upstream -> draft, worst case (working hours)", "10 min cadence + 60 s beat + the above"),
        ("drafts created", drafts),
    ]
