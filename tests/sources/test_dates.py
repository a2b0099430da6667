"""Dates as Chinese government sites write them."""

from datetime import UTC, date, datetime

import pytest

from channels.sources.dates import CHINA_TZ, parse_date


@pytest.mark.parametrize(
    "written, expected",
    [
        ("2025-03-01", datetime(2025, 3, 1, tzinfo=CHINA_TZ)),
        ("2025年3月1日", datetime(2025, 3, 1, tzinfo=CHINA_TZ)),
        ("2025/03/01 10:00", datetime(2025, 3, 1, 10, tzinfo=CHINA_TZ)),
        ("2025.3.1", datetime(2025, 3, 1, tzinfo=CHINA_TZ)),
        ("发布时间：２０２５年０３月０１日 10时30分", datetime(2025, 3, 1, 10, 30, tzinfo=CHINA_TZ)),
        ("[2025-03-01 10:00:05]", datetime(2025, 3, 1, 10, 0, 5, tzinfo=CHINA_TZ)),
        ("2025-03-01T10:00:00+08:00", datetime(2025, 3, 1, 10, tzinfo=CHINA_TZ)),
        ("Sat, 01 Mar 2025 02:00:00 GMT", datetime(2025, 3, 1, 2, tzinfo=UTC)),
        ("1740794400", datetime(2025, 3, 1, 10, tzinfo=CHINA_TZ)),
        (1740794400000, datetime(2025, 3, 1, 10, tzinfo=CHINA_TZ)),
        (date(2025, 3, 1), datetime(2025, 3, 1, tzinfo=CHINA_TZ)),
    ],
)
def test_common_formats_become_aware_datetimes_in_china_time(written, expected):
    parsed = parse_date(written)
    assert parsed == expected and parsed.tzinfo is not None


@pytest.mark.parametrize("junk", [None, "", "近日", "2025-02-30", True, "2025年3月"])
def test_no_date_or_an_impossible_date_gives_none(junk):
    assert parse_date(junk) is None
