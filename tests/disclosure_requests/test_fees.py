"""信息处理费 thresholds of 国办函〔2020〕109号: per application in a month, or per page, progressive."""

from decimal import Decimal

import pytest

from interpretation.disclosure_requests.fees import fee_by_count, fee_by_pages


@pytest.mark.parametrize(
    ("nth", "fee"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)]
)
def test_per_application_fee_by_rank_in_the_month(nth, fee):
    assert fee_by_count(nth) == Decimal(fee)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_per_page_fee_is_progressive(pages, fee):
    assert fee_by_pages(pages) == Decimal(fee)
