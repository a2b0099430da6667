"""How a reader's request for a page is answered: from the page cache, else by Wagtail with our context added.

`cached_serve` sits in front of Wagtail's own catch-all with the same URL pattern, so a cache hit costs no
routing and no query. On a miss Wagtail routes and serves as usual; our `on_serve_page` hook, innermost in the
chain (after Wagtail's view-restriction check), adds the reading context (facets, prefetched renditions, the
material list) and marks the request so that `cached_serve` can store the result.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.views.defaults import page_not_found
from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve
from wagtail.views import serve_chain

from interpretation.public import cache_control, page_cache
from interpretation.public.context import enrich


def cached_serve(request, path):
    cacheable = page_cache.is_cacheable(request)
    if cacheable:
        hit = page_cache.load(request)
        if hit is not None:
            return hit
    try:
        response = _serve_by_url_path(request, path) or wagtail_serve(request, path)
    except Http404 as exc:
        if settings.DEBUG:
            raise  # Django's technical 404 page
        return cache_control.apply(page_not_found(request, exc), cache_control.ERROR)
    served = getattr(request, "_public_page", None)
    if served is None:
        return response  # not one of our pages (a redirect, a 404, a password form...)
    page, deps = served
    if cacheable and deps is not None:
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        page_cache.store(request, response, [], generations_before=deps)
    return cache_control.for_request(request, response)


def _serve_by_url_path(request, path):
    """Wagtail's serve view for a page found by its url_path in two queries, rather than two per tree level.

    Anything else (a routable page's sub-route, an unknown path, another site) returns None and goes to
    Wagtail's own routing, so behaviour stays Wagtail's; the hooks run exactly as in wagtail.views.serve.
    """
    site = Site.find_for_request(request)
    root = next((r for r in Site.get_site_root_paths() if site is not None and r.site_id == site.pk), None)
    if root is None:
        return None
    page = Page.objects.filter(url_path=root.root_path + path).first()
    if page is None or not page.live:
        return None
    page = page.specific
    try:
        route = page.route(request, [])
    except Http404:
        return None
    request._wagtail_route_for_request = route
    page, args, kwargs = route
    chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)


@hooks.register("on_serve_page", order=100)
def serve_with_reading_context(next_serve):
    """Add the public reading context to the page's response; remember what a cache entry would depend on."""

    def inner(page, request, serve_args, serve_kwargs):
        deps = None if page_cache.is_restricted(page) else page_cache.snapshot([page_cache.page_scope(page.pk)])
        request._public_page = (page, deps)
        response = next_serve(page, request, serve_args, serve_kwargs)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            enrich(page, request, response.context_data)
        return response

    return inner
