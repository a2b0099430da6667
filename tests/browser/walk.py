"""A role's day in Chromium, checked the way the person would notice a problem: every screen it reaches answers
without a server error, reads in Chinese, is not a dead end (没有权限, 404), and every action ends with a
confirmation in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from tests.admin_i18n.crawl import UPSTREAM_UNTRANSLATABLE, english_words
from tests.factories.site import PASSWORD

# What a dead end says: Wagtail's and Django's refusals and missing pages.
DEAD_ENDS = ("对不起，你没有权限访问", "没有权限访问", "Page not found", "找不到页面", "Server Error", "Forbidden")

# The text a person reads, scripted or not: the rendered text and the attributes that are shown.
# Code samples (<code>, <pre>: a header, an address to copy) are what the operator types, not language.
_SHOWN_TEXT = """() => {
  const samples = [...document.querySelectorAll('code, pre')];
  const shown = samples.map((el) => el.style.display);
  samples.forEach((el) => { el.style.display = 'none'; });
  const parts = [document.title, document.body.innerText];
  samples.forEach((el, i) => { el.style.display = shown[i]; });
  for (const el of document.querySelectorAll('[placeholder],[title],[aria-label],img[alt],input[type=submit]')) {
    if (!el.checkVisibility || !el.checkVisibility()) continue;
    for (const name of ['placeholder', 'title', 'aria-label', 'alt']) {
      if (el.getAttribute(name)) parts.push(el.getAttribute(name));
    }
    if (el.tagName === 'INPUT' && el.value) parts.push(el.value);
  }
  return parts.join('\\n');
}"""


@dataclass
class Day:
    page: object
    base: str
    server_errors: list[str] = field(default_factory=list)
    screens: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("response", self._watch)
        self.page.set_default_timeout(20_000)

    def _watch(self, response) -> None:
        if response.url.startswith(self.base) and response.status >= 500:
            self.server_errors.append(f"{response.status} {response.url}")

    def log_in(self, username: str) -> None:
        self.page.goto(f"{self.base}/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.locator("form button[type=submit], form input[type=submit]").first.click()
        self.page.wait_for_url(f"{self.base}/admin/")
        self.check()

    def visit(self, path: str) -> None:
        response = self.page.goto(f"{self.base}{path}")
        assert response is not None and response.status < 400, f"{path} answered {response and response.status}"
        self.check()

    def check(self) -> str:
        """The screen now shown: no server error behind it, no dead end, no English; returns its text."""
        self.page.wait_for_load_state("domcontentloaded")
        url = self.page.url
        self.screens.append(url)
        assert not self.server_errors, f"server errors: {self.server_errors}"
        text = self.page.evaluate(_SHOWN_TEXT)
        dead = [phrase for phrase in DEAD_ENDS if phrase in text]
        assert not dead, f"{url} is a dead end: {dead}"
        lines = {line.strip() for line in text.splitlines()} - UPSTREAM_UNTRANSLATABLE
        usernames = frozenset(get_user_model().objects.values_list("username", flat=True))
        english = sorted(line for line in lines if english_words(line, usernames))
        assert not english, f"{url} shows English: {english}"
        return text

    def confirmed(self, *expected: str) -> str:
        """The action's confirmation: Wagtail's message area says one of `expected`, on a page the person may see."""
        messages = self.page.locator(".messages")
        messages.first.wait_for(state="visible")
        said = messages.first.inner_text()
        assert any(phrase in said for phrase in expected), f"{self.page.url}: confirmation {said!r}, not {expected}"
        self.check()
        return said

    def click(self, name: str, *, role: str = "button") -> None:
        self.page.get_by_role(role, name=name, exact=False).first.click()
        self.page.wait_for_load_state("domcontentloaded")

    def save(self) -> None:
        """The form's main action in the footer (创建, 保存)."""
        self.page.locator("footer button[type=submit]").first.click()
        self.page.wait_for_load_state("domcontentloaded")
