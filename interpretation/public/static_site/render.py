"""A public path rendered exactly as an anonymous reader gets it: through the application's own middleware and
URLs, in this process, with no session and no cookies. What comes back is written out only when it is pure: a
static file is served to everyone, so a page carrying anything per request (a CSRF token, a CSP nonce, a cookie,
a private Cache-Control) stays with the application.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.urls import set_urlconf
from wagtail.models import Site

from interpretation.public import page_cache

#: Set on the environ of our own renders: the static-site middleware must not answer them from the tree.
RENDERING = "static_site.rendering"
#: Response headers that protect a page wherever it is served: the tree's server sends them too (nginx include).
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Strict-Transport-Security",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
)


@dataclass
class Rendered:
    path: str
    status: int
    body: bytes = b""
    content_type: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    impure: str = ""  # why the page may not be written, when it may not

    @property
    def writable(self) -> bool:
        return self.status == 200 and not self.impure


class _Handler(BaseHandler):
    def __init__(self) -> None:
        super().__init__()
        self.load_middleware()


_handler: tuple[tuple[str, ...], _Handler] | None = None


def _get_handler() -> _Handler:
    """One handler per process, rebuilt when the middleware setting changes (a test's override)."""
    global _handler
    key = tuple(settings.MIDDLEWARE)
    if _handler is None or _handler[0] != key:
        _handler = (key, _Handler())
    return _handler[1]


def host_for(site: Site) -> tuple[str, str]:
    """(scheme, Host header) a reader uses for the site. The default site answers at SITE_URL, the portal's public
    address (its own hostname is often Wagtail's `localhost`); another site at its hostname and port."""
    public = urlsplit(settings.SITE_URL)
    if site.is_default_site:
        return public.scheme or "http", public.netloc
    scheme = "https" if site.port == 443 or (public.scheme == "https" and site.port != 80) else "http"
    default_port = 443 if scheme == "https" else 80
    host = site.hostname if site.port in (default_port, 80, 443) else f"{site.hostname}:{site.port}"
    return scheme, host


def request_for(site: Site, path: str) -> WSGIRequest:
    scheme, host = host_for(site)
    name, _, port = host.partition(":")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": name,
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "HTTP_USER_AGENT": "static-site",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        RENDERING: True,
        page_cache.BYPASS: True,
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header and scheme == "https":
        environ[proxy_header[0]] = proxy_header[1]
    return WSGIRequest(environ)


def render(site: Site, path: str) -> Rendered:
    """The response an anonymous reader of `site` gets for `path`, and whether it may be written out."""
    set_urlconf(settings.ROOT_URLCONF)
    response = _get_handler().get_response(request_for(site, path))
    if not isinstance(response, HttpResponse):  # a streamed file: not a page
        return Rendered(path, response.status_code, impure="streamed response")
    body = response.content
    headers = {name: response[name] for name in SECURITY_HEADERS if name in response}
    rendered = Rendered(path, response.status_code, body, response.get("Content-Type", ""), headers)
    rendered.impure = impurity(response, body)
    return rendered


def impurity(response, body: bytes) -> str:
    """Why this response may not be shared by every reader ("" when it may)."""
    if response.cookies or response.has_header("Set-Cookie"):
        return "sets a cookie"
    if b"csrfmiddlewaretoken" in body:
        return "carries a CSRF token"
    if b"nonce=" in body or "'nonce-" in response.get("Content-Security-Policy", ""):
        return "carries a CSP nonce"
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return "private to its reader"
    if response.get("Content-Encoding"):
        return "encoded"
    return ""
