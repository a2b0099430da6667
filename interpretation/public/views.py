"""Reader-facing views outside the page tree: search, the Atom feeds and the 公开主体 index.

On a body's own site (DisclosingBody.site) search and feeds cover that body only; on the main portal they
cover every body, and the 发布机构 facet narrows to one.
"""

from __future__ import annotations

import dataclasses

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.http import urlencode

from bodies.models import DisclosingBody
from interpretation.models import BodySectionPage
from interpretation.models.policy import public_policies
from interpretation.public import cache_control, identity, page_cache
from interpretation.public.context import page_links
from interpretation.public.facets import PolicyFilters, cached_facets_and_total
from interpretation.public.feeds import interpretations_feed, policies_feed
from interpretation.public.finder import DOCUMENTS_TYPE, hits_for, result_types, run_search, split_by_type

SEARCH_PER_PAGE = 10


def search(request):
    """搜索: every word of the query, title matches first, narrowed by the library's facets."""

    query = request.GET.get("q", "").strip()
    filters = PolicyFilters.from_query(request.GET)
    own = identity.own_body(request)
    base = public_policies()
    if own is not None:  # the body's own site: its content only, and no 发布机构 to choose
        filters = dataclasses.replace(filters, body=own.slug)
        base = base.filter(disclosing_body=own)
    facets, _total = cached_facets_and_total(base, filters, f"search:{own.pk if own else ''}", by_body=own is None)
    shown = dataclasses.replace(filters, body="") if own is not None else filters
    context = {"query": query, "filters": shown, "facets": facets}
    if query:
        outcome = run_search(query, filters)
        by_type = split_by_type(outcome.page_ids)
        types = dict(result_types())
        chosen = request.GET.get("kind", "")
        chosen = chosen if chosen in types else ""
        shown_ids = by_type.get(chosen, []) if chosen else outcome.page_ids
        paginator = Paginator(shown_ids, SEARCH_PER_PAGE)
        current = paginator.get_page(request.GET.get("page"))
        base_keep = {"q": outcome.query, **shown.as_query()}
        keep = {**base_keep, "kind": chosen} if chosen else base_keep
        tabs = [{"value": "", "label": "全部", "count": outcome.total, "selected": not chosen}]
        tabs += [
            {"value": value, "label": label, "count": len(by_type.get(value, [])), "selected": chosen == value}
            for value, label in types.items()
            if by_type.get(value) or chosen == value
        ]
        for tab in tabs:
            tab["url"] = "?" + urlencode({**base_keep, "kind": tab["value"]} if tab["value"] else base_keep)
        context.update(
            result_type=chosen,
            result_tabs=tabs if chosen or set(by_type) - {DOCUMENTS_TYPE} else [],
            shown_total=len(shown_ids),
            outcome=outcome,
            page_obj=current,
            hits=hits_for(list(current.object_list), outcome.words),
            page_links=page_links(current, keep),
            filter_query=urlencode(keep),
        )
    response = TemplateResponse(request, "interpretation/search_results.html", context)
    return cache_control.for_request(request, response)


ROBOTS = "User-agent: *\nDisallow: /admin/\n"


def robots_txt(request):
    """robots.txt: everything public may be indexed but the admin (a missing file is a 404 in every audit)."""
    return cache_control.apply(HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8"), cache_control.FEED)


def _feed(request, build, body: DisclosingBody | None = None) -> HttpResponse:
    if page_cache.is_cacheable(request):
        hit = page_cache.load(request)
        if hit is not None:
            return hit
    deps = page_cache.snapshot([page_cache.FEEDS_SCOPE])
    body = body or identity.own_body(request)
    response = HttpResponse(
        build(request.build_absolute_uri(), body), content_type="application/atom+xml; charset=utf-8"
    )
    if deps is not None:  # None: the cache did not answer before rendering
        page_cache.store(request, response, [], cache_control.FEED, generations_before=deps)
    return cache_control.for_request(request, response, cache_control.FEED)


def policies_atom(request):
    return _feed(request, policies_feed)


def interpretations_atom(request):
    return _feed(request, interpretations_feed)


def body_policies_atom(request, slug: str):
    """One body's policies, in its name (订阅本机关政策文件)."""
    return _feed(request, policies_feed, get_object_or_404(DisclosingBody, slug=slug))


def body_alias(request, slug: str):
    """/bodies/<slug>/: a short address for a body's column, moved there for good."""
    section = BodySectionPage.objects.live().filter(disclosing_body__slug=slug).first()
    if section is None:
        raise Http404("没有这个公开主体")
    return HttpResponsePermanentRedirect(section.get_url(request))


def bodies_index(request):
    """公开主体: every body with a live column, as the tree of the platform (county, departments, towns)."""

    columns = {s.disclosing_body_id: s for s in BodySectionPage.objects.live().only("url_path", "disclosing_body")}
    counts = dict(public_policies().values_list("disclosing_body_id").annotate(n=Count("pk")).order_by())
    children: dict[int | None, list[dict]] = {}
    for body in DisclosingBody.objects.all():
        column = columns.get(body.pk)
        node = {
            "body": body,
            "url": column.get_url(request) if column is not None else "",
            "count": counts.get(body.pk, 0),
            "children": [],
        }
        children.setdefault(body.parent_id, []).append(node)

    def attach(nodes: list[dict]) -> list[dict]:
        for node in nodes:
            node["children"] = attach(children.get(node["body"].pk, []))
        return nodes

    context = {"tree": attach(children.get(None, []))}
    response = TemplateResponse(request, "interpretation/bodies_index.html", context)
    return cache_control.for_request(request, response)
