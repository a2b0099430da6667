"""The reading context each public page type needs, fetched in as few queries as the page allows.

The page models keep their own get_context; these additions (facets, pagination, prefetched renditions, the
policy of a material) belong to the public site and are added by the serving hook.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils.http import urlencode
from wagtail.images import get_image_model
from wagtail.models import Page

from bodies.models import DisclosingBody
from cms.models import HomePage
from interpretation.models import (
    BodySectionPage,
    DepartmentSectionPage,
    GraphicMaterialPage,
    MaterialPage,
    PolicyDocumentPage,
    PolicyLibraryPage,
    QAMaterialPage,
)
from interpretation.models.policy import public_policies
from interpretation.public import facets, identity, page_cache
from interpretation.public.facets import PolicyFilters
from interpretation.public.library_search import MATCH_LIMIT, LibraryQuery, cached_matching_ids

PER_PAGE = 20
#: The rendition filters the graphic template asks for; prefetched so that the page costs one query for them.
GRAPHIC_RENDITIONS = ("width-480", "width-960")


def enrich(page, request, context) -> None:

    context["enriched"] = True
    crumbs = breadcrumbs(page)
    context["nav_library_url"] = library_url(crumbs)
    site = identity.for_request(request)
    # The trail starts below the site's root: the home page, or a body's column on its own site.
    own = site.own_body
    root_depth = own.section.depth if own is not None and hasattr(own, "section") else 2
    context["breadcrumbs"] = [crumb for crumb in crumbs if crumb.depth > root_depth]
    if isinstance(page, PolicyDocumentPage):
        policy_context(page, context)
    elif isinstance(page, MaterialPage):
        material_context(page, context)
    elif isinstance(page, PolicyLibraryPage):
        if "entries" in context:  # the on-request catalog route
            context["entries"] = context["entries"].select_related("topic")
        else:
            listing_context(request, context, public_policies().descendant_of(page), key=f"page:{page.pk}")
    elif isinstance(page, BodySectionPage):
        body_context(page, context)
        if "entries" in context:
            context["entries"] = context["entries"].select_related("topic")
        elif "edition" not in context and "report" not in context:  # a catalogue edition, an annual report
            mine = public_policies().filter(disclosing_body_id=page.disclosing_body_id)
            listing_context(request, context, mine, by_body=False, key=f"page:{page.pk}")
    elif isinstance(page, DepartmentSectionPage):
        listing_context(request, context, public_policies().child_of(page), by_body=False, key=f"page:{page.pk}")
    elif isinstance(page, HomePage):
        context["breadcrumbs"] = []


def breadcrumbs(page) -> list:
    """Ancestors below the root, for the 当前位置 trail (one query)."""
    fields = ("title", "url_path", "depth", "path", "content_type_id")
    return list(Page.objects.ancestor_of(page).filter(depth__gt=1).only(*fields))


def library_url(crumbs=()) -> str:
    """The library's address for the navigation: from the trail when it passes through it, else one query."""
    from django.contrib.contenttypes.models import ContentType

    library_type = ContentType.objects.get_for_model(PolicyLibraryPage).pk
    library = next((c for c in crumbs if c.content_type_id == library_type), None)
    if library is None:
        library = PolicyLibraryPage.objects.live().only("url_path").first()
    return library.url if library is not None else "/"


def body_context(page, context) -> None:
    """A body's column: the body with its logo (name, contact and guide on the page)."""
    context["body"] = DisclosingBody.objects.select_related("logo").get(pk=page.disclosing_body_id)


def policy_context(page, context) -> None:

    related = (
        PolicyDocumentPage.objects.select_related("topic", "drafting_department", "superseded_by")
        .only(
            "topic__name",
            "drafting_department__name",
            "superseded_by__title",
            "superseded_by__url_path",
            "superseded_by__live",
            "superseded_by__disclosure_attribute",
        )
        .get(pk=page.pk)
    )
    page.topic, page.drafting_department, page.superseded_by = (
        related.topic,
        related.drafting_department,
        related.superseded_by,
    )
    # Both ways, public policies only: the newer one this page defers to, the older ones it amends or repeals.
    context["successor"] = page.successor_link()
    context["replaced"] = page.replaced_links()
    context["attachments"] = list(page.attachments.select_related("document"))
    context["materials"] = list(MaterialPage.objects.child_of(page).live().order_by("path"))


def material_context(page, context) -> None:

    # MaterialPage.serve has just looked the policy up through get_parent(), which treebeard caches.
    policy = page.get_parent().specific
    context["policy"] = policy
    context["siblings"] = list(MaterialPage.objects.child_of(policy).live().exclude(pk=page.pk).order_by("path"))
    if isinstance(page, GraphicMaterialPage):
        images = get_image_model().objects.prefetch_renditions(*GRAPHIC_RENDITIONS)
        context["images"] = list(page.images.prefetch_related(Prefetch("image", queryset=images)))
        context["key_points"] = list(page.key_points.all())
    elif isinstance(page, QAMaterialPage):
        context["qa_pairs"] = list(page.qa_pairs.all())


def listing_context(request, context, base, *, by_body: bool = True, key: str) -> None:
    """The policies of `base` narrowed by the facets in the query string, 20 a page, each with its body.

    `by_body=False` where one body's policies are listed (its column, a department's section). The facet
    combinations of `base` (named by `key`) are kept until the next release: every other facet selection a
    reader clicks is counted from them without asking the database again.

    A keyword or 文号 (library_search) narrows `base` to its matches first, so that the facets count within them."""

    filters = PolicyFilters.from_query(request.GET)
    if not by_body:
        filters = dataclasses.replace(filters, body="")
    words = LibraryQuery.from_query(request.GET)
    truncated = False
    if words.active:
        matched = cached_matching_ids(base, words, key)
        truncated = len(matched) >= MATCH_LIMIT
        base = base.filter(pk__in=matched)
        selection = urlencode(sorted(filters.as_query().items()))
        facet_list, count = page_cache.memo(
            f"library-facets:{key}:{int(by_body)}:{words.q}\x00{words.number}:{selection}",
            lambda: facets.facets_and_total(base, filters, by_body=by_body),
        )
    else:
        facet_list, count = facets.cached_facets_and_total(base, filters, key, by_body=by_body)
    policies = (
        filters.apply(base)
        .select_related("topic", "disclosing_body")
        .order_by("-date_published", "-first_published_at", "-pk")
    )
    paginator = Paginator(policies, PER_PAGE)
    paginator.count = count
    current = paginator.get_page(request.GET.get("page"))
    query = {**words.as_query(), **filters.as_query()}
    context.update(
        library_query=words,
        library_truncated=truncated,
        filters=filters,
        facets=facet_list,
        page_obj=current,
        results=list(current.object_list),
        result_count=paginator.count,
        filter_query=urlencode(query),
        page_links=page_links(current, query),
    )


def page_links(current, query: dict) -> list[dict]:
    """Numbered links around the current page, each keeping the selected facets."""
    paginator = current.paginator
    numbers = sorted({1, paginator.num_pages, *range(current.number - 2, current.number + 3)})
    links: list[dict[str, Any]] = []
    previous = 0
    for number in numbers:
        if number < 1 or number > paginator.num_pages:
            continue
        if number - previous > 1:
            links.append({"gap": True})
        links.append(
            {"number": number, "url": "?" + urlencode({**query, "page": number}), "current": number == current.number}
        )
        previous = number
    return links
