"""Public search: only what a reader may see, matched on the segmented index, with title matches ranked first."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.db import connection
from django.utils.html import escape
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from interpretation.choices import SUPERSEDED_VALIDITY
from interpretation.models import MaterialPage, PolicyDocumentPage
from interpretation.models.policy import public_policies
from interpretation.public.facets import PolicyFilters
from interpretation.public.search import SegmentedSearchMixin, build_query, highlight, query_words, tsquery_text

#: Candidates taken from the index; a reader narrows with filters rather than paging past this.
RESULT_LIMIT = 200
TITLE_TIER_LIMIT = 50
#: How many ranked matches are checked for visibility at a time.
VISIBILITY_SLICE = 250
MAX_QUERY_LENGTH = 60
#: The result type of policies and their interpretation materials; each other searchable type is its own.
DOCUMENTS_TYPE = "documents"


@dataclass
class Hit:
    page: Page
    kind_label: str
    title_html: str
    snippet: str
    policy: Page | None = None


@dataclass
class Outcome:
    query: str
    words: list[str] = field(default_factory=list)
    page_ids: list[int] = field(default_factory=list)
    matched_all: bool = True
    truncated: bool = False

    @property
    def total(self) -> int:
        return len(self.page_ids)


def visible_among(ids, filters: PolicyFilters) -> set[int]:
    """Which of these pages a reader may find: proactive live policies within the filters, their live
    materials, and live public pages of other types that adopted the mixin (of the selected body, when one is,
    and only when they understand the other filters).

    Asked of a few hundred candidates at a time, which keeps it a handful of indexed queries at any size.
    """

    ids = set(ids)
    if not ids:
        return set()
    policies = filters.apply(public_policies())
    visible = set(policies.filter(pk__in=ids).values_list("pk", flat=True))
    if not ids - visible:
        return visible
    materials = list(MaterialPage.objects.live().public().filter(pk__in=ids - visible).values_list("pk", "path"))
    parents = {path[: -Page.steplen] for _pk, path in materials}
    shown = set(policies.filter(path__in=parents).values_list("path", flat=True)) if parents else set()
    visible.update(pk for pk, path in materials if path[: -Page.steplen] in shown)
    for model in other_searchable_models():
        if not ids - visible:
            break
        queryset = model.objects.live().public().filter(pk__in=ids - visible)
        if filters.body:
            if not any(f.name == "disclosing_body" for f in model._meta.get_fields()):
                continue  # a page of nobody's: not on a body's own site, not under its facet
            queryset = queryset.filter(disclosing_body__slug=filters.body)
        if filters.narrows_documents:
            narrow = getattr(model, "filter_public_search", None)
            if narrow is None:
                continue  # the library's facets mean nothing to this type: leave it out of a filtered search
            queryset = narrow(queryset, filters)
        visible.update(queryset.values_list("pk", flat=True))
    return visible


@cache
def other_searchable_models() -> tuple[type[Page], ...]:
    """Page types outside this app that adopted SegmentedSearchMixin (upstream republications, events...)."""

    found: list[type[Page]] = []
    for model in apps.get_models():
        if not (issubclass(model, SegmentedSearchMixin) and issubclass(model, Page)):
            continue
        if issubclass(model, (PolicyDocumentPage, MaterialPage)):
            continue
        if any(issubclass(model, other) for other in found):
            continue
        found.append(model)
    return tuple(found)  # the models do not change while the process runs


def search_type_of(model: type[Page]) -> str:
    return getattr(model, "public_search_type", None) or model._meta.model_name


def result_types() -> list[tuple[str, str]]:
    """The search page's tabs: 政策文件与解读, then each other searchable type (发布会与访谈...)."""
    return [
        (DOCUMENTS_TYPE, "政策文件与解读"),
        *((search_type_of(model), str(model._meta.verbose_name_plural)) for model in other_searchable_models()),
    ]


def split_by_type(page_ids: list[int]) -> dict[str, list[int]]:
    """The ranked ids per result type, each list in the ranking's order (one query on the page table)."""
    from modelsearch.utils import get_descendants_content_types_pks

    if not page_ids:
        return {}
    type_of_content = {
        content_type: search_type_of(model)
        for model in other_searchable_models()
        for content_type in get_descendants_content_types_pks(model)
    }
    content_types = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "content_type_id"))
    split: dict[str, list[int]] = {}
    for pk in page_ids:
        split.setdefault(type_of_content.get(content_types.get(pk), DOCUMENTS_TYPE), []).append(pk)
    return split


