"""Full-page cache for anonymous readers, invalidated precisely by generation numbers.

An entry is stored under its URL (host, path, allowed query) together with the generations of the scopes it
was built from (`page:<id>` for the page served, `feeds`, and the global `all`). Invalidating a scope writes a
new generation; an entry whose recorded generations differ is stale and is rebuilt. A hit costs two cache
reads and no database query, before Wagtail routes anything.

The cache is a convenience, never a condition: when it does not answer (Redis down), readers get freshly rendered
pages and a release commits all the same. An invalidation that could not be written is kept in the database
(cms.models.MissedCacheInvalidation, in the release's transaction) and replayed as soon as the cache answers: each
web process looks for such rows at most once a second before serving from the cache, and serves nothing from it
while they cannot be replayed; the scheduler replays them too.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from cms.models import MissedCacheInvalidation
from interpretation.public import cache_control
from interpretation.public.facets import FACET_PARAMS, MAX_PARAM_LENGTH

logger = logging.getLogger(__name__)


class CacheResting(Exception):
    """The cache failed moments ago: this process leaves it alone for PAGE_CACHE_DOWN_SECONDS rather than have
    every reader and every release wait for its timeout again."""


#: What a cache that does not answer raises: Redis (through django-redis), a file cache's folder, or the rest above.
CACHE_DOWN = (RedisError, ConnectionInterrupted, OSError, CacheResting)
#: After a failure, how long this process goes without the cache (settings.PAGE_CACHE_DOWN_SECONDS overrides).
DOWN_SECONDS = 5.0
_down_until = float("-inf")
#: How often a web process looks for invalidations missed during an outage before serving from the cache (one
#: cheap query; settings.PAGE_CACHE_REPLAY_CHECK_SECONDS overrides).
REPLAY_CHECK_SECONDS = 1.0
#: Pseudo-scope of a missed `forget_restrictions`.
RESTRICTIONS_SCOPE = "restrictions"
_replay_checked_at = float("-inf")

#: Query parameters that select a different page of content; any other parameter bypasses the cache.
ALLOWED_PARAMS = frozenset({*FACET_PARAMS, "page"})
GLOBAL_SCOPE = "all"
FEEDS_SCOPE = "feeds"
RESTRICTED_KEY = "public:restricted-paths"
#: Set on the environ of a request rendered for the static tree (interpretation.public.static_site.render): it is
#: rendered afresh and not stored, so that a full rebuild of every page does not fill the cache with them.
BYPASS = "public.page_cache.bypass"


def _cache():
    if time.monotonic() < _down_until:
        raise CacheResting
    return caches[getattr(settings, "PUBLIC_PAGE_CACHE", "pages")]


def _down(action: str, exc: Exception) -> None:
    global _down_until
    if isinstance(exc, CacheResting):
        return
    logger.warning("page cache unavailable (%s: %s: %s); going on without it", action, type(exc).__name__, exc)
    _down_until = time.monotonic() + getattr(settings, "PAGE_CACHE_DOWN_SECONDS", DOWN_SECONDS)


def _timeout() -> int:
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 24 * 3600)


def page_scope(page_id: int) -> str:
    return f"page:{page_id}"


def _generation_key(scope: str) -> str:
    return f"public:gen:{scope}"


def is_cacheable(request) -> bool:
    """Anonymous GET or HEAD with no query but the library's facets and page number."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META or BYPASS in request.META:
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    for name, values in request.GET.lists():
        if name not in ALLOWED_PARAMS or len(values) > 1 or len(values[0]) > MAX_PARAM_LENGTH:
            return False
    return True


def entry_key(request) -> str:
    query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.items()) if v)
    # A page names its stylesheet and script by their hashed names: a release that changes them (a new static
    # manifest) must not serve pages cached before it, which name files a cleared static folder no longer holds.
    static = getattr(staticfiles_storage, "manifest_hash", "")
    raw = f"{static}|{request.get_host()}|{request.path}|{query}"
    return "public:page:" + hashlib.sha1(raw.encode("utf-8")).hexdigest()


def generations(scopes) -> dict[str, str]:
    keys = {_generation_key(scope): scope for scope in scopes}
    found = _cache().get_many(list(keys))
    return {scope: found.get(key, "0") for key, scope in keys.items()}


def load(request):
    """The cached response for this request, a 304 when the reader's copy is current, or None."""
    if not _caught_up():
        return None
    try:
        entry = _cache().get(entry_key(request))
        if entry is None or generations(entry["deps"]) != entry["deps"]:
            return None
    except CACHE_DOWN as exc:
        _down("load", exc)
        return None
    response = HttpResponse(entry["body"], content_type=entry["content_type"], status=200)
    response["ETag"] = entry["etag"]
    response["X-Page-Cache"] = "hit"
    cache_control.apply(response, entry["policy"])
    return get_conditional_response(request, etag=entry["etag"], response=response)


