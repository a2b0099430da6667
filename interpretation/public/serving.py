"""How a reader's request for a page is answered: from the page cache, else by Wagtail with our context added.

`cached_serve` sits in front of Wagtail's own catch-all with the same URL pattern, so a cache hit costs no
routing and no query. On a miss Wagtail routes and serves as usual; our `on_serve_page` hook, innermost in the
chain (after Wagtail's view-restriction check), adds the reading context (facets, prefetched renditions, the
material list) and marks the request so that `cached_serve` can store the result.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.template.response import TemplateResponse
from django.views.defaults import page_not_found
from wagtail import hooks
from wagtail.views import serve as wagtail_serve

from interpretation.public import cache_control, page_cache
from interpretation.public.context import enrich


def cached_serve(request, path):
    cacheable = page_cache.is_cacheable(request)
    if cacheable:
        hit = page_cache.load(request)
        if hit is not None:
            return hit
    try:
        response = wagtail_serve(request, path)
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


@hooks.register("on_serve_page", order=100)
def serve_with_reading_context(next_serve):
    """Add the public reading context to the page's response; remember what a cache entry would depend on."""

    def inner(page, request, serve_args, serve_kwargs):
        restricted = bool(page.get_view_restrictions())
        deps = None if restricted else page_cache.snapshot([page_cache.page_scope(page.pk)])
        request._public_page = (page, deps)
        response = next_serve(page, request, serve_args, serve_kwargs)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            enrich(page, request, response.context_data)
        return response

    return inner
