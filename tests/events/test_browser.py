"""In Chromium: a reader's question appears after moderation, and a live entry appears, without a reload."""

import re
import threading
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse

from interpretation.events.models import PublicQuestion
from tests.events.conftest import build_office
from tests.factories.events import make_event
from tests.factories.site import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def in_own_thread(scenario, timeout=240):
    """Run a Playwright scenario in a thread of its own.

    Playwright's sync API refuses to start where an event loop already runs, which is the case in the
    main thread once another suite's session-wide browser is open; a fresh thread has no loop.
    """
    outcome = {}

    def target():
        try:
            scenario()
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error
        finally:
            connections.close_all()  # this thread's connection, or PostgreSQL cannot drop the test database

    thread = threading.Thread(target=target, name="events-browser")
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"the browser scenario did not finish within {timeout} s"
    if "error" in outcome:
        raise outcome["error"]


def loopback_page(browser, viewport):
    """A page whose every request stays on 127.0.0.0/8."""
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    context.route(re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/]).*"), lambda route: route.abort())
    return context.new_page()


def test_question_appears_after_moderation_and_live_entry_without_reload(live_server, settings, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM calls next to Playwright's own loop
    settings.EVENTS_LIVE_POLL_MS = 500
    ARTIFACTS.mkdir(exist_ok=True)
    office = build_office()
    event = make_event(office["index"], state="live", policy=office["policy"], title="在线访谈:政务公开,您问我答")

    def scenario():
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
            try:
                reader_asks_editor_moderates_and_posts(browser, live_server.url, event)
            finally:
                browser.close()

    in_own_thread(scenario)


def reader_asks_editor_moderates_and_posts(browser, base_url, event):
    reader = loopback_page(browser, {"width": 900, "height": 1400})
    reader.goto(base_url + event.url)
    reader.evaluate("window.__sameDocument = 'yes'")
    reader.fill("#ask-nickname", "历阳居民")
    reader.fill("#ask-text", "请问依申请公开目录在哪里查?")
    reader.click("form[data-ask] button[type=submit]")
    reader.wait_for_selector(".ask-status.ok")
    assert "经工作人员审核后显示" in reader.inner_text(".ask-status")
    question = PublicQuestion.objects.get()
    reader.wait_for_timeout(1500)  # three polls: an unmoderated question must not appear
    assert "依申请公开目录" not in reader.inner_text("#questions")

    editor = loopback_page(browser, {"width": 1280, "height": 1400})
    editor.goto(base_url + "/admin/login/")
    editor.fill("#id_username", "dzb_editor")
    editor.fill("#id_password", PASSWORD)
    editor.click("button[type=submit]")
    editor.wait_for_url(f"{base_url}/admin/")
    editor.goto(base_url + reverse("events_admin:live", args=(event.pk,)))
    editor.fill(f"#answer-{question.pk}", "在镇政府网站“政策文件”栏目的依申请公开目录中查询。")
    editor.fill(f"#answered-by-{question.pk}", "党政办公室 张明")
    editor.click(f"#question-{question.pk} button:has-text('回答并公开')")
    editor.wait_for_selector("text=回答已发布")

    reader.wait_for_selector(f"#q-{question.pk} .a", timeout=10_000)
    assert "依申请公开目录中查询" in reader.inner_text(f"#q-{question.pk}")
    assert reader.is_hidden("#questions-empty")

    editor.fill("#id_speaker", "张明")
    editor.fill("#id_text", "政务公开要做到决策、执行、管理、服务、结果“五公开”。")
    editor.click("form[action$='/live/entry/'] button[type=submit]")
    editor.wait_for_selector("text=直播内容已发布")
    editor.screenshot(path=str(ARTIFACTS / "events-live-room.png"), full_page=True)

    reader.wait_for_selector("#live-entries li:has-text('五公开')", timeout=10_000)
    assert reader.evaluate("window.__sameDocument") == "yes", "the entry arrived without a reload"
    reader.screenshot(path=str(ARTIFACTS / "events-reader.png"), full_page=True)
