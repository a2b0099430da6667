"""The library's facets (publishing body, year, issuing organ, topic, document type, validity), shared by the
listing and search. Each facet's counts are one GROUP BY over the other facets' selection."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.db.models import Count
from django.db.models.functions import ExtractYear

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


def facet_options(policies, filters: PolicyFilters, *, by_body: bool = True) -> list[Facet]:
    """Each facet's values with how many documents have them within the other facets' selection.

    `by_body=False` leaves out the 发布机构 facet where one body's policies are listed (its column, its own site).
    """

    def narrowed(without: str):
        return PolicyFilters(**{**filters.as_query(), without: None if without == "year" else ""}).apply(policies)

    years = (
        narrowed("year")
        .exclude(date_published=None)
        .annotate(y=ExtractYear("date_published"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("-y")
    )
    organs = narrowed("organ").values("issuing_organ").annotate(n=Count("pk")).order_by("issuing_organ")
    topic_counts = dict(
        narrowed("topic").exclude(topic=None).values_list("topic__code").annotate(n=Count("pk")).order_by()
    )
    type_counts = dict(narrowed("type").values_list("document_type").annotate(n=Count("pk")).order_by())
    validity_counts = dict(narrowed("validity").values_list("validity").annotate(n=Count("pk")).order_by())
    facets = [body_facet(narrowed("body"), filters)] if by_body else []
    return [
        *facets,
        Facet(
            "year",
            "发布年份",
            [Option(str(r["y"]), f"{r['y']}年", r["n"], filters.year == r["y"]) for r in years],
        ),
        Facet(
            "organ",
            "发文机关",
            [Option(o, o, r["n"], filters.organ == o) for r in organs if (o := r["issuing_organ"])],
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


def body_facet(policies, filters: PolicyFilters) -> Facet:
    """发布机构: each body's short name and count, in the platform's order (bodies are tens, not thousands)."""
    counts = dict(policies.values_list("disclosing_body_id").annotate(n=Count("pk")).order_by())
    bodies = DisclosingBody.objects.only("slug", "short_name", "name")
    return Facet(
        "body",
        "发布机构",
        [
            Option(b.slug, b.short_name or b.name, counts.get(b.pk, 0), filters.body == b.slug)
            for b in bodies
            if counts.get(b.pk) or filters.body == b.slug
        ],
    )
