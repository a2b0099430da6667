"""The Content-Security-Policy as Chromium enforces it: the public site and the admin work under it with no violation
reported, and the editor's preview panel (an iframe of the admin's own origin) still shows the page."""

import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import shot
from tests.factories.site import PASSWORD

pytestmark = pytest.mark.browser

# Every frame reports what the policy blocked; the console catches what happens before the listener exists.
WATCH_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  (window.top.__cspViolations = window.top.__cspViolations || []).push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class Watched:
    def __init__(self, page, base: str):
        self.page, self.base, self.console = page, base, []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._console)
        page.set_default_timeout(20_000)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def visit(self, path: str):
        response = self.page.goto(f"{self.base}{path}")
        assert response is not None and response.status < 400, f"{path}: {response and response.status}"
        self.page.wait_for_load_state("networkidle")
        self.assert_clean(path)
        return response

    def assert_clean(self, where: str) -> None:
        reported = self.page.evaluate("window.__cspViolations || []")
        assert not reported and not self.console, f"{where}: CSP violations {reported} {self.console}"


def test_public_pages_raise_no_violation_and_elder_mode_still_works(site, seed, desktop):
    watched = Watched(desktop, site)
    response = watched.visit("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    desktop.click("#elder-toggle")
    watched.visit(seed.url)
    assert desktop.locator("html.elder").count() == 1  # the early script, now a file, applied it before paint
    assert desktop.locator("h1").first.inner_text().strip()


def test_the_admin_works_under_the_policy_and_the_preview_panel_shows_the_page(site, seed, desktop):
    watched = Watched(desktop, site)
    login = watched.visit("/admin/login/")
    assert login.headers["x-frame-options"] == "DENY"
    desktop.fill("#id_username", get_user_model().objects.get(username="admin").username)
    desktop.fill("#id_password", PASSWORD)
    desktop.locator("form button[type=submit], form input[type=submit]").first.click()
    desktop.wait_for_url(f"{site}/admin/")
    desktop.wait_for_load_state("networkidle")
    watched.assert_clean("dashboard")
    watched.visit("/admin/")
    edit = watched.visit(f"/admin/pages/{seed.pk}/edit/")
    assert edit.headers["x-frame-options"] == "DENY"
    # Wagtail's inline scripts ran (nonce): the date widget on the settings tab was initialised.
    assert desktop.evaluate("typeof window.initDateTimeChooser") == "function"
    desktop.click('[data-side-panel-toggle="preview"]')
    # The panel's iframe, same origin, allowed to be framed: the policy's title is in the document it shows.
    desktop.locator("#w-preview-iframe").wait_for(state="visible")
    desktop.wait_for_function(
        "(title) => { const f = document.querySelector('#w-preview-iframe');"
        " return !!f && !!f.contentDocument && (f.contentDocument.body?.textContent || '').includes(title); }",
        arg=seed.title,
    )
    shot(desktop, "csp-preview-panel")
    desktop.wait_for_load_state("networkidle")
    watched.assert_clean("preview panel")
