"""Whose site a reader is on: the body whose name, logo and contact the header and footer wear.

The main portal wears the platform body's identity (the county government); a body with its own Wagtail site
(DisclosingBody.site, rooted at its column) wears its own, and that site's search and feeds are limited to it.
An installation without any body falls back to the site setting SiteIdentity.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Site

from bodies.models import DisclosingBody
from cms.models import SiteIdentity

FALLBACK_NAME = "政府网站"


@dataclass(frozen=True)
class Identity:
    name: str
    short_name: str
    body: DisclosingBody | None = None
    #: The request's site is the body's own: only its content is shown there.
    own_site: bool = False

    @property
    def own_body(self) -> DisclosingBody | None:
        return self.body if self.own_site else None

    @property
    def library_url(self) -> str:
        """政策文件 in the navigation: the site's root on a body's own site (its column), else empty."""
        return "/" if self.own_site else ""


def for_site(site) -> Identity:
    body = DisclosingBody.objects.select_related("logo").filter(site=site).first() if site is not None else None
    own = body is not None
    if body is None:
        body = DisclosingBody.objects.select_related("logo").roots().order_by("sort_order", "pk").first()
    if body is not None:
        return Identity(name=body.name, short_name=body.short_name or body.name, body=body, own_site=own)
    name = SiteIdentity.for_site(site).site_name if site is not None else FALLBACK_NAME
    return Identity(name=name, short_name=name)


def for_request(request) -> Identity:
    """The request's identity, looked up once per request."""
    if request is None:
        return for_site(Site.objects.filter(is_default_site=True).first())
    found = getattr(request, "_site_identity", None)
    if found is None:
        found = for_site(Site.find_for_request(request))
        request._site_identity = found
    return found


def own_body(request) -> DisclosingBody | None:
    """The body whose own site this request is on, or None on the main portal."""
    return for_request(request).own_body
