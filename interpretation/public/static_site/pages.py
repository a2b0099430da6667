"""Which public paths a change touches, per site, and every path a site's whole tree holds.

A page that changes is written with every page that shows it (interpretation.public.invalidation's set: its
ancestors' lists, the home page, its materials and siblings, the policies it supersedes), on every site whose root
holds it, with each site's feeds and 公开主体 index. Pages that change without a release are dynamic and never
written: events (live text, public questions, their state changes by the hour), search, forms, the admin.

The list is extensible: `@provides(SomePage)` registers sub-paths of a page type (a routable page's lists, such as
the 依申请公开目录 at catalog/ and its compiled editions at catalog/2026-q4/), and `@site_paths` paths of a whole
site (feeds).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from bodies.models import DisclosingBody
from interpretation.disclosure_requests.models import CatalogueEdition
from interpretation.models import BodySectionPage, PolicyLibraryPage
from interpretation.public.invalidation import related_page_ids
from interpretation.visibility import publicly_visible_pages

#: Page types served by the application only ("app_label.model"): what they show changes without a release.
DYNAMIC_PAGE_TYPES = frozenset({"events.eventpage", "events.eventindexpage"})

PageProvider = Callable[[Page], Iterable[str]]
SiteProvider = Callable[[Site, "list[DisclosingBody] | None"], Iterable[str]]
_PAGE_PROVIDERS: list[tuple[tuple[type[Page], ...], PageProvider, bool]] = []
_SITE_PROVIDERS: list[SiteProvider] = []


def provides(*page_types: type[Page], frozen: bool = False) -> Callable[[PageProvider], PageProvider]:
    """Register sub-paths (relative to the page's own path, e.g. "catalog/") written beside pages of these types.

    Frozen sub-paths (a compiled 依申请公开目录 edition) do not change with the pages listed below: a full build and
    a change of the page itself write them, and whoever changes them rewrites them (publish.refresh_routes).
    """

    def register(provider: PageProvider) -> PageProvider:
        _PAGE_PROVIDERS.append((page_types, provider, frozen))
        return provider

    return register


def site_paths(provider: SiteProvider) -> SiteProvider:
    """Register paths of a whole site; the provider gets the bodies a change concerns (None: every body)."""
    _SITE_PROVIDERS.append(provider)
    return provider


@provides(PolicyLibraryPage, BodySectionPage)
def _on_request_catalogue(page: Page) -> Iterable[str]:
    yield "catalog/"  # 依申请公开目录: changes with every on-request policy released below


@provides(BodySectionPage, frozen=True)
def _catalogue_editions(page: Page) -> Iterable[str]:
    """The body's compiled 依申请公开目录 editions (disclosure_requests.catalogue rewrites them when compiled)."""
    editions = CatalogueEdition.objects.filter(disclosing_body_id=page.disclosing_body_id)
    for key in editions.values_list("key", flat=True):
        yield f"catalog/{key}/"


@site_paths
def _feeds_and_bodies(site: Site, bodies: list[DisclosingBody] | None) -> Iterable[str]:
    yield from ("/feeds/policies.atom", "/feeds/interpretations.atom", "/bodies/")
    for body in DisclosingBody.objects.all() if bodies is None else bodies:
        yield f"/feeds/bodies/{body.slug}/policies.atom"


@site_paths
def _robots(site: Site, bodies: list[DisclosingBody] | None) -> Iterable[str]:
    if bodies is None:  # never changes with a release: written by a full build
        yield "/robots.txt"


@dataclass(frozen=True)
class SiteRoot:
    site: Site
    root_path: str  # the root page's url_path, e.g. "/home/"
    root_page_path: str  # the root page's treebeard path


def site_roots() -> list[SiteRoot]:
    roots = []
    for site in Site.objects.select_related("root_page").order_by("-is_default_site", "pk"):
        roots.append(SiteRoot(site, site.root_page.url_path, site.root_page.path))
    return roots


def is_dynamic(page_type: type[Page]) -> bool:
    return page_type._meta.label_lower in DYNAMIC_PAGE_TYPES


def _subpaths(page: Page, frozen: bool = True) -> list[str]:
    return [
        sub
        for types, provider, is_frozen in _PAGE_PROVIDERS
        if isinstance(page, types) and (frozen or not is_frozen)
        for sub in provider(page)
    ]


def _relative(root: SiteRoot, url_path: str) -> str | None:
    return "/" + url_path[len(root.root_path) :] if url_path.startswith(root.root_path) else None


#: path -> the page it shows (checked for public visibility before writing), or None for a site path (a feed).
Paths = dict[str, Page | None]


def paths_for(page: Page) -> dict[Site, Paths]:
    """Every path, on every site, that a change of `page` (release, update, withdrawal) rewrites or removes."""
    related = Page.objects.filter(pk__in=related_page_ids(page)).specific()
    body_id = getattr(page.specific, "disclosing_body_id", None)
    bodies = list(DisclosingBody.objects.filter(pk=body_id)) if body_id else []
    found: dict[Site, Paths] = {}
    for root in site_roots():
        if not page.path.startswith(root.root_page_path):
            continue
        paths: Paths = {}
        for shown in related:
            relative = _relative(root, shown.url_path)
            if relative is None or is_dynamic(type(shown)) or shown.depth < root.site.root_page.depth:
                continue
            paths[relative] = shown
            for sub in _subpaths(shown, frozen=shown.pk == page.pk):
                paths[relative + sub] = shown
        for provider in _SITE_PROVIDERS:
            paths.update(dict.fromkeys(provider(root.site, bodies)))
        found[root.site] = paths
    return found


def routes_for(page: Page) -> dict[Site, Paths]:
    """The page's own sub-paths (its catalogues) on every site that holds it: what changes without the page."""
    page = page.specific
    found: dict[Site, Paths] = {}
    for root in site_roots():
        relative = _relative(root, page.url_path)
        if relative is None or not page.path.startswith(root.root_page_path):
            continue
        found[root.site] = {relative + sub: page for sub in _subpaths(page)}
    return found


def all_paths(site: Site) -> Paths:
    """Every path of the site's whole tree: its public pages (not the dynamic ones) and the site's own paths."""
    root = next(r for r in site_roots() if r.site.pk == site.pk)
    dynamic = [ct.pk for ct in ContentType.objects.all() if f"{ct.app_label}.{ct.model}" in DYNAMIC_PAGE_TYPES]
    rows = (
        publicly_visible_pages()
        .filter(path__startswith=root.root_page_path)
        .exclude(content_type_id__in=dynamic)
        .order_by("path")
    )
    paths: Paths = {}
    routed = tuple(t for types, _provider, _frozen in _PAGE_PROVIDERS for t in types)
    for shown in rows.defer_streamfields().iterator(chunk_size=2000):
        relative = _relative(root, shown.url_path)
        if relative is None:
            continue
        paths[relative] = shown
    for shown in rows.type(*routed).specific():
        relative = _relative(root, shown.url_path)
        if relative is not None:
            paths.update({relative + sub: shown for sub in _subpaths(shown)})
    for provider in _SITE_PROVIDERS:
        paths.update(dict.fromkeys(provider(site, None)))
    return paths
