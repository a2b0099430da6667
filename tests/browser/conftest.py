"""Playwright driving Debian's Chromium (Playwright's own browser download cannot work here), on loopback only."""

import os
import re
from pathlib import Path

import pytest
from django.core.cache import caches

from interpretation.models import PolicyDocumentPage
from tests.factories.library import release_policy, work_plan
from tests.factories.site import office
from tests.public import corpus

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.47"
)


@pytest.fixture
def chromium(site):
    """One browser per test, started after the database is set up and stopped before it is flushed.

    Playwright's sync API runs an event loop in this thread, and Django's connections are context-local: a
    session-long browser would leave later tests with connection objects that cannot restore the migrations'
    data (serialized rollback), and every transactional test after it would find no Wagtail site.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium):
    """A phone-sized page as in WeChat's in-app browser; every request stays on loopback."""
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, user_agent=WECHAT_UA)
    context.route(re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/]).*"), lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.route(re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/]).*"), lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(transactional_db, live_server, settings):
    """The office with its work plan and a few generated policies (factories), served by the live server."""
    caches["default"].clear()
    office()
    work_plan()
    for slug, title, number, topic, year, doc_type, validity, body, material in corpus.DOCUMENTS[:6]:
        release_policy(
            slug=slug,
            title=title,
            document_number=number,
            topic=topic,
            year=year,
            document_type=doc_type,
            validity=validity,
            body=body,
            material=material,
        )
    yield live_server.url
    caches["default"].clear()


@pytest.fixture
def seed(site):
    return PolicyDocumentPage.objects.get(slug=corpus.SEED)


def shot(page, name: str) -> Path:
    """Keep a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
