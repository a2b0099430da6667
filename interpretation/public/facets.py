"""The library's facets (publishing body, year, issuing organ, topic, document type, validity), shared by the
listing and search. Each facet's counts are one GROUP BY over the other facets' selection."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.http import urlencode

from bodies.models import DisclosingBody
from interpretation.choices import DocumentType, Validity
from interpretation.models import Topic

#: Query-string names of the facets, in the order the form shows them; also the page cache's allowed keys.
FACET_PARAMS = ("body", "year", "organ", "topic", "type", "validity")
MAX_PARAM_LENGTH = 80


@dataclass(frozen=True)
class PolicyFilters:
    body: str = ""
    year: int | None = None
    organ: str = ""
    topic: str = ""
    type: str = ""
    validity: str = ""

    @classmethod
    def from_query(cls, params) -> PolicyFilters:
        """Unknown or malformed values are ignored rather than answered with an error."""
        year = params.get("year", "")
        doc_type = params.get("type", "")
        validity = params.get("validity", "")
        return cls(
            body=params.get("body", "")[:MAX_PARAM_LENGTH].strip(),
            year=int(year) if year.isdigit() and 1949 <= int(year) <= 2100 else None,
            organ=params.get("organ", "")[:MAX_PARAM_LENGTH].strip(),
            topic=params.get("topic", "")[:MAX_PARAM_LENGTH].strip(),
            type=doc_type if doc_type in DocumentType.values else "",
            validity=validity if validity in Validity.values else "",
        )

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @property
    def narrows_documents(self) -> bool:
        """Whether a facet only a policy document has is selected (anything but the body)."""
        return any(getattr(self, f.name) for f in fields(self) if f.name != "body")

    def as_query(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def apply(self, policies):
        """Narrow a PolicyDocumentPage queryset."""
        if self.body:
            policies = policies.filter(disclosing_body__slug=self.body)
        if self.year:
            policies = policies.filter(date_published__year=self.year)
        if self.organ:
            policies = policies.filter(issuing_organ=self.organ)
        if self.topic:
            policies = policies.filter(topic__code=self.topic)
        if self.type:
            policies = policies.filter(document_type=self.type)
        if self.validity:
            policies = policies.filter(validity=self.validity)
        return policies


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    options: list[Option]


#: What the grouped query reads: the policy row's own columns (ids, not joined slugs), all in one covering index.
_GROUPED = ("disclosing_body_id", "y", "issuing_organ", "topic_id", "document_type", "validity")


def combinations(policies) -> list[tuple[dict, int]]:
    """How many documents share each combination of facet values: ONE grouped query whatever the facets.

    A county library of 50,000 policies has a few thousand combinations; every facet's counts within the other
    facets' selection, and the number of results, are sums over them, so a listing costs one aggregate instead
    of one per facet plus a count. The query groups by ids (PostgreSQL reads them from the policy_facets index)
    and the slugs of the tens of bodies and topics are looked up once.
    """
    rows = policies.annotate(y=ExtractYear("date_published")).values_list(*_GROUPED).annotate(n=Count("pk")).order_by()
    body_slugs = dict(DisclosingBody.objects.values_list("pk", "slug"))
    topic_codes = dict(Topic.objects.values_list("pk", "code"))
    return [
        (
            {
                "body": body_slugs.get(body_id),
                "year": year,
                "organ": organ,
                "topic": topic_codes.get(topic_id),
                "type": doc_type,
                "validity": validity,
            },
            n,
        )
        for body_id, year, organ, topic_id, doc_type, validity, n in rows
    ]


def cached_combinations(policies, key: str) -> list[tuple[dict, int]]:
    """combinations(policies), computed once per release (the page cache's feeds generation) for `key`."""
    from interpretation.public import page_cache  # lazy: page_cache imports FACET_PARAMS from here

    return page_cache.memo(f"facet-combinations:{key}", lambda: combinations(policies))


def cached_facets_and_total(policies, filters: PolicyFilters, key: str, *, by_body: bool = True):
    """facets_and_total for `key`'s policies, kept per facet selection until the next release: tallying a county's
    few thousand combinations costs tens of milliseconds, the same for every reader of the same selection."""
    from interpretation.public import page_cache  # lazy: page_cache imports FACET_PARAMS from here

    selection = urlencode(sorted(filters.as_query().items()))

    def build():
        combos = cached_combinations(policies, key)
        return facets_and_total(policies, filters, by_body=by_body, precomputed=combos)

    return page_cache.memo(f"facets:{key}:{int(by_body)}:{selection}", build)


def _selected(filters: PolicyFilters) -> dict:
    return {name: getattr(filters, name) for name in FACET_PARAMS if getattr(filters, name)}


def tally(combinations, filters: PolicyFilters) -> tuple[dict[str, dict], int]:
    """Every facet's counts within the other facets' selection, and the result count, in one pass.

    A combination that misses no selected value counts for every facet and for the total; one that misses exactly
    one counts only for that facet (its own selection is what the facet lets the reader change); others count
    nowhere.
    """
    wanted = _selected(filters)
    counts: dict[str, dict] = {name: {} for name in FACET_PARAMS}
    total = 0
    for values, n in combinations:
        missed = [name for name, value in wanted.items() if values[name] != value]
        if len(missed) > 1:
            continue
        targets = missed or FACET_PARAMS
        if not missed:
            total += n
        for facet in targets:
            value = values[facet]
            if value not in (None, ""):
                bucket = counts[facet]
                bucket[value] = bucket.get(value, 0) + n
    return counts, total


def facets_and_total(
    policies, filters: PolicyFilters, *, by_body: bool = True, precomputed=None
) -> tuple[list[Facet], int]:
    """Each facet's values with how many documents have them within the other facets' selection, and how many
    documents the whole selection keeps (the listing's result count), from one tally.

    `by_body=False` leaves out the 发布机构 facet where one body's policies are listed (its column, its own site);
    `precomputed` is the result of `combinations(policies)` when the caller has it already.
    """
    combos = combinations(policies) if precomputed is None else precomputed
    counts, total = tally(combos, filters)
    years, organs = counts["year"], counts["organ"]
    topic_counts, type_counts, validity_counts = counts["topic"], counts["type"], counts["validity"]
    facets = [body_facet(counts["body"], filters)] if by_body else []
    facet_list = [
        *facets,
        Facet(
            "year",
            "发布年份",
            [Option(str(y), f"{y}年", n, filters.year == y) for y, n in sorted(years.items(), reverse=True)],
        ),
        Facet(
            "organ",
            "发文机关",
            [Option(o, o, n, filters.organ == o) for o, n in sorted(organs.items())],
        ),
        Facet(
            "topic",
            "主题分类",
            [
                Option(t.code, t.name, topic_counts.get(t.code, 0), filters.topic == t.code)
                for t in Topic.objects.all()
                if topic_counts.get(t.code) or filters.topic == t.code
            ],
        ),
        Facet(
            "type",
            "文件类型",
            [
                Option(value, str(label), type_counts.get(value, 0), filters.type == value)
                for value, label in DocumentType.choices
                if type_counts.get(value) or filters.type == value
            ],
        ),
        Facet(
            "validity",
            "有效性",
            [
                Option(value, str(label), validity_counts.get(value, 0), filters.validity == value)
                for value, label in Validity.choices
                if validity_counts.get(value) or filters.validity == value
            ],
        ),
    ]
    return facet_list, total


def body_facet(counts: dict, filters: PolicyFilters) -> Facet:
    """发布机构: each body's short name and count, in the platform's order (bodies are tens, not thousands)."""
    bodies = DisclosingBody.objects.only("slug", "short_name", "name")
    return Facet(
        "body",
        "发布机构",
        [
            Option(b.slug, b.short_name or b.name, counts.get(b.slug, 0), filters.body == b.slug)
            for b in bodies
            if counts.get(b.slug) or filters.body == b.slug
        ],
    )
