"""Pull, for partners without a server: a ninjs JSON API with a `since` cursor, and an Atom feed.

Both authenticate with the partner's pull token (Bearer header for the API; `?token=` for the feed, since feed
readers cannot send headers). Only releases of proactively disclosed policies that match the partner's filters
appear; the cursor is opaque and follows release ids, so paging is stable while new releases arrive.
"""

from __future__ import annotations

import base64
import binascii
import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from channels.release_content import release_content, released_policy
from interpretation.choices import DisclosureAttribute
from media_templates.renderers.atom import render_atom_feed
from media_templates.renderers.ninjs import render_ninjs

from .content import releases_for
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


def encode_cursor(release_id: int) -> str:
    return base64.urlsafe_b64encode(f"r1:{release_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise PullRefused(400, "since 参数无效") from None
    prefix, _, number = text.partition(":")
    if prefix != "r1" or not number.isdigit():
        raise PullRefused(400, "since 参数无效")
    return int(number)


def _page_size(value: str | None) -> int:
    if not value:
        return DEFAULT_PAGE_SIZE
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE_SIZE:
        raise PullRefused(400, f"limit 参数应为 1 到 {MAX_PAGE_SIZE} 之间的整数")
    return int(value)


def _public_contents(releases):
    """(release, PolicyContent) for each release whose signed revision was itself proactive."""
    for release in releases:
        if released_policy(release).disclosure_attribute == DisclosureAttribute.PROACTIVE:
            yield release, release_content(release)


@require_GET
def releases_api(request):
    """GET /partners/api/releases?since=<cursor>&limit=<n>: {"items": [ninjs...], "next": cursor, "has_more"}."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    try:
        if scheme.lower() != "bearer":
            raise PullRefused(401, "请在 Authorization 头中以 Bearer 方式提供获取令牌")
        partner = authenticate(token.strip())
        after = decode_cursor(request.GET.get("since", ""))
        size = _page_size(request.GET.get("limit"))
    except PullRefused as refused:
        return _error(refused.status, refused.message)
    scanned = list(releases_for(partner).filter(pk__gt=after)[: size + 1])
    has_more = len(scanned) > size
    scanned = scanned[:size]
    items = [render_ninjs(content) for _, content in _public_contents(scanned)]
    last = scanned[-1].pk if scanned else after
    logger.info("Partner %s pulled %d releases after %d", partner.pk, len(items), after)
    response = JsonResponse(
        {"items": items, "next": encode_cursor(last), "has_more": has_more},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def atom_feed(request):
    """GET /partners/feed.atom?token=<pull token>: the newest release of each matching policy, newest first."""
    try:
        partner = authenticate(request.GET.get("token", "").strip())
    except PullRefused as refused:
        return _error(refused.status, refused.message)
    newest, seen = [], set()
    for release, content in _public_contents(releases_for(partner).order_by("-pk")[: FEED_SIZE * 3]):
        if release.policy_id not in seen:
            seen.add(release.policy_id)
            newest.append(content)
        if len(newest) == FEED_SIZE:
            break
    feed_url = f"{settings.SITE_URL}{reverse('partners:feed')}"
    xml = render_atom_feed(newest, feed_id=f"urn:policy-platform:partner-feed:{partner.pk}", feed_url=feed_url)
    response = HttpResponse(xml, content_type="application/atom+xml; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
