"""The one place a public address is made. Every link a channel, feed, e-mail, calendar or image carries (阅读原文,
the poster's QR code, Atom and ninjs links, the website's own confirmation) starts at SITE_URL, so a portal that
moves, or `make run PORT=…`, changes them all at once."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def site_root() -> str:
    """The portal's base address with a trailing slash, e.g. ``https://www.hexian.gov.cn/``."""
    return f"{settings.SITE_URL.rstrip('/')}/"


def absolute(path: str) -> str:
    """An absolute public URL for a site path (``/policies/…``); an absolute URL is returned as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return site_root() + path.lstrip("/")


def is_ours(url: str) -> bool:
    """Whether the URL is on the portal's own host (and port)."""
    return urlsplit(url).netloc == urlsplit(settings.SITE_URL).netloc
