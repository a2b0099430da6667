"""The library's 关键词 and 文号 boxes: which policies of a listing match, found through the search index.

A listing of 50,000 policies must not be scanned for a word or a number (LIKE '%…%' reads every row), so both
boxes ask the segmented index first (the GIN index on PostgreSQL, as finder does) for at most MATCH_LIMIT
policies, and only those few are compared with the 文号 typed. The matches of one query are kept until the next
release (page_cache.memo), and the facets count within them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from wagtail.search.backends import get_search_backend

from interpretation.models import PolicyDocumentPage
from interpretation.public import page_cache
from interpretation.public.search import build_query, query_words, tsquery_text

#: Policies a keyword or number may match; more are cut to the most relevant and the listing says so.
MATCH_LIMIT = 1000
MAX_QUERY_LENGTH = 60
MAX_NUMBER_LENGTH = 40
#: Brackets a 文号's year is written in: 〔2018〕 officially, often [2018], (2018), （2018） or 【2018】.
BRACKETS = (("〔", "〕"), ("[", "]"), ("(", ")"), ("（", "）"), ("【", "】"), ("［", "］"), ("{", "}"))
_OPEN = re.compile("[" + re.escape("".join(o for o, _c in BRACKETS)) + "]")
_CLOSE = re.compile("[" + re.escape("".join(c for _o, c in BRACKETS)) + "]")


@dataclass(frozen=True)
class LibraryQuery:
    """What a reader typed in the library's boxes; blank boxes select nothing."""

    q: str = ""
    number: str = ""

    @classmethod
    def from_query(cls, params) -> LibraryQuery:
        q = " ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH]
        number = "".join(params.get("number", "").split())[:MAX_NUMBER_LENGTH]
        return cls(q=q, number=number)

    @property
    def active(self) -> bool:
        return bool(self.q or self.number)

    def as_query(self) -> dict:
        return {name: value for name, value in (("q", self.q), ("number", self.number)) if value}


def number_variants(number: str) -> list[str]:
    """The 文号 as typed, written with each kind of bracket: 历政办[2018]12号 also finds 历政办〔2018〕12号."""
    canonical = _CLOSE.sub("〕", _OPEN.sub("〔", number))
    if "〔" not in canonical and "〕" not in canonical:
        return [number]
    return list(dict.fromkeys(canonical.replace("〔", o).replace("〕", c) for o, c in BRACKETS))


def number_condition(number: str) -> Q:
    """The number equals or contains what was typed, whatever its brackets."""
    condition = Q()
    for variant in number_variants(number):
        condition |= Q(document_number__icontains=variant)
    return condition


def indexed_policy_ids(words: list[str], limit: int = MATCH_LIMIT) -> list[int]:
    """Policies whose indexed text has every word, most relevant first; read from the index, never the table."""
    if not words:
        return []
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank
        from django.db.models import F
        from modelsearch.conf import get_app_config
        from modelsearch.utils import get_descendants_content_types_pks

        index_entry = get_app_config().get_model("IndexEntry")
        query = SearchQuery(tsquery_text(words, "and"), search_type="raw")
        matched = (
            index_entry.objects.filter(
                content_type_id__in=get_descendants_content_types_pks(PolicyDocumentPage), body=query
            )
            .annotate(rank=SearchRank(F("body"), query))
            .order_by("-rank")
            .values_list("object_id", flat=True)[:limit]
        )
        return [int(pk) for pk in matched]
    results = get_search_backend().search(
        build_query(words, "and"), PolicyDocumentPage.objects.live(), order_by_relevance=True
    )
    return [page.pk for page in results[:limit]]


def matching_ids(base, query: LibraryQuery) -> list[int]:
    """The policies of `base` (a listing's public policies) that match both boxes; at most MATCH_LIMIT."""
    candidates: list[int] | None = None
    if query.q:
        candidates = indexed_policy_ids(query_words(query.q))
    if query.number:
        number_words = query_words(_OPEN.sub(" ", _CLOSE.sub(" ", query.number)))
        by_number = indexed_policy_ids(number_words) if number_words else []
        if candidates is None:
            candidates = by_number
        else:
            numbered = set(by_number)
            candidates = [pk for pk in candidates if pk in numbered]
    if not candidates:
        return []
    matches = base.filter(pk__in=candidates)
    if query.number:
        matches = matches.filter(number_condition(query.number))
    found = set(matches.values_list("pk", flat=True))
    return [pk for pk in candidates if pk in found]


def cached_matching_ids(base, query: LibraryQuery, key: str) -> list[int]:
    """matching_ids for `key`'s listing, kept until the next release (the page cache's feeds generation)."""
    return page_cache.memo(f"library-match:{key}:{query.q}\x00{query.number}", lambda: matching_ids(base, query))
