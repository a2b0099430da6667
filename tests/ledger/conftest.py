"""Fixtures for the delivery ledger: the WeChat simulator and a purge recorder on loopback, the office's work plan
released through the three-sync path, and helpers that run rows in this process or wait for a real worker.

Modules whose tests all run inside a transaction share one office, built once (`usefixtures("office")`), or one
released work plan (`released_work_plan`); transactional tests (a real worker or the live server must see committed
rows) build the office in each test, in release_work_plan()."""

from __future__ import annotations

import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from channels.models import Delivery
from channels.simulators.partner import PartnerReceiver, generate_secret
from channels.simulators.wechat import WeChatSimulator
from interpretation.models import PolicyDocumentPage
from tests.factories.ledger import make_due
from tests.factories.library import WORK_PLAN_SLUG, work_plan
from tests.factories.partners import make_partner
from tests.factories.site import office as build_office
from tests.module_db import built_once_per_module

APP_ID = "wx_ledger_test_app"
SECRET = "ledger-test-secret"
CALLBACK_TOKEN = "ledger-callback-token"


class PurgeRecorder:
    """A frontend cache on loopback that only records the PURGE requests Wagtail's HTTP backend sends it."""

    def __init__(self):
        self.purged: list[tuple[str, str]] = []  # (host, path)
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 - the method's name is the HTTP verb
                recorder.purged.append((self.headers.get("Host", ""), self.path))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):
    """Tokens and callback nonces live in the cache (Redis in CI): one key prefix per test."""
    prefix = f"ledger-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {alias: {**conf, "KEY_PREFIX": prefix} for alias, conf in settings.CACHES.items()}


@pytest.fixture
def sim():
    with WeChatSimulator(APP_ID, SECRET, callback_token=CALLBACK_TOKEN, hang_seconds=3.0) as simulator:
        yield simulator


@pytest.fixture
def wechat_on(settings, sim):
    """This process talks to the simulator (and so releases get a WeChat row)."""
    settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET = APP_ID, SECRET
    settings.WECHAT_API_BASE_URL = sim.base_url
    settings.WECHAT_TOKEN = CALLBACK_TOKEN
    settings.WECHAT_TIMEOUT = 2
    return sim


def worker_env(sim=None, site_url: str = "", **extra) -> dict:
    """Environment of a real worker process pointed at the simulator and the live server."""
    env = {"DELIVERY_BACKOFF_SECONDS": "0.5", "DELIVERY_POLL_SECONDS": "0.5", "DELIVERY_LEASE_SECONDS": "20"}
    if sim is not None:
        env.update(
            WECHAT_APP_ID=APP_ID,
            WECHAT_APP_SECRET=SECRET,
            WECHAT_API_BASE_URL=sim.base_url,
            WECHAT_TOKEN=CALLBACK_TOKEN,
            WECHAT_TIMEOUT="2",
        )
    if site_url:
        env["SITE_URL"] = site_url
    env.update({key: str(value) for key, value in extra.items()})
    return env


@pytest.fixture
def purge_recorder(settings):
    with PurgeRecorder() as recorder:
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": recorder.origin}
        }
        yield recorder


@pytest.fixture
def rings(monkeypatch):
    """In-process tests: bells are recorded here instead of reaching the broker (no worker is listening)."""
    rung: list[tuple[int, float | None]] = []

    def record(delivery_id, countdown):
        rung.append((delivery_id, countdown))
        return True

    monkeypatch.setattr("channels.bells._send", record)
    return rung


_office_for_module = built_once_per_module(build_office)


@pytest.fixture
def office(_office_for_module, db):
    """The office (departments, their people, the releaser), built once for the module."""


def release_with_wechat_on():
    with override_settings(WECHAT_APP_ID=APP_ID, WECHAT_APP_SECRET=SECRET):
        work_plan()


_released_for_module = built_once_per_module(release_with_wechat_on, on="_office_for_module")


@pytest.fixture
def released_work_plan(_released_for_module, db) -> PolicyDocumentPage:
    """The work plan released once for the module while WeChat was configured: a website and a WeChat row, pending.
    For tests about what happens to rows after a release; the release itself is tested with release_work_plan()."""
    return PolicyDocumentPage.objects.get(slug=WORK_PLAN_SLUG)


def release_work_plan() -> PolicyDocumentPage:
    """党政办公室's 2018 work plan with its text, Q&A and 图解, released now: the release writes a ledger row for
    each channel target configured at this moment. Builds the office first if the module has not."""
    build_office()
    return work_plan()


def run_in_process(row: Delivery, max_runs: int = 10) -> Delivery:
    """Run a row as a worker would, again and again (skipping its waits) until it settles."""
    from channels.ledger.runs import process

    for _ in range(max_runs):
        make_due(row)
        process(row.pk)
        row.refresh_from_db()
        if row.state in (*Delivery.FINAL_STATES, Delivery.State.FAILED):
            break
    return row


@pytest.fixture
def receiver(settings):
    """The press partner 县融媒体中心 with its webhook at a real receiver on loopback."""
    settings.PARTNER_WEBHOOK_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.PARTNER_WEBHOOK_TIMEOUT = (1.0, 1.0)
    secret = generate_secret()
    with PartnerReceiver(secret) as partner_receiver:
        make_partner(webhook_enabled=True, webhook_url=partner_receiver.url, webhook_secret=secret)
        yield partner_receiver