def run_search(query: str, filters: PolicyFilters) -> Outcome:
    """Every word must match (AND); when nothing does, any word may (OR) and the outcome says so."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    outcome = Outcome(query=query, words=query_words(query))
    if not outcome.words:
        return outcome
    candidates = []
    for operator in ("and", "or"):
        if connection.vendor == "postgresql":
            matched = _postgres_candidates(outcome.words, operator)
        else:
            results = get_search_backend().search(
                build_query(outcome.words, operator), Page.objects.live(), order_by_relevance=True
            )
            matched = [p.pk for p in results[: RESULT_LIMIT * 5]]
        candidates = _first_visible(matched, filters)
        if candidates or len(outcome.words) == 1:
            outcome.matched_all = operator == "and"
            break
    outcome.truncated = len(candidates) >= RESULT_LIMIT
    outcome.page_ids = _title_first(filters, query, outcome.words, candidates)
    return outcome


def _first_visible(matched: list[int], filters: PolicyFilters) -> list[int]:
    """The first RESULT_LIMIT of the ranked matches a reader may see, checked a slice at a time: most matches are
    public, so the first slice usually suffices and a thousand ids are not checked for two hundred results."""
    found: list[int] = []
    for start in range(0, len(matched), VISIBILITY_SLICE):
        chunk = matched[start : start + VISIBILITY_SLICE]
        visible = visible_among(chunk, filters)
        found.extend(pk for pk in chunk if pk in visible)
        if len(found) >= RESULT_LIMIT:
            break
    return found[:RESULT_LIMIT]


def _postgres_candidates(words: list[str], operator: str) -> list[int]:
    """Wagtail's index, read through its GIN index on `body` (which holds search_text).

    The backend's own query matches `title || body`, a vector built per row that no index serves: 190 ms
    over 10,000 policies against 5 ms here. Ranked by ts_rank; the caller narrows to what a reader may see.
    """
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F
    from modelsearch.conf import get_app_config
    from modelsearch.utils import get_descendants_content_types_pks

    index_entry = get_app_config().get_model("IndexEntry")
    query = SearchQuery(tsquery_text(words, operator), search_type="raw")
    matched = (
        index_entry.objects.filter(content_type_id__in=get_descendants_content_types_pks(Page), body=query)
        .annotate(rank=SearchRank(F("body"), query))
        .order_by("-rank")
        .values_list("object_id", flat=True)[: RESULT_LIMIT * 5]
    )
    return [int(pk) for pk in matched]


def _title_first(filters: PolicyFilters, query: str, words: list[str], candidates: list[int]) -> list[int]:
    """The whole query in the title first, then every word in the title, then the index's order.

    Within a title tier: a document in force before a superseded one, a policy before its interpretation,
    then the closest title (the query is the larger share of it), then the index's order.
    """

    compact = query.replace(" ", "")
    live = Page.objects.live()
    tiers = [live.filter(title__icontains=compact)]
    if len(words) > 1:
        all_words = live
        for word in words:
            all_words = all_words.filter(title__icontains=word)
        tiers.append(all_words)
    position = {pk: i for i, pk in enumerate(candidates)}
    # Titles are matched on the page table alone, then the few matches are checked against what is visible.
    rows = [
        list(tier.order_by("-first_published_at").values_list("pk", "title")[: TITLE_TIER_LIMIT * 4]) for tier in tiers
    ]
    visible = visible_among({pk for tier in rows for pk, _t in tier}, filters)
    rows = [[row for row in tier if row[0] in visible][:TITLE_TIER_LIMIT] for tier in rows]
    tier_ids = {pk for tier in rows for pk, _title in tier}
    policies = dict(
        PolicyDocumentPage.objects.filter(pk__in=tier_ids).values_list("pk", "validity") if tier_ids else []
    )

    def key(row):
        pk, title = row
        superseded = policies.get(pk) in SUPERSEDED_VALIDITY
        return (superseded, pk not in policies, len(title), position.get(pk, len(position)))

    ordered, seen = [], set()
    for tier in rows:
        for pk, _title in sorted(tier, key=key):
            if pk not in seen:
                seen.add(pk)
                ordered.append(pk)
    ordered += [pk for pk in candidates if pk not in seen]
    return ordered


def hits_for(page_ids: list[int], words: list[str]) -> list[Hit]:
    """Specific pages for one page of results, with highlighted title and snippet and the policy of a material."""

    pages = {p.pk: p for p in Page.objects.filter(pk__in=page_ids).specific()}
    parent_paths = {p.path[: -Page.steplen] for p in pages.values() if isinstance(p, MaterialPage)}
    policies = {p.path: p for p in PolicyDocumentPage.objects.filter(path__in=parent_paths)} if parent_paths else {}
    hits = []
    for pk in page_ids:
        page = pages.get(pk)
        if page is None:
            continue
        if isinstance(page, MaterialPage):
            kind = page.get_form_display()
        else:
            kind = getattr(page, "public_search_label", None) or page._meta.verbose_name
        hits.append(
            Hit(
                page=page,
                kind_label=str(kind),
                title_html=highlight(page.title, words, length=200) if words else escape(page.title),
                snippet=_snippet(page, words),
                policy=policies.get(page.path[: -Page.steplen]) if isinstance(page, MaterialPage) else None,
            )
        )
    return hits


def _snippet(page, words: list[str]) -> str:
    sources = getattr(page, "search_text_sources", None)
    texts = [t for t in (sources() if sources else [getattr(page, "search_description", "")]) if t != page.title]
    if not texts:
        return ""
    lowered = [w.lower() for w in words]
    # The text that holds the most query words: the body rather than the document number.
    best = max(texts, key=lambda text: sum(w in text.lower() for w in lowered))
    return highlight(best, words)
