"""信息处理费 (条例第四十二条), by the thresholds of 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).

Charged only where the body's office enables fees. Either per application in a calendar month (按件, 第四条) or per
page (按量, 第五条), progressive in both, never both for one application (第三条).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .models import InformationRequest


def fee_by_count(nth: int) -> Decimal:
    """The fee for the `nth` application of one applicant in a calendar month (按件计收)."""
    if nth <= 10:
        return Decimal(0)
    if nth <= 30:
        return Decimal(100)
    return Decimal(100 + 100 * ((nth - 31) // 10 + 1))  # 31-40: 200, 41-50: 300, ...


def fee_by_pages(pages: int) -> Decimal:
    """The fee for `pages` pages of one application (按量计收): 1-30 free, 31-100 ¥10, 101-200 ¥20, over 200 ¥40."""
    bands = ((30, 0), (100, 10), (200, 20), (None, 40))
    total, lower = 0, 0
    for upper, price in bands:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            total += (top - lower) * price
        if upper is None or pages <= upper:
            break
        lower = upper
    return Decimal(total)


def nth_this_month(application: InformationRequest) -> int:
    """Which application this is for its applicant (same id number) to the same body in its month of receipt."""
    day = application.received_on or application.submitted_at.date()
    first = day.replace(day=1)
    after = (first + dt.timedelta(days=32)).replace(day=1)
    same = InformationRequest.objects.with_id_number(application.id_number).filter(
        disclosing_body_id=application.disclosing_body_id, received_on__gte=first, received_on__lt=after
    )
    return same.filter(received_on__lte=day, pk__lte=application.pk).count() or 1
