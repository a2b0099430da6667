"""依申请公开目录 editions: each office compiles, monthly or quarterly, what it holds on request and what it released.

An edition freezes two lists at the end of its period: the body's policies whose 公开属性 is 依申请公开 (title,
number and date only) and the information released on request that period (replies 予以公开 or 部分公开 that carry
a 目录名称; never anything about the applicant). Compiling a period again replaces its edition. After commit the
body's catalogue page and the edition's page are dropped from the page cache and rewritten in the static tree.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from interpretation.working_days.calendar import CHINA_TZ
from security import audit

from .choices import RELEASED_TYPES, CataloguePeriod
from .lifecycle import Refused, beijing_today
from .models import CatalogueEdition, Reply, RequestOffice

logger = logging.getLogger(__name__)

QUARTER_NAMES = "一二三四"
_PERIOD_TEXT = re.compile(r"^(\d{4})-(?:[qQ]([1-4])|(0?[1-9]|1[0-2]))$")


@dataclass(frozen=True)
class Period:
    """A calendar month (number 1-12) or quarter (number 1-4) of a year."""

    kind: str
    year: int
    number: int

    @property
    def first_month(self) -> int:
        return self.number if self.kind == CataloguePeriod.MONTHLY else 3 * self.number - 2

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        return self.next().start - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        """The edition's address segment: 2026-q4, 2026-11."""
        if self.kind == CataloguePeriod.MONTHLY:
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}-q{self.number}"

    @property
    def label(self) -> str:
        if self.kind == CataloguePeriod.MONTHLY:
            return f"{self.year}年{self.number}月"
        return f"{self.year}年第{QUARTER_NAMES[self.number - 1]}季度"

    def _count(self) -> int:
        return 12 if self.kind == CataloguePeriod.MONTHLY else 4

    def next(self) -> Period:
        if self.number == self._count():
            return Period(self.kind, self.year + 1, 1)
        return Period(self.kind, self.year, self.number + 1)

    def previous(self) -> Period:
        if self.number == 1:
            return Period(self.kind, self.year - 1, self._count())
        return Period(self.kind, self.year, self.number - 1)

    @classmethod
    def containing(cls, day: dt.date, kind: str) -> Period:
        number = day.month if kind == CataloguePeriod.MONTHLY else (day.month - 1) // 3 + 1
        return cls(kind, day.year, number)

    @classmethod
    def last_completed(cls, today: dt.date, kind: str) -> Period:
        return cls.containing(today, kind).previous()

    @classmethod
    def parse(cls, text: str) -> Period:
        """2026-Q4 (a quarter) or 2026-11 (a month)."""
        found = _PERIOD_TEXT.match(text.strip())
        if found is None:
            raise Refused(f"期号“{text}”无法识别:季度写作 2026-Q4,月份写作 2026-11。")
        year, quarter, month = found.groups()
        if quarter:
            return cls(CataloguePeriod.QUARTERLY, int(year), int(quarter))
        return cls(CataloguePeriod.MONTHLY, int(year), int(month))


def _day_after(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=CHINA_TZ)


def policy_entries(body, period: Period) -> list[dict]:
    """Policies of the body whose 公开属性 is 依申请公开, live and released by the end of the period."""
    from interpretation.models.library import on_request_entries

    rows = on_request_entries().filter(disclosing_body_id=body.pk, first_published_at__lt=_day_after(period.end))
    return [
        {
            "index_number": policy.index_number,
            "title": policy.title,
            "document_number": policy.document_number,
            "date_written": policy.date_written.isoformat() if policy.date_written else "",
            "department": str(policy.drafting_department or ""),
        }
        for policy in rows
    ]


def released_entries(body, period: Period) -> list[dict]:
    """Information released on request in the period, under its 目录名称 (replies without one are not listed)."""
    replies = (
        Reply.objects.filter(
            request__disclosing_body=body,
            reply_type__in=RELEASED_TYPES,
            replied_on__range=(period.start, period.end),
        )
        .exclude(catalogue_title="")
        .order_by("replied_on", "pk")
    )
    return [
        {
            "title": reply.catalogue_title.strip(),
            "replied_on": reply.replied_on.isoformat(),
            "manner": reply.get_reply_type_display(),
        }
        for reply in replies
        if reply.catalogue_title.strip()
    ]


def compile_edition(body, period: Period, now: dt.datetime | None = None) -> CatalogueEdition:
    """The body's edition for a period that has ended, compiled afresh (it replaces an earlier compilation)."""
    if period.end >= beijing_today():
        raise Refused(f"{period.label}尚未结束,不能编制该期目录。")
    with transaction.atomic():
        edition, _created = CatalogueEdition.objects.update_or_create(
            disclosing_body=body,
            key=period.key,
            defaults={
                "kind": period.kind,
                "label": period.label,
                "period_start": period.start,
                "period_end": period.end,
                "policies": policy_entries(body, period),
                "released": released_entries(body, period),
                "compiled_at": now or timezone.now(),
            },
        )
        audit.record("disclosure_request.catalogue_compile", target=edition, detail={"period": period.key})
        republish(body)
    return edition


def compile_due(today: dt.date | None = None) -> list[CatalogueEdition]:
    """For every office, the last completed period's edition when it is not there yet (run daily by the beat)."""
    today = today or beijing_today()
    compiled = []
    for office in RequestOffice.objects.select_related("disclosing_body").order_by("pk"):
        period = Period.last_completed(today, office.catalogue_period)
        if not CatalogueEdition.objects.filter(disclosing_body=office.disclosing_body, key=period.key).exists():
            compiled.append(compile_edition(office.disclosing_body, period))
    return compiled


def rename_released(reply: Reply, title: str, user=None) -> None:
    """Correct the public name of information released on request; editions already compiled that list its period
    are compiled again, so that a name that gave away something personal leaves the portal at once."""
    if reply.reply_type not in RELEASED_TYPES:
        raise Refused("只有予以公开、部分公开的信息列入依申请公开目录。")
    body = reply.request.disclosing_body
    with transaction.atomic():
        reply.catalogue_title = title.strip()
        reply.save(update_fields=["catalogue_title"])
        audit.record("disclosure_request.catalogue_title", actor=user, target=reply.request)
        covering = CatalogueEdition.objects.filter(
            disclosing_body=body, period_start__lte=reply.replied_on, period_end__gte=reply.replied_on
        )
        for key in covering.values_list("key", flat=True):
            compile_edition(body, Period.parse(key))


def editions_of(body_id: int):
    return CatalogueEdition.objects.filter(disclosing_body_id=body_id).only(
        "key", "label", "kind", "period_start", "period_end", "compiled_at"
    )


def republish(body) -> None:
    """The body's catalogue pages change: drop them from the page cache now and after commit, then rewrite them
    in the static tree (publish.refresh_routes removes them instead when that fails)."""
    from interpretation.models import BodySectionPage
    from interpretation.public import page_cache
    from interpretation.public.static_site import publish

    column = BodySectionPage.objects.filter(disclosing_body=body).first()
    if column is None:
        return
    scope = page_cache.page_scope(column.pk)
    page_cache.invalidate(scope)

    def after_commit() -> None:
        page_cache.invalidate(scope)
        if publish.tree_exists():
            publish.refresh_routes(column)

    transaction.on_commit(after_commit)
