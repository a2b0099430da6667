"""The Chinese working-day calendar (工作日 / 调休) and the deadlines counted on it.

Used by the three-sync clock (interpretation due within 3 working days) and the feed watcher (republish
within 1 working day, or N hours). Whether a day is a working day is decided, in order, by:

1. the administrator's `WorkingDayOverride` table (copied from the State Council's yearly notice). An override
   belongs to a body and applies to it and every body below it; the nearest body's override wins, so a town
   can differ from its county (a provincial 调休 difference). Without a body only the platform's apply;
2. `chinesecalendar`, which knows the official notices for 2004-2026 (v1.11.0) and raises
   NotImplementedError for other years;
3. Monday-Friday, for a year neither of them covers. Deadlines that touch such a year are *provisional*:
   the real notice will move some days, so they carry a warning for the administrator.

Every working day is a calendar day in Beijing time (Asia/Shanghai), whatever the server's TIME_ZONE.

Deadline convention: a deadline is an *inclusive* instant. "Within n working days" is due at
23:59:59.999999 Beijing time of the n-th working day after the day the item arrived, and the item is
overdue only once the clock is strictly past `due` (see `overdue`). The arrival time within its day does
not matter, and the arrival day itself never counts, even if it is a working day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import chinese_calendar

from bodies.models import DisclosingBody

from .models import CoveredYear, WorkingDayOverride

CHINA_TZ = ZoneInfo("Asia/Shanghai")
END_OF_DAY = dt.time(23, 59, 59, 999999)
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Deadline:
    """When something is due, and whether that rests on a guessed (Monday-Friday) calendar."""

    due: dt.datetime  # aware, Asia/Shanghai
    provisional: bool = False
    warning: str = ""  # Chinese text for the admin; empty unless provisional

    @property
    def day(self) -> dt.date:
        """The Beijing calendar day the deadline falls on."""
        return self.due.date()


def _china_datetime(value: dt.datetime, name: str = "datetime") -> dt.datetime:
    """Refuse naive datetimes: a deadline computed from a guessed time zone could be off by a whole day."""
    if not isinstance(value, dt.datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (got naive {value.isoformat()})")
    return value.astimezone(CHINA_TZ)


def _china_date(value: dt.date) -> dt.date:
    """Accept a date, or an aware datetime read as its Beijing calendar day."""
    if isinstance(value, dt.datetime):
        return _china_datetime(value).date()
    return value


@cache
def _library_covers(year: int) -> bool:
    """Whether chinesecalendar has the official notice for `year` (it raises for years it lacks)."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def provisional_warning(years) -> str:
    """The admin's warning for deadlines that rely on the Monday-Friday guess in `years`."""
    years = sorted(set(years))
    if not years:
        return ""
    listed = "、".join(f"{year}年" for year in years)
    return f"{listed}的节假日安排尚未录入，截止时间按周一至周五推算，仅供参考。"


def body_chain(body: DisclosingBody | None) -> list[int]:
    """Ids of the bodies whose overrides apply to `body`, nearest first; the platform's alone for None."""
    if body is None:
        platform = DisclosingBody.platform()
        return [platform.pk] if platform else []
    return [body.pk, *(ancestor.pk for ancestor in body.ancestors())]


class _Calendar:
    """One computation's view of the calendar for one body, so each year's overrides are read once."""

    def __init__(self, body: DisclosingBody | None = None) -> None:
        self._body = body
        self._chain: list[int] | None = None  # read on first use: provisional checks never need it
        self._overrides: dict[int, dict[dt.date, bool]] = {}
        self._covered: set[int] | None = None
        self.guessed_years: set[int] = set()

    def _overrides_for(self, year: int) -> dict[dt.date, bool]:
        if year not in self._overrides:
            if self._chain is None:
                self._chain = body_chain(self._body)
            rows = WorkingDayOverride.objects.filter(
                disclosing_body_id__in=self._chain, date__range=(dt.date(year, 1, 1), dt.date(year, 12, 31))
            ).values_list("date", "kind", "disclosing_body_id")
            rank = {pk: position for position, pk in enumerate(self._chain)}
            nearest: dict[dt.date, tuple[int, bool]] = {}
            for date, kind, body_id in rows:
                candidate = (rank[body_id], kind == WorkingDayOverride.Kind.WORKING_DAY)
                if date not in nearest or candidate < nearest[date]:
                    nearest[date] = candidate
            self._overrides[year] = {date: working for date, (_rank, working) in nearest.items()}
        return self._overrides[year]

    def is_provisional(self, day: dt.date) -> bool:
        if _library_covers(day.year):
            return False
        if self._covered is None:
            self._covered = set(CoveredYear.objects.values_list("year", flat=True))
        return day.year not in self._covered

    def is_working_day(self, day: dt.date) -> bool:
        if self.is_provisional(day):
            self.guessed_years.add(day.year)
        override = self._overrides_for(day.year).get(day)
        if override is not None:
            return override
        if _library_covers(day.year):
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def deadline(self, due: dt.datetime) -> Deadline:
        return Deadline(
            due=due,
            provisional=bool(self.guessed_years),
            warning=provisional_warning(self.guessed_years),
        )


