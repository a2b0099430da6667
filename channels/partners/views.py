"""Pull, for partners without a server: a ninjs JSON API with a `since` cursor, and an Atom feed.

Both authenticate with the partner's pull token (Bearer header for the API; `?token=` for the feed, since feed
readers cannot send headers). Releases of proactively disclosed policies, republications (转载) and event phases
(预告, 回顾, 新闻资料 after its embargo) that match the partner's filters appear; the cursor is opaque and keeps a
position in each kind's release ids (channels.partners.pull), so paging is stable while new releases arrive.
"""

from __future__ import annotations

import logging

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cms.foundation import links
from interpretation import bundle_content
from media_templates.common import resolve_style
from media_templates.renderers.atom import render_atom_feed

from . import pull
from .models import PressPartner

logger = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
FEED_SIZE = 30


class PullRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _error(status: int, message: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="partners"'
    response["Cache-Control"] = "no-store"
    return response


def authenticate(token: str) -> PressPartner:
    """The partner owning `token`, allowed to pull now; PullRefused (401 unknown, 403 not allowed) otherwise."""
    if not token:
        raise PullRefused(401, "缺少获取令牌")
    partner = PressPartner.objects.for_pull_token(token)
    if partner is None:
        raise PullRefused(401, "获取令牌无效或已轮换,请联系政务公开办获取新令牌")
    if not partner.active:
        raise PullRefused(403, "该合作媒体已停用")
    if not partner.pull_enabled:
        raise PullRefused(403, "该合作媒体未开通主动获取")
    PressPartner.objects.filter(pk=partner.pk).update(last_pulled_at=timezone.now())
    return partner


def _page_size(value: str | None) -> int:
    if not value:
        return DEFAULT_PAGE_SIZE
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE_SIZE:
        raise PullRefused(400, f"limit 参数应为 1 到 {MAX_PAGE_SIZE} 之间的整数")
    return int(value)


@require_GET
def releases_api(request):
    """GET /partners/api/releases?since=<cursor>&limit=<n>: {"items": [ninjs...], "next": cursor, "has_more"}."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    try:
        if scheme.lower() != "bearer":
            raise PullRefused(401, "请在 Authorization 头中以 Bearer 方式提供获取令牌")
        partner = authenticate(token.strip())
        try:
            after = pull.decode_cursor(request.GET.get("since", ""))
        except pull.BadCursor:
            raise PullRefused(400, "since 参数无效") from None
        size = _page_size(request.GET.get("limit"))
    except PullRefused as refused:
        return _error(refused.status, refused.message)
    entries, positions, has_more = pull.page(partner, after, size)
    items = [entry.ninjs() for entry in entries]
    logger.info("Partner %s pulled %d releases after %s", partner.pk, len(items), after)
    response = JsonResponse(
        {"items": items, "next": pull.encode_cursor(positions), "has_more": has_more},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def atom_feed(request):
    """GET /partners/feed.atom?token=<pull token>: the newest release of each matching item, newest first."""
    try:
        partner = authenticate(request.GET.get("token", "").strip())
    except PullRefused as refused:
        return _error(refused.status, refused.message)
    newest = [entry.content() for entry in pull.newest(partner, FEED_SIZE)]
    feed_url = links.absolute(reverse("partners:feed"))
    style = resolve_style(None, bundle_content.publisher(partner.disclosing_body))  # the partner's body's feed
    xml = render_atom_feed(
        newest,
        feed_id=f"urn:policy-platform:partner-feed:{partner.pk}",
        feed_url=feed_url,
        title=f"{partner.disclosing_body.name} · 政策发布",
        style=style,
    )
    response = HttpResponse(xml, content_type="application/atom+xml; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
