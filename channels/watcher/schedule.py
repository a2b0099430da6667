"""When to poll a source next: more often in working hours, backing off (capped) after failures.

A failing source is never disabled: it keeps being polled, at most ``MAX_BACKOFF`` apart (or its
own cadence, if slower), so it recovers on its own and the dashboard keeps showing it.
"""

from __future__ import annotations

import datetime as dt
import time

from channels.sources.fetch import jittered
from interpretation.working_days.calendar import CHINA_TZ, is_working_day

WORKING_HOURS = (dt.time(8, 0), dt.time(18, 0))  # Beijing time, on working days
MAX_BACKOFF = dt.timedelta(hours=2)
MAX_RETRY_AFTER = dt.timedelta(hours=24)
_DAY_CACHE_SECONDS = 300
_day_cache: dict[tuple[int | None, dt.date], tuple[float, bool]] = {}


def _working_day(day: dt.date, source=None) -> bool:
    """``is_working_day`` on the watching body's calendar, remembered for a few minutes (asked once per source)."""
    key = (getattr(source, "disclosing_body_id", None), day)
    cached = _day_cache.get(key)
    if cached and time.monotonic() - cached[0] < _DAY_CACHE_SECONDS:
        return cached[1]
    value = is_working_day(day, body=source.disclosing_body if key[0] is not None else None)
    _day_cache[key] = (time.monotonic(), value)
    return value


def in_working_hours(now: dt.datetime, source=None) -> bool:
    local = now.astimezone(CHINA_TZ)
    start, end = WORKING_HOURS
    return _working_day(local.date(), source) and start <= local.time() < end


def cadence(source, now: dt.datetime) -> dt.timedelta:
    minutes = source.poll_minutes_working if in_working_hours(now, source) else source.poll_minutes_off
    return dt.timedelta(minutes=max(1, minutes or 1))


def next_poll_after_success(source, now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(seconds=jittered(cadence(source, now).total_seconds(), spread=0.1))


def backoff(source, failures: int, now: dt.datetime, retry_after: float | None = None) -> dt.timedelta:
    """Exponential from the source's cadence, capped; a Retry-After is honoured up to a day."""
    base = cadence(source, now)
    cap = max(MAX_BACKOFF, base)
    delay = min(cap, base * (2 ** max(0, min(failures - 1, 16))))
    if retry_after:
        delay = max(delay, min(dt.timedelta(seconds=retry_after), MAX_RETRY_AFTER))
    return delay


def next_poll_after_failure(source, failures: int, now: dt.datetime, retry_after: float | None = None) -> dt.datetime:
    return now + backoff(source, failures, now, retry_after)
