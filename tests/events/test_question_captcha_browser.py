"""In Chromium, under a strict Content-Security-Policy: the captcha appears after a question, a wrong answer keeps
the typed text, 换一张 brings a new image, and the right answer goes through (live.js, no inline script)."""

import pytest
from captcha.models import CaptchaStore

from interpretation.events.models import PublicQuestion
from tests.events.conftest import build_office
from tests.events.test_browser import CHROMIUM, CHROMIUM_FLAGS, in_own_thread, loopback_page
from tests.factories.events import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STRICT_CSP = "default-src 'self'; img-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'"


def with_strict_csp(page):
    """Every document gets the strict policy, whatever the site itself sends."""

    def handle(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": STRICT_CSP}
        route.fulfill(response=response, headers=headers)

    page.route(lambda url: "/events/" in url and "/static/" not in url and ".json" not in url, handle)
    return page


def test_the_captcha_works_in_the_page_under_a_strict_policy(live_server, settings, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.QUESTION_CHALLENGE_AFTER = 1
    office = build_office()
    event = make_event(office["index"], state="live", policy=office["policy"], title="在线访谈:政务公开")

    def scenario():
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
            try:
                reader_meets_the_captcha(
                    with_strict_csp(loopback_page(browser, {"width": 900, "height": 1400})), live_server.url, event
                )
            finally:
                browser.close()

    in_own_thread(scenario)


def key_of(page) -> str:
    return page.get_attribute("input[name=captcha_0]", "value")


def reader_meets_the_captcha(reader, base_url, event):
    violations = []
    reader.on(
        "console", lambda message: violations.append(message.text) if "Content Security" in message.text else None
    )
    reader.goto(base_url + event.url)
    assert reader.is_hidden("[data-captcha]")
    reader.fill("#ask-text", "请问依申请公开目录在哪里查?")
    reader.click("form[data-ask] button[type=submit]")
    reader.wait_for_selector(".ask-status.ok")
    reader.wait_for_selector("[data-captcha]:not([hidden])")
    reader.wait_for_function(
        "() => document.querySelector('.captcha-image').naturalWidth > 0"
    )  # loaded under img-src 'self'

    typed = "请问老旧小区改造补贴怎么申请?"
    reader.fill("#ask-text", typed)
    first_key = key_of(reader)
    reader.fill("#ask-captcha", "wrong")
    reader.click("form[data-ask] button[type=submit]")
    reader.wait_for_selector(".ask-status.error")
    assert "验证码不正确" in reader.inner_text(".ask-status")
    assert reader.input_value("#ask-text") == typed, "nothing typed is lost"
    assert key_of(reader) != first_key

    second_key = key_of(reader)
    reader.click("button.captcha-refresh")
    reader.wait_for_function(f"() => document.querySelector('input[name=captcha_0]').value !== '{second_key}'")
    assert reader.input_value("#ask-text") == typed

    reader.fill("#ask-captcha", CaptchaStore.objects.get(hashkey=key_of(reader)).response)
    reader.press("#ask-captcha", "Enter")  # Enter submits the question, not 换一张
    reader.wait_for_selector(".ask-status.ok")
    assert PublicQuestion.objects.filter(text=typed, status="pending").exists()
    assert not [text for text in violations if "img-src" in text or "connect-src" in text], violations
