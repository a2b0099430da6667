"""Public reading: policy-page throughput against a static file on the same gunicorn, uncached render cost,
and search p95 over 10,000 generated policies on PostgreSQL.

All traffic stays on 127.0.0.1; every load loop is bounded in requests and seconds.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tests.benchmarks.harness import fresh_test_environment, run_child_on_postgres

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
REQUESTS = int(os.environ.get("BENCH_PUBLIC_REQUESTS", "4000"))
SECONDS = 30
CLIENT_PROCESSES, CLIENT_THREADS = 2, 4
SEARCH_DB = os.environ.get("BENCH_PUBLIC_DB", "public_bench")
SEARCH_DOCUMENTS = 10_000


def run():
    figures = []
    figures += _throughput()
    figures += _uncached_render()
    figures += _search_on_postgres()
    return figures


# -- throughput: gunicorn with 2 workers, a policy page from the page cache vs a static file ---------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _worker(args) -> tuple[int, int]:
    """One client process: threads with keep-alive connections, until its share is done or time is up."""
    port, path, count, deadline = args
    done, errors, lock = [0], [0], threading.Lock()

    def loop(share):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(share):
            if time.monotonic() > deadline:
                break
            try:
                connection.request("GET", path, headers={"Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
            with lock:
                done[0] += ok
                errors[0] += not ok
        connection.close()

    threads = [threading.Thread(target=loop, args=(count // CLIENT_THREADS,)) for _ in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0], errors[0]


def _rate(port: int, path: str) -> tuple[float, int]:
    started = time.monotonic()
    share = REQUESTS // CLIENT_PROCESSES
    with ProcessPoolExecutor(CLIENT_PROCESSES) as pool:
        results = list(pool.map(_worker, [(port, path, share, started + SECONDS)] * CLIENT_PROCESSES))
    elapsed = time.monotonic() - started
    done = sum(r[0] for r in results)
    return done / elapsed, sum(r[1] for r in results)


def _manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)


def _throughput():
    var = tempfile.mkdtemp(prefix="bench-public-")
    env = {**os.environ, "VAR_DIR": var, "DEBUG": "false", "LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)  # its own SQLite file, as `make run` has
    _manage(env, "migrate", "--noinput")
    _manage(env, "collectstatic", "--noinput")
    _manage(env, "load_demo")
    port = _free_port()
    command = [PYTHON, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    server = subprocess.Popen([*command, "--threads", "4"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        policy = _wait_and_find_policy(port)
        for _ in range(20):  # warm both workers' page cache and the static file
            _get(port, policy)
            _get(port, "/static/css/site.css")
        static_rate, static_errors = _rate(port, "/static/css/site.css")
        page_rate, page_errors = _rate(port, policy)
    finally:
        server.terminate()
        server.wait(timeout=20)
    return [
        ("static file req/s (gunicorn 2 workers)", f"{static_rate:.0f}"),
        ("policy page req/s, anonymous, page cache", f"{page_rate:.0f}"),
        ("policy page / static file", f"{page_rate / static_rate:.2f} (target ≥ 0.50)"),
        ("errors (static, page)", f"{static_errors}, {page_errors}"),
    ]


def _get(port, path) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _wait_and_find_policy(port) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, body = _get(port, "/policies/")
            if status == 200:
                marker = "/policies/dangzheng/2018-liyang-openness-work-plan/"
                assert marker in body.decode("utf-8"), "the demo policy is not listed"
                return marker
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer on loopback within 30 s")


# -- uncached render: the page cache is invalidated before every request ------------------------------


def _uncached_render():
    import logging

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from interpretation.models import PolicyDocumentPage
    from interpretation.public import page_cache

    logging.disable(logging.INFO)
    fresh_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        call_command("load_demo", verbosity=0)
        url = PolicyDocumentPage.objects.get(slug="2018-liyang-openness-work-plan").url
        client = Client()
        client.get(url)
        samples, hits = [], []
        for _ in range(100):
            page_cache.invalidate_everything()
            started = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        for _ in range(200):
            started = time.perf_counter()
            client.get(url)
            hits.append((time.perf_counter() - started) * 1000)
        page_cache.invalidate_everything()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        logging.disable(logging.NOTSET)
    return [
        ("policy page uncached median ms", f"{statistics.median(samples):.1f}"),
        ("policy page uncached p95 ms", f"{sorted(samples)[94]:.1f}"),
        ("policy page uncached queries", f"{len(queries)} (limit 15)"),
        ("policy page cached median ms (in-process)", f"{statistics.median(hits):.2f}"),
    ]


# -- search p95 on PostgreSQL over 10,000 generated policies ------------------------------------------


def _search_on_postgres():
    rows = run_child_on_postgres(SEARCH_DB, "tests.benchmarks.bench_public", "--search", timeout=3000)
    return rows if rows is not None else [("search p95 (PostgreSQL)", "skipped: no PostgreSQL on 127.0.0.1")]


def _ensure_search_corpus():
    """The demo plus 10,000 generated policies, created once and kept in the benchmark database."""
    from datetime import date, datetime
    from datetime import time as dtime

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from interpretation.models import DepartmentSectionPage, PolicyDocumentPage, Topic
    from tests.public.corpus import generated_documents

    call_command("migrate", verbosity=0)
    if not PolicyDocumentPage.objects.filter(slug="2018-liyang-openness-work-plan").exists():
        call_command("load_demo", verbosity=0)
    have = PolicyDocumentPage.objects.filter(slug__startswith="gen-").count()
    sections = list(DepartmentSectionPage.objects.order_by("pk"))
    topics = {t.code: t for t in Topic.objects.all()}
    batch = []
    for doc in generated_documents(SEARCH_DOCUMENTS):
        if int(doc["slug"][4:]) < have:
            continue
        batch.append(doc)
    started = time.perf_counter()
    for start in range(0, len(batch), 500):
        with transaction.atomic():
            for i, doc in enumerate(batch[start : start + 500]):
                when = timezone.make_aware(datetime.combine(date(doc["year"], 3, 5), dtime(9, 0)))
                page = PolicyDocumentPage(
                    title=doc["title"],
                    slug=doc["slug"],
                    document_number=doc["document_number"],
                    topic=topics[doc["topic"]],
                    document_type=doc["document_type"],
                    validity=doc["validity"],
                    date_written=when.date(),
                    date_published=when.date(),
                    summary=doc["body"][0],
                    body="".join(f"<p>{p}</p>" for p in doc["body"]),
                    disclosure_attribute="proactive",
                    interpretation_required=False,
                )
                sections[(start + i) % len(sections)].add_child(instance=page)
                # Search corpus, not releases: set live in bulk (a policy saved through the model is born a draft
                # and goes live only through the release guard, which would sign and deliver each of 10,000).
                PolicyDocumentPage.objects.filter(pk=page.pk).update(
                    live=True, has_unpublished_changes=False, first_published_at=when, last_published_at=when
                )
    created = len(batch)
    return created, time.perf_counter() - started


def _search_main():
    """Runs in a child process whose DATABASE_URL points at the benchmark's PostgreSQL database."""
    import logging

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    django.setup()
    logging.disable(logging.INFO)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from interpretation.models import PolicyDocumentPage
    from interpretation.public.facets import PolicyFilters
    from interpretation.public.finder import run_search
    from tests.public.corpus import LABELLED_QUERIES

    fresh_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    created, seconds = _ensure_search_corpus()
    total = PolicyDocumentPage.objects.count()
    client = Client()
    queries = [q for q, _ in LABELLED_QUERIES]
    for query in queries:  # warm PostgreSQL's buffers and jieba's dictionary
        client.get("/search/", {"q": query})
    pages, cores = [], []
    for _ in range(3):
        for query in queries:
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            pages.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            started = time.perf_counter()
            run_search(query, PolicyFilters())
            cores.append((time.perf_counter() - started) * 1000)
    pages.sort()
    cores.sort()
    p95 = int(len(pages) * 0.95)
    rows = [
        (
            "search corpus (PostgreSQL)",
            f"{total} policies on {connection.vendor}; {created} created in {seconds:.0f} s",
        ),
        ("search page median ms", f"{statistics.median(pages):.1f}"),
        ("search page p95 ms", f"{pages[p95]:.1f} ({len(pages)} requests, {len(queries)} queries)"),
        ("search ranking only p95 ms", f"{cores[p95]:.1f}"),
    ]
    for name, value in rows:
        print(f"{name}\t{value}")


if __name__ == "__main__" and "--search" in sys.argv:
    sys.path.insert(0, str(ROOT))
    _search_main()
