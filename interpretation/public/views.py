"""Reader-facing views outside the page tree: search and the Atom feeds."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import urlencode

from interpretation.models.policy import public_policies
from interpretation.public import cache_control, page_cache
from interpretation.public.context import page_links
from interpretation.public.facets import PolicyFilters, facet_options
from interpretation.public.feeds import interpretations_feed, policies_feed
from interpretation.public.finder import hits_for, run_search

SEARCH_PER_PAGE = 10


def search(request):
    """搜索: every word of the query, title matches first, narrowed by the library's facets."""

    query = request.GET.get("q", "").strip()
    filters = PolicyFilters.from_query(request.GET)
    facets = page_cache.memo(f"search-facets:{filters}", lambda: facet_options(public_policies(), filters))
    context = {"query": query, "filters": filters, "facets": facets}
    if query:
        outcome = run_search(query, filters)
        paginator = Paginator(outcome.page_ids, SEARCH_PER_PAGE)
        current = paginator.get_page(request.GET.get("page"))
        keep = {"q": outcome.query, **filters.as_query()}
        context.update(
            outcome=outcome,
            page_obj=current,
            hits=hits_for(list(current.object_list), outcome.words),
            page_links=page_links(current, keep),
            filter_query=urlencode(keep),
        )
    response = TemplateResponse(request, "interpretation/search_results.html", context)
    return cache_control.for_request(request, response)


def _feed(request, build) -> HttpResponse:
    if page_cache.is_cacheable(request):
        hit = page_cache.load(request)
        if hit is not None:
            return hit
    deps = page_cache.snapshot([page_cache.FEEDS_SCOPE])
    response = HttpResponse(build(request.build_absolute_uri()), content_type="application/atom+xml; charset=utf-8")
    page_cache.store(request, response, [], cache_control.FEED, generations_before=deps)
    return cache_control.for_request(request, response, cache_control.FEED)


def policies_atom(request):
    return _feed(request, policies_feed)


def interpretations_atom(request):
    return _feed(request, interpretations_feed)
