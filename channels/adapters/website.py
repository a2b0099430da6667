"""The website channel, the first platform: purge the cached pages a subject (a policy bundle, a republication,
an event) touches, write them out to the static tree (静态化, interpretation.public.static_site: every public page
the release changes is rendered and renamed into place, what is no longer public is removed), then confirm that
the files are in place and that the public URL answers 200 with the new content. A failed or crashed write is
retried like any delivery; the row is delivered only once both checks pass.

The cache is Wagtail's frontend-cache backends (the WAGTAILFRONTENDCACHE setting: Varnish/HTTP, Cloudflare,
CloudFront, Azure); with none configured purging is a no-op and only the confirmation runs. A purge error is
logged by Wagtail, not raised, so we listen to its logger; the confirmation is the real test either way.
"""

from __future__ import annotations

import html
import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypedDict

import requests
from wagtail.contrib.frontend_cache.utils import get_backends

from channels import conf
from channels.adapters.base import (
    ChannelAdapter,
    Checkpoints,
    DeliveryError,
    ErrorClass,
    Outcome,
    OutcomeState,
    register,
)
from channels.subjects import POLICY, Deliverable, as_subject
from cms.foundation import links
from interpretation.bundle_content import page_url
from interpretation.choices import DisclosureAttribute
from interpretation.models import PolicyLibraryPage
from interpretation.public import page_cache
from interpretation.public.invalidation import scopes_for
from interpretation.public.static_site import publish as static_site

if TYPE_CHECKING:
    from wagtail.models import Page

TARGET = "site"
PURGED = "purged"


class WebsitePayload(TypedDict):
    purge: list[str]  # the URLs whose cached copies go
    check: str  # the public URL to confirm afterwards ("" when nothing is public)
    expect: list[str]  # what that page must show


@register
class WebsiteAdapter(ChannelAdapter):
    channel = "website"
    label = "政府网站"

    def targets(self, subject: Deliverable) -> list[str]:
        return [TARGET]

    def validate(self, subject: Deliverable, target: str) -> list[str]:
        subject = as_subject(subject)
        if subject.is_live():
            return []
        return ["政策文件已撤回,网站不再显示" if subject.kind == POLICY else f"该{subject.label}已撤回,网站不再显示"]

    def render(self, subject: Deliverable, target: str, options: dict[str, Any]) -> WebsitePayload:
        """The URLs to purge, and what the public page must show afterwards."""
        subject = as_subject(subject)
        if subject.kind == POLICY:
            return self._render_policy(subject.page)
        page = subject.page
        ancestors = [a.specific for a in page.get_ancestors().filter(depth__gt=1)]
        purge = {page_url(p) for p in [page, *ancestors]}
        check, expect = (page_url(page), [page.title]) if subject.is_public() else ("", [])
        return {"purge": sorted(u for u in purge if u), "check": check, "expect": expect}

    @staticmethod
    def _render_policy(policy: Page) -> WebsitePayload:
        materials = list(policy.live_materials())
        ancestors = [page.specific for page in policy.get_ancestors().filter(depth__gt=1)]
        purge = {page_url(page) for page in [policy, *materials, *ancestors]}
        if policy.disclosure_attribute == DisclosureAttribute.PROACTIVE:
            check, expect = page_url(policy), [policy.title, *(m.title for m in materials)]
        elif policy.disclosure_attribute == DisclosureAttribute.ON_REQUEST:
            library = next((a for a in ancestors if isinstance(a, PolicyLibraryPage)), None)
            check = f"{page_url(library)}catalog/" if library else ""
            expect = [policy.title]
            purge.add(check)
        else:  # withheld: nothing public to confirm, only caches to clear
            check, expect = "", []
        return {"purge": sorted(u for u in purge if u), "check": check, "expect": expect}

    def deliver(
        self,
        subject: Deliverable,
        target: str,
        payload: WebsitePayload,
        checkpoints: Checkpoints,
        options: dict[str, Any],
    ) -> Outcome:
        subject = as_subject(subject)
        if not checkpoints.get(PURGED):
            invalidate_page_cache(subject.page)
            purge(payload["purge"])
            checkpoints.record(PURGED, len(payload["purge"]))
        written = write_static(subject.page, payload["expect"])
        if payload["check"]:
            try:
                confirm(payload["check"], payload["expect"])
            except DeliveryError:
                checkpoints.record(PURGED, None)  # a stale page is purged again on the next try
                raise
        return Outcome(
            OutcomeState.DELIVERED, external_url=payload["check"], detail={"purged": payload["purge"], **written}
        )

    def retract(
        self, subject: Deliverable, target: str, external_id: str, options: dict[str, Any] | None = None
    ) -> None:
        """The page is unpublished already; drop every cached copy of it and of the lists that showed it."""
        subject = as_subject(subject)
        payload = self.render(subject, target, {})
        invalidate_page_cache(subject.page)
        purge(payload["purge"])
        write_static(subject.page, [])


