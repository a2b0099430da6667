"""Static publishing (静态化): nginx in front of gunicorn (2 workers), as the README's production layout.

- a static file and the written-out policy page, both from nginx, in the same run: their ratio (target ≥ 0.95);
- one release's pages written (interpretation.public.static_site.publish_page), timed;
- with gunicorn stopped, the home page, a policy and its interpretation still answer 200 from nginx;
- a full rebuild of 10,000 policies on PostgreSQL (when one answers on 127.0.0.1), timed, with peak memory, and a
  second run that must write nothing.
Needs nginx, and wrk for the rates (scripts/system-packages bench installs both); all traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.bench_public import (
    PYTHON,
    ROOT,
    _free_port,
    _get,
    _manage,
    _rate,
)
from tests.benchmarks.harness import run_child_on_postgres

REBUILD_DB = os.environ.get("BENCH_STATIC_DB", "static_pg")
LOADER = "wrk" if shutil.which("wrk") else "python"
ROUNDS, ROUND_SECONDS = 5, 4
POLICY = "/policies/liyang/dangzheng/2018-liyang-openness-work-plan/"

NGINX_CONF = """
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{server}
}}
"""


def server_block(site_root: str, static_root: str, port: int, app_port: int) -> str:
    """The README's server block, with this run's folders and ports."""
    return f"""
    charset utf-8;
    charset_types application/atom+xml text/plain text/css application/javascript;
    open_file_cache max=10000 inactive=30s;
    open_file_cache_valid 1s;
    open_file_cache_errors on;
    include {site_root}/nginx/hosts.conf;
    map $uri $static_cache_control {{
        ~\\.atom$ "public, max-age=300";
        default "public, max-age=0, must-revalidate";
    }}
    upstream app {{ server 127.0.0.1:{app_port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        root {site_root}/$static_site;
        gzip_static on;
        location /static/ {{
            alias {static_root}/;
            include {site_root}/nginx/headers.conf;
            add_header Cache-Control "public, max-age=31536000, immutable";
        }}
        location / {{
            try_files $static_bypass$uri $static_bypass${{uri}}index.html @app;
            include {site_root}/nginx/headers.conf;
            add_header Cache-Control $static_cache_control;
            add_header X-Static-Site hit;
        }}
        location @app {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}"""


def run():
    if shutil.which("nginx") is None:
        return [("static site via nginx", "skipped: nginx is not installed (scripts/system-packages bench)")]
    figures = _layout()
    if os.environ.get("BENCH_STATIC_REBUILD", "1") == "0":
        return [*figures, ("full rebuild", "skipped: BENCH_STATIC_REBUILD=0")]
    rows = run_child_on_postgres(REBUILD_DB, "tests.benchmarks.bench_static_site", "--rebuild", timeout=3600)
    figures += rows if rows is not None else [("full rebuild", "skipped: no PostgreSQL on 127.0.0.1")]
    return figures


def _head(port: int, path: str) -> tuple[int, str]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Static-Site", "")
    finally:
        connection.close()


def _layout():
    var = tempfile.mkdtemp(prefix="bench-static-")
    os.chmod(var, 0o755)  # nginx's workers (nobody) read the tree
    site_root, static_root = f"{var}/site", f"{var}/static"
    env = {**os.environ, "VAR_DIR": var, "STATIC_SITE_ROOT": site_root, "DEBUG": "false", "LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    _manage(env, "migrate", "--noinput")
    _manage(env, "collectstatic", "--noinput")
    _manage(env, "load_demo")
    started = time.perf_counter()
    _manage(env, "build_static_site", "--no-progress")
    demo_build = time.perf_counter() - started
    release = (
        subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", RELEASE_TIMING],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    app_port, port = _free_port(), _free_port()
    prefix = Path(var) / "nginx"
    prefix.mkdir()
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(prefix=prefix, server=server_block(site_root, static_root, port, app_port)))
    command = [PYTHON, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{app_port}", "--workers", "2"]
    app = subprocess.Popen(
        [*command, "--threads", "4"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL, start_new_session=True
    )
    nginx = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(prefix), "-g", "daemon off;"])
    try:
        _wait(port)
        static_css = _static_css(static_root)
        for _ in range(20):
            _get(port, POLICY)
            _get(port, static_css)
        static_rates, page_rates, errors = [], [], [0, 0]
        for _ in range(ROUNDS):  # alternating short rounds: a busy neighbour on the machine hits both alike
            for rates, path, slot in ((static_rates, static_css, 0), (page_rates, POLICY, 1)):
                rate, failed = _load(port, path)
                rates.append(rate)
                errors[slot] += failed
        static_rate, page_rate = statistics.median(static_rates), statistics.median(page_rates)
        app_rate, app_errors = _load(app_port, POLICY)  # gunicorn alone, from its page cache
        os.killpg(app.pid, signal.SIGKILL)  # the application dies, master and workers; nginx alone stays
        app.wait(timeout=20)
        time.sleep(0.5)
        down = {path: _head(port, path) for path in ("/", POLICY, POLICY + "interpretation/")}
    finally:
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGKILL)
            app.wait(timeout=20)
        nginx.terminate()
        nginx.wait(timeout=20)
    answers = ", ".join(f"{path} {status}{' (tree)' if source else ''}" for path, (status, source) in down.items())
    return [
        ("demo tree built (s)", f"{demo_build:.1f}"),
        ("one release's pages written", release),
        ("load generator", f"{LOADER}, {ROUNDS} alternating rounds of {ROUND_SECONDS} s, medians"),
        ("static file req/s (nginx)", f"{static_rate:.0f} (rounds: {_list(static_rates)})"),
        ("written-out policy page req/s (nginx)", f"{page_rate:.0f} (rounds: {_list(page_rates)})"),
        ("policy page / static file", f"{page_rate / static_rate:.2f} (target ≥ 0.95)"),
        ("policy page from gunicorn alone (2 workers, page cache) req/s", f"{app_rate:.0f}"),
        ("errors (static, page, app)", f"{errors[0]}, {errors[1]}, {app_errors}"),
        ("application stopped: answers from nginx", answers),
    ]


RELEASE_TIMING = """
import time
from interpretation.models import PolicyDocumentPage
from interpretation.public.static_site import publish
policy = PolicyDocumentPage.objects.get(slug="2018-liyang-openness-work-plan")
publish.publish_page(policy)  # warm: templates, caches
started = time.perf_counter()
report = publish.publish_page(policy)
elapsed = (time.perf_counter() - started) * 1000
print(f"{len(report.written) + report.unchanged} paths rendered and compared in {elapsed:.0f} ms")
"""


def _list(rates: list[float]) -> str:
    return ", ".join(f"{rate:.0f}" for rate in rates)


def _load(port: int, path: str) -> tuple[float, int]:
    """Requests per second and failed requests for one round: wrk when installed (a C client that leaves the cores
    to the server), else the Python clients of bench_public. Both ask for gzip, as every browser does."""
    if LOADER != "wrk":
        rate, failed = _rate(port, path)
        return rate, failed
    done = subprocess.run(
        ["wrk", "-t1", "-c16", f"-d{ROUND_SECONDS}s", "-H", "Accept-Encoding: gzip", "-H", "Host: 127.0.0.1"]
        + [f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=ROUND_SECONDS + 30,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", done).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", done)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", done)
    failed = int(non_2xx.group(1)) if non_2xx else 0
    return rate, failed + (sum(map(int, sockets.groups())) if sockets else 0)


def _static_css(static_root: str) -> str:
    found = sorted(Path(static_root, "css").glob("site.*.css")) or [Path(static_root, "css", "site.css")]
    return "/static/" + found[0].relative_to(static_root).as_posix()


def _wait(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if _get(port, POLICY)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("nginx did not answer on loopback within 30 s")


def _rebuild_main():
    """In a child process on the benchmark's PostgreSQL database: 10,000 policies, rebuilt twice."""
    import logging
    import resource

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    django.setup()
    logging.disable(logging.INFO)
    from django.conf import settings
    from wagtail.models import Site

    from interpretation.models import PolicyDocumentPage
    from interpretation.public.static_site import publish
    from tests.benchmarks.bench_public import _ensure_search_corpus
    from tests.benchmarks.harness import fresh_test_environment

    fresh_test_environment()
    _ensure_search_corpus()
    settings.STATIC_SITE_ROOT = Path(tempfile.mkdtemp(prefix="bench-static-tree-"))
    site = Site.objects.get(is_default_site=True)
    total = PolicyDocumentPage.objects.count()
    started = time.perf_counter()
    first = publish.build(site)
    first_seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    second = publish.build(site)
    second_seconds = time.perf_counter() - started
    shutil.rmtree(settings.STATIC_SITE_ROOT, ignore_errors=True)
    rows = [
        ("full rebuild (PostgreSQL)", f"{total} policies: {len(first.written)} files written in {first_seconds:.0f} s"),
        ("full rebuild peak memory (MB, max RSS)", f"{peak:.0f}"),
        ("second rebuild", f"{len(second.written)} written, {second.unchanged} unchanged in {second_seconds:.0f} s"),
    ]
    for name, value in rows:
        print(f"{name}\t{value}")


if __name__ == "__main__" and "--rebuild" in sys.argv:
    sys.path.insert(0, str(ROOT))
    _rebuild_main()
