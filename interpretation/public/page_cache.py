"""Full-page cache for anonymous readers, invalidated precisely by generation numbers.

An entry is stored under its URL (host, path, allowed query) together with the generations of the scopes it
was built from (`page:<id>` for the page served, `feeds`, and the global `all`). Invalidating a scope writes a
new generation; an entry whose recorded generations differ is stale and is rebuilt. A hit costs two cache
reads and no database query, before Wagtail routes anything.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response

from interpretation.public import cache_control
from interpretation.public.facets import FACET_PARAMS, MAX_PARAM_LENGTH

#: Query parameters that select a different page of content; any other parameter bypasses the cache.
ALLOWED_PARAMS = frozenset({*FACET_PARAMS, "page"})
GLOBAL_SCOPE = "all"
FEEDS_SCOPE = "feeds"
RESTRICTED_KEY = "public:restricted-paths"


def _cache():
    return caches[getattr(settings, "PUBLIC_PAGE_CACHE", "default")]


def _timeout() -> int:
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 24 * 3600)


def page_scope(page_id: int) -> str:
    return f"page:{page_id}"


def _generation_key(scope: str) -> str:
    return f"public:gen:{scope}"


def is_cacheable(request) -> bool:
    """Anonymous GET or HEAD with no query but the library's facets and page number."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
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
    entry = _cache().get(entry_key(request))
    if entry is None:
        return None
    if generations(entry["deps"]) != entry["deps"]:
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


def snapshot(scopes) -> dict[str, str]:
    """Generations to record before rendering, so a publish that lands mid-render leaves the entry stale."""
    return generations([GLOBAL_SCOPE, *scopes])


def memo(name: str, build, scopes=(FEEDS_SCOPE,)):
    """A value computed once per generation of `scopes` (FEEDS_SCOPE changes with every page published)."""
    key = "public:memo:" + hashlib.sha1(name.encode("utf-8")).hexdigest()
    entry = _cache().get(key)
    if entry is not None and generations(entry["deps"]) == entry["deps"]:
        return entry["value"]
    deps = snapshot(scopes)
    value = build()
    _cache().set(key, {"deps": deps, "value": value}, _timeout())
    return value


def is_restricted(page) -> bool:
    """Whether a view restriction (password, login, groups) covers the page: such pages are never stored.

    The restricted paths are kept in the cache and dropped whenever a restriction changes (receivers).
    """
    paths = _cache().get(RESTRICTED_KEY)
    if paths is None:
        from wagtail.models import PageViewRestriction

        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        _cache().set(RESTRICTED_KEY, paths, _timeout())
    return any(page.path.startswith(path) for path in paths)


def forget_restrictions() -> None:
    _cache().delete(RESTRICTED_KEY)


def invalidate(*scopes: str) -> None:
    if scopes:
        _cache().set_many({_generation_key(scope): uuid.uuid4().hex for scope in scopes}, None)


def invalidate_everything() -> None:
    invalidate(GLOBAL_SCOPE)