def write_static(page: Page, expect: list[str]) -> dict[str, Any]:
    """Rewrite the static tree's pages that show `page`, then check that its own files are there (or gone)."""
    try:
        report = static_site.publish_page(page)
    except static_site.RenderFailed as exc:
        raise DeliveryError(ErrorClass.TRANSIENT, f"static site: {exc}", "网站静态页面生成失败，将自动重试") from exc
    except OSError as exc:
        raise DeliveryError(
            ErrorClass.TRANSIENT,
            f"static site: {type(exc).__name__}: {exc}",
            f"无法写入网站静态页面（{exc.strerror or exc}），请检查 STATIC_SITE_ROOT 目录；将自动重试",
        ) from exc
    problems = static_site.files_in_place(page, expect)
    if problems:
        raise DeliveryError(ErrorClass.TRANSIENT, f"static site: {problems[0]}", f"{problems[0]}，将自动重试")
    return {"static_written": len(report.written), "static_removed": len(report.removed)}


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _default_socket_timeout(seconds: float) -> Iterator[None]:
    """Wagtail's HTTP backend calls urlopen without a timeout; a dead cache must not hold a worker forever."""
    previous = socket.getdefaulttimeout()
    if previous is None:
        socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        if previous is None:
            socket.setdefaulttimeout(None)


def invalidate_page_cache(page: Page) -> None:
    """The site's own full-page cache (interpretation.public.page_cache) drops every page showing the page.

    Its receivers already do this when the page is published, in the publishing process; doing it again
    here is idempotent and covers a cache that was unreachable at that moment.
    """
    page_cache.invalidate(*scopes_for(page))


def purge(urls: list[str]) -> None:
    backends = get_backends()
    if not backends or not urls:
        return
    errors = _Errors()
    wagtail_log = logging.getLogger("wagtail.frontendcache")
    wagtail_log.addHandler(errors)
    try:
        with _default_socket_timeout(conf.get("WEBSITE_CONFIRM_TIMEOUT")):
            for backend in backends.values():
                backend.purge_batch(urls)
    finally:
        wagtail_log.removeHandler(errors)
    if errors.messages:
        raise DeliveryError(
            ErrorClass.TRANSIENT, f"cache purge failed: {errors.messages[0]}", "清除网站缓存失败，将自动重试"
        )


def confirm(url: str, expect: list[str]) -> None:
    """The public page answers 200 and shows this release's title and materials."""
    session = requests.Session()
    session.trust_env = False  # our own site: no proxy from the environment
    try:
        response = session.get(
            url, timeout=conf.get("WEBSITE_CONFIRM_TIMEOUT"), headers={"User-Agent": "policy-ledger"}
        )
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise _unreachable(url, exc) from exc
    except requests.RequestException as exc:
        raise DeliveryError(
            ErrorClass.TRANSIENT, f"GET {url}: {type(exc).__name__}: {exc}", f"无法访问网站页面 {url}，将自动重试"
        ) from exc
    if response.status_code != 200:
        raise DeliveryError(
            ErrorClass.TRANSIENT,
            f"GET {url} answered {response.status_code}",
            f"网站页面 {url} 返回 {response.status_code}，将自动重试",
        )
    text = response.text
    missing = [item for item in expect if item and item not in text and html.escape(item) not in text]
    if missing:
        raise DeliveryError(
            ErrorClass.TRANSIENT,
            f"GET {url}: stale page, missing {missing[0]!r}",
            f"网站页面尚未显示最新内容（缺少“{missing[0]}”），可能仍是缓存，将自动重试",
        )


def _unreachable(url: str, exc: Exception) -> DeliveryError:
    """Nothing answers at the page's address. When that address is the portal's own, the likely cause is a SITE_URL
    that is not where the site is served (another port or host): the operator is told which setting to fix."""
    if not links.is_ours(url):
        return DeliveryError(
            ErrorClass.TRANSIENT, f"GET {url}: {type(exc).__name__}: {exc}", f"无法访问网站页面 {url}，将自动重试"
        )
    root = links.site_root()
    return DeliveryError(
        ErrorClass.TRANSIENT,
        f"GET {url}: {type(exc).__name__}: {exc} (nothing answers at SITE_URL={root}; is the site served there?)",
        f"无法连接网站地址 {root}（SITE_URL 设置）：请确认网站已启动，且 SITE_URL 是网站实际对外服务的地址"
        f"（例如 make run PORT=… 时的端口）；修正后将自动重试",
    )
