"""Dates as upstream sites write them, read into aware datetimes.

A date or time without a time zone is China Standard Time (Asia/Shanghai); results are always
aware. Understood: ISO 8601 (``2025-03-01``, ``2025-03-01T10:00:00+08:00``), RFC 822 as in RSS
(``Sat, 01 Mar 2025 10:00:00 +0800``), ``2025/03/01 10:00``, ``2025.03.01``,
``2025年3月1日``, ``2025年03月01日 10时30分``, full-width digits, text around the date
(``发布时间：2025-03-01``) and Unix timestamps in seconds or milliseconds (JSON lists).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

CHINA_TZ = ZoneInfo("Asia/Shanghai")

_CHINESE_OR_NUMERIC = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*T?\s*(?P<H>\d{1,2})\s*[:时]\s*(?P<M>\d{1,2})(?:\s*[:分]\s*(?P<S>\d{1,2}))?)?"
)
_RFC822_HINT = re.compile(r"[A-Za-z]{3}")


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=CHINA_TZ) if value.tzinfo is None else value


def _from_timestamp(number: float) -> datetime | None:
    if number > 1e11:  # milliseconds
        number /= 1000
    if not 0 < number < 4102444800:  # before 2100
        return None
    return datetime.fromtimestamp(number, UTC).astimezone(CHINA_TZ)


def parse_date(value: object) -> datetime | None:
    """An aware datetime, or None when ``value`` holds no date we recognise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=CHINA_TZ)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_timestamp(float(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{10}(\d{3})?", text):
        return _from_timestamp(float(text))
    if _RFC822_HINT.search(text):
        try:
            return _aware(parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError):
            pass
    try:
        return _aware(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    match = _CHINESE_OR_NUMERIC.search(text)
    if not match:
        return None
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    try:
        return datetime(
            parts["y"],
            parts["m"],
            parts["d"],
            parts.get("H", 0),
            parts.get("M", 0),
            parts.get("S", 0),
            tzinfo=CHINA_TZ,
        )
    except ValueError:
        return None
