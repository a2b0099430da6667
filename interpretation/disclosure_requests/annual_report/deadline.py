"""The 31 January deadline (条例第四十九条: last year's report published by 31 January), shown from 1 December.

In December the year being reported is the current one (the office drafts it); in January it is the year before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

#: The dashboard reminds from this month of the reported year on.
REMIND_FROM_MONTH = 12


@dataclass
class BodyReport:
    body: Any
    report: Any

    @property
    def state(self) -> str:
        if self.report is None:
            return "未创建"
        return "已发布" if self.report.published_at else "草稿"


def reporting_year(today: dt.date) -> int | None:
    """The year whose report is due, while the reminder runs (1 December to 31 January); None otherwise."""
    if today.month >= REMIND_FROM_MONTH:
        return today.year
    if today.month == 1:
        return today.year - 1
    return None


def due_on(year: int) -> dt.date:
    return dt.date(year + 1, 1, 31)


def states(bodies, year: int) -> list[BodyReport]:
    from ..models import AnnualReport

    reports = {r.disclosing_body_id: r for r in AnnualReport.objects.filter(year=year, disclosing_body__in=bodies)}
    return [BodyReport(body, reports.get(body.pk)) for body in bodies]
