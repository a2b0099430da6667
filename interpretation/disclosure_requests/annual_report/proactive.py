"""Section 二 (主动公开政府信息情况): 第二十条第(一)项 counted from the policy library, (五)(六)(八) as entered.

Counting rules (the format's note asks for 规章 and 行政规范性文件 only):
- 本年制发: issued in the year, by 成文日期 (the 发布日期 when it has none);
- 本年废止: 已废止 or 已失效 in the year, dated by the newer document that repealed it, or failing one by the day
  the library published the change;
- 现行有效: issued by 31 December, in effect by then (施行日期), and not repealed by then.
Every live library page counts, whatever its 公开属性: the table reports documents made, not only those shown.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from interpretation.choices import DocumentType, Validity
from interpretation.models import PolicyDocumentPage

KINDS = ((DocumentType.REGULATION, "规章"), (DocumentType.NORMATIVE, "行政规范性文件"))
ENTERED = (
    ("licensing", "licensing_decisions"),
    ("penalty", "penalty_decisions"),
    ("enforcement", "enforcement_decisions"),
)
ENDED = {Validity.REPEALED, Validity.EXPIRED}


def _local_date(moment) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def issued_on(policy) -> dt.date | None:
    return policy.date_written or policy.date_published or _local_date(policy.first_published_at)


def repealed_on(policy) -> dt.date | None:
    if policy.validity not in ENDED:
        return None
    newer = policy.superseded_by
    if newer is not None and issued_on(newer) is not None:
        return issued_on(newer)
    return _local_date(policy.last_published_at)


def library_counts(body_ids: set[int], year: int) -> list[list]:
    """[[label, 本年制发, 本年废止, 现行有效], …] for 规章 and 行政规范性文件."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    policies = (
        PolicyDocumentPage.objects.live()
        .filter(disclosing_body_id__in=body_ids, document_type__in=[kind for kind, _ in KINDS])
        .select_related("superseded_by")
    )
    counts = {kind: [0, 0, 0] for kind, _ in KINDS}
    for policy in policies:
        issued, ended = issued_on(policy), repealed_on(policy)
        row = counts[policy.document_type]
        if issued is not None and first <= issued <= last:
            row[0] += 1
        if ended is not None and first <= ended <= last:
            row[1] += 1
        in_effect = policy.effective_date is None or policy.effective_date <= last
        if issued is not None and issued <= last and in_effect and (ended is None or ended > last):
            row[2] += 1
    return [[label, *counts[kind]] for kind, label in KINDS]


def entered_figures(reports) -> dict:
    """The figures from other systems, summed over `reports` (one report, or a county's with its bodies')."""
    figures = {key: sum(getattr(report, name) for report in reports) for key, name in ENTERED}
    fees = sum((Decimal(str(report.fee_amount)) for report in reports), Decimal(0))
    figures["fees"] = format(fees.normalize(), "f") if fees else "0"
    return figures


def proactive_table(body_ids: set[int], year: int, reports) -> dict:
    return {"normative": library_counts(body_ids, year), **entered_figures(reports)}
