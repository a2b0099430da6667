"""`make run` answers from the static tree as nginx does in production, so development behaves the same.

Anonymous GET and HEAD without a query string, for a file the tree holds, are answered here with the headers the
application would send (Cache-Control by kind, the security headers recorded in sites.json) and the gzip copy when
the reader accepts it. Everything else goes on to the application: logged-in editors and anyone with a session
(their pages are private), previews (admin URLs, never in the tree), queries (search, list pages beyond the first),
and any path not yet written.
"""

from __future__ import annotations

import mimetypes
import time
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from interpretation.public import cache_control
from interpretation.public.static_site import publish, render, tree

#: Served in the tree's answers so that a reader (and the website channel's check) can tell where a page came from.
SOURCE_HEADER = "X-Static-Site"
TYPES = {".html": "text/html; charset=utf-8", ".atom": "application/atom+xml; charset=utf-8"}
_SITES_TTL = 2.0


class StaticSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._sites: tuple[float, Path, dict] = (0.0, Path(), {})

    def __call__(self, request):
        return self.from_tree(request) or self.get_response(request)

    def _known_sites(self) -> dict:
        loaded_at, root, sites = self._sites
        if time.monotonic() - loaded_at > _SITES_TTL or root != tree.root():
            sites = publish.sites_file()
            self._sites = (time.monotonic(), tree.root(), sites)
        return sites

    def from_tree(self, request) -> HttpResponse | None:
        meta = request.META
        if request.method not in ("GET", "HEAD") or meta.get("QUERY_STRING") or meta.get(render.RENDERING):
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in meta:
            return None
        sites = self._known_sites()
        if not sites:
            return None
        host = meta.get("HTTP_HOST", "").lower()
        folder_name = sites["hosts"].get(host) or sites["hosts"].get(host.partition(":")[0]) or sites["default"]
        relative = tree.relative_file(request.path_info)
        if not folder_name or relative is None:
            return None
        target = tree.root() / folder_name / relative
        try:
            stat = target.stat()
        except (OSError, ValueError):  # missing, not a folder, a name too long, an embedded NUL
            return None
        if not target.is_file():
            return None
        return self._answer(request, target, stat, sites["headers"].get(folder_name, {}))

    @staticmethod
    def _answer(request, target: Path, stat, headers: dict[str, str]) -> HttpResponse:
        content_type = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        served = target
        compressed = target.with_name(target.name + tree.GZIP_SUFFIX)
        gzip_ok = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        if gzip_ok and compressed.is_file():
            served = compressed
        body = served.read_bytes()
        response = HttpResponse(b"" if request.method == "HEAD" else body, content_type=content_type)
        response["Content-Length"] = str(len(body))
        if served is compressed:
            response["Content-Encoding"] = "gzip"
        response["ETag"] = etag
        response["Last-Modified"] = http_date(stat.st_mtime)
        response[SOURCE_HEADER] = "hit"
        for name, value in headers.items():
            response[name] = value
        policy = cache_control.PAGE if content_type.startswith("text/html") else cache_control.FEED
        cache_control.apply(response, policy)
        return get_conditional_response(request, etag=etag, response=response) or response