def store(request, response, scopes, policy: str = cache_control.PAGE, generations_before=None) -> None:
    """Keep a rendered 200 response; `generations_before` guards against an invalidation during rendering."""
    if response.status_code != 200 or response.streaming or response.cookies or response.has_header("Set-Cookie"):
        return
    try:
        _store(request, response, scopes, policy, generations_before)
    except CACHE_DOWN as exc:
        _down("store", exc)


def _store(request, response, scopes, policy: str, generations_before) -> None:
    deps = generations_before or generations([GLOBAL_SCOPE, *scopes])
    body = response.content
    etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
    entry = {
        "deps": deps,
        "body": body,
        "content_type": response["Content-Type"],
        "etag": etag,
        "policy": policy,
    }
    _cache().set(entry_key(request), entry, _timeout())
    response["ETag"] = etag
    response["X-Page-Cache"] = "miss"


def snapshot(scopes) -> dict[str, str] | None:
    """Generations to record before rendering, so a publish that lands mid-render leaves the entry stale; None
    when the cache does not answer (store then stores nothing)."""
    try:
        return generations([GLOBAL_SCOPE, *scopes])
    except CACHE_DOWN as exc:
        _down("snapshot", exc)
        return None


def memo(name: str, build, scopes=(FEEDS_SCOPE,)):
    """A value computed once per generation of `scopes` (FEEDS_SCOPE changes with every page published)."""
    key = "public:memo:" + hashlib.sha1(name.encode("utf-8")).hexdigest()
    try:
        entry = _cache().get(key) if _caught_up() else None
        if entry is not None and generations(entry["deps"]) == entry["deps"]:
            return entry["value"]
        deps = generations([GLOBAL_SCOPE, *scopes])
    except CACHE_DOWN as exc:
        _down("memo", exc)
        return build()
    value = build()
    try:
        _cache().set(key, {"deps": deps, "value": value}, _timeout())
    except CACHE_DOWN as exc:
        _down("memo", exc)
    return value


def is_restricted(page) -> bool:
    """Whether a view restriction (password, login, groups) covers the page: such pages are never stored.

    The restricted paths are kept in the cache and dropped whenever a restriction changes (receivers).
    """
    try:
        paths = _cache().get(RESTRICTED_KEY) if _caught_up() else None
    except CACHE_DOWN as exc:
        _down("restrictions", exc)
        paths = None
    if paths is None:
        from wagtail.models import PageViewRestriction

        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        try:
            _cache().set(RESTRICTED_KEY, paths, _timeout())
        except CACHE_DOWN as exc:
            _down("restrictions", exc)
    return any(page.path.startswith(path) for path in paths)


def forget_restrictions() -> None:
    invalidate(RESTRICTIONS_SCOPE)


def _write(scopes) -> None:
    if RESTRICTIONS_SCOPE in scopes:
        _cache().delete(RESTRICTED_KEY)
    generations = {_generation_key(scope): uuid.uuid4().hex for scope in scopes if scope != RESTRICTIONS_SCOPE}
    if generations:
        _cache().set_many(generations, None)


def invalidate(*scopes: str) -> None:
    """New generations for `scopes`; kept in the database for replay when the cache does not answer."""
    if not scopes:
        return
    try:
        _write(scopes)
    except CACHE_DOWN as exc:
        _down("invalidate", exc)
        MissedCacheInvalidation.objects.create(scopes=sorted(set(scopes)))
        _forget_replay_check()


def replay_missed() -> int:
    """Write the invalidations an outage held back; the number replayed, or -1 while the cache is still down."""
    rows = list(MissedCacheInvalidation.objects.order_by("pk")[:1000])
    if not rows:
        return 0
    scopes = sorted({scope for row in rows for scope in row.scopes})
    try:
        _write(scopes)
    except CACHE_DOWN as exc:
        _down("replay", exc)
        return -1
    MissedCacheInvalidation.objects.filter(pk__lte=rows[-1].pk).delete()
    logger.info("replayed %s missed page cache invalidations (%s scopes)", len(rows), len(scopes))
    return len(rows)


def _forget_replay_check() -> None:
    global _replay_checked_at
    _replay_checked_at = float("-inf")


def _caught_up() -> bool:
    """False while invalidations missed during an outage wait to be replayed: the cache may hold old pages."""
    global _replay_checked_at
    now = time.monotonic()
    if now - _replay_checked_at < getattr(settings, "PAGE_CACHE_REPLAY_CHECK_SECONDS", REPLAY_CHECK_SECONDS):
        return True
    try:
        pending = MissedCacheInvalidation.objects.exists()
    except DatabaseError:  # the database is down: what the cache holds is all there is to serve
        return True
    if pending and replay_missed() < 0:
        return False
    _replay_checked_at = now
    return True


def invalidate_everything() -> None:
    invalidate(GLOBAL_SCOPE)