def is_working_day(day: dt.date, body: DisclosingBody | None = None) -> bool:
    """Whether `day` (a date, or an aware datetime's Beijing day) is a working day for `body`.

    Override table first (the administrator has the last word; the nearest body's override), then
    chinesecalendar, then Monday-Friday for a year nobody has entered yet. No body: the platform's calendar.
    """
    return _Calendar(body).is_working_day(_china_date(day))


def is_provisional(day: dt.date) -> bool:
    """Whether `day`'s year is known only by guess: not in chinesecalendar and not marked as `CoveredYear`.

    Overrides alone do not make a year certain; the administrator confirms the whole notice is in.
    """
    return _Calendar().is_provisional(_china_date(day))


def add_working_days(start: dt.datetime, n: int, body: DisclosingBody | None = None) -> Deadline:
    """Due at the end (23:59:59.999999 Beijing time) of the n-th working day after `start`'s day, on `body`'s
    calendar (None: the platform's).

    Counted from the arrival *day*, so an item arriving Friday 23:50 or on a Saturday holiday is, for
    n=1, due at the end of the next working day. n=0 means the end of the arrival day if it is a working
    day, else of the next one. Unlike chinesecalendar's `find_workday(1, saturday)`, which skips to
    Tuesday, a Saturday arrival with n=1 is due on Monday.
    """
    local = _china_datetime(start, "start")
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a whole number of working days >= 0, got {n!r}")
    calendar = _Calendar(body)
    day = local.date()
    if n == 0:
        while not calendar.is_working_day(day):
            day += _ONE_DAY
    remaining = n
    while remaining:
        day += _ONE_DAY
        if calendar.is_working_day(day):
            remaining -= 1
    return calendar.deadline(dt.datetime.combine(day, END_OF_DAY, tzinfo=CHINA_TZ))


def working_days_between(start: dt.date, end: dt.date, body: DisclosingBody | None = None) -> int:
    """How many working days fall after `start` up to and including `end` on `body`'s calendar (0 if end <= start).

    The counterpart of `add_working_days`: `working_days_between(d, add_working_days(d, n).day) == n` whenever
    that day is a working day. Used to show the working days left before a deadline and to measure a pause.
    """
    first, last = _china_date(start), _china_date(end)
    calendar = _Calendar(body)
    count, day = 0, first
    while day < last:
        day += _ONE_DAY
        if calendar.is_working_day(day):
            count += 1
    return count


def add_working_hours(start: dt.datetime, hours: float, body: DisclosingBody | None = None) -> Deadline:
    """Due once `hours` of clock time have passed on `body`'s working days only (None: the platform's).

    Office hours are not modelled: a working day counts all of its 24 hours (midnight to midnight,
    Beijing time) and a holiday or weekend counts none, so the clock stops at midnight before a day off
    and restarts at 00:00 of the next working day. An item arriving on a day off starts the clock at 00:00
    of the next working day. `due` is the exact instant the hours run out.
    """
    local = _china_datetime(start, "start")
    if isinstance(hours, bool) or not isinstance(hours, int | float) or hours < 0:
        raise ValueError(f"hours must be a number >= 0, got {hours!r}")
    calendar = _Calendar(body)
    remaining = dt.timedelta(hours=hours)
    cursor = local.astimezone(dt.UTC)
    day = local.date()
    while True:
        next_midnight = dt.datetime.combine(day + _ONE_DAY, dt.time(0), tzinfo=CHINA_TZ).astimezone(dt.UTC)
        if calendar.is_working_day(day):
            available = next_midnight - cursor
            if remaining <= available:
                return calendar.deadline((cursor + remaining).astimezone(CHINA_TZ))
            remaining -= available
        day += _ONE_DAY
        cursor = next_midnight


def _due_instant(due: Deadline | dt.datetime) -> dt.datetime:
    return _china_datetime(due.due if isinstance(due, Deadline) else due, "due")


def _now(now: dt.datetime | None) -> dt.datetime:
    return _china_datetime(now, "now") if now is not None else dt.datetime.now(CHINA_TZ)


def overdue(due: Deadline | dt.datetime, now: dt.datetime | None = None) -> bool:
    """Whether the deadline has passed: strictly after `due`, since `due` itself is still in time."""
    return _now(now) > _due_instant(due)


def at_risk(
    due: Deadline | dt.datetime, within: dt.timedelta = dt.timedelta(hours=4), now: dt.datetime | None = None
) -> bool:
    """Whether the deadline is not yet passed but `within` clock time (not working time) of it.

    Clock time on purpose: a reminder on Friday evening for a Monday deadline is already useful.
    """
    current = _now(now).astimezone(dt.UTC)
    deadline = _due_instant(due).astimezone(dt.UTC)
    return current <= deadline and deadline - current <= within


def uncovered_years(today: dt.date | None = None) -> list[int]:
    """This year and next, where the administrator still has to enter the State Council's notice."""
    today = today or dt.datetime.now(CHINA_TZ).date()
    calendar = _Calendar()
    return [year for year in (today.year, today.year + 1) if calendar.is_provisional(dt.date(year, 1, 1))]
