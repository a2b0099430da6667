"""Deadlines counted in Chinese working days, with the real 2025 and 2026 holiday notices.

Facts checked against chinesecalendar 1.11.0 (the State Council's notices):
- 2025 Spring Festival: off Tue 01-28 .. Tue 02-04; worked Sun 01-26 and Sat 02-08.
- 2025 National Day + Mid-autumn: off Wed 10-01 .. Wed 10-08; worked Sun 09-28 and Sat 10-11.
- 2026 Mid-autumn: off Fri 09-25 .. Sun 09-27. 2026 National Day: off Thu 10-01 .. Wed 10-07;
  worked Sun 09-20 and Sat 10-10.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from interpretation.working_days.calendar import (
    Deadline,
    add_working_days,
    add_working_hours,
    at_risk,
    is_provisional,
    is_working_day,
    overdue,
)

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(*args):
    return dt.datetime(*args, tzinfo=BEIJING)


def end_of(year, month, day):
    return beijing(year, month, day, 23, 59, 59, 999999)


def due_day(start, n):
    return add_working_days(start, n).day


# --- which days are working days -------------------------------------------------------------------


def test_adjusted_weekend_days_are_working_days_and_holiday_weekdays_are_not():
    assert is_working_day(dt.date(2025, 9, 28))  # Sunday, worked for National Day
    assert is_working_day(dt.date(2025, 10, 11))  # Saturday, worked for National Day
    assert is_working_day(dt.date(2025, 2, 8))  # Saturday, worked for Spring Festival
    assert not is_working_day(dt.date(2025, 10, 8))  # Wednesday, still on holiday
    assert not is_working_day(dt.date(2025, 9, 27))  # an ordinary Saturday
    assert is_working_day(dt.date(2025, 9, 26))  # an ordinary Friday


def test_a_datetime_is_read_as_its_beijing_day():
    # 2025-09-27 17:00 UTC is already Sunday 09-28 01:00 in Beijing, a worked Sunday.
    assert is_working_day(dt.datetime(2025, 9, 27, 17, 0, tzinfo=dt.UTC))


def test_years_chinesecalendar_knows_are_not_provisional():
    assert not is_provisional(dt.date(2025, 1, 1))
    assert not is_provisional(dt.date(2026, 12, 31))


# --- "within n working days" ------------------------------------------------------------------------


def test_due_at_the_very_end_of_the_working_day_in_beijing_time():
    deadline = add_working_days(beijing(2025, 3, 10, 9, 0), 1)
    assert deadline == Deadline(due=end_of(2025, 3, 11), provisional=False, warning="")
    assert deadline.due.tzinfo.key == "Asia/Shanghai"


def test_friday_afternoon_item_with_one_working_day_is_due_on_the_worked_sunday_before_national_day():
    # The Sunday 2025-09-28 was a working day (调休), so Monday would be one day too late.
    assert add_working_days(beijing(2025, 9, 26, 16, 0), 1).due == end_of(2025, 9, 28)


def test_interpretation_due_in_three_working_days_straddling_national_day_2025():
    assert due_day(beijing(2025, 9, 26, 16, 0), 3) == dt.date(2025, 9, 30)
    assert due_day(beijing(2025, 9, 29, 10, 0), 3) == dt.date(2025, 10, 10)  # 30th, then 9th, 10th


def test_an_item_arriving_late_on_the_eve_of_the_holiday_is_due_after_it():
    assert due_day(beijing(2025, 9, 30, 23, 50), 1) == dt.date(2025, 10, 9)


def test_an_item_arriving_during_the_holiday_counts_from_the_first_day_back():
    assert due_day(beijing(2025, 10, 3, 11, 0), 1) == dt.date(2025, 10, 9)
    assert due_day(beijing(2025, 10, 3, 11, 0), 3) == dt.date(2025, 10, 11)  # the worked Saturday


def test_an_item_arriving_on_a_worked_saturday_is_due_on_monday():
    assert due_day(beijing(2025, 10, 11, 9, 0), 1) == dt.date(2025, 10, 13)


def test_spring_festival_2025():
    # Arrives Friday before the festival: Sunday 01-26 and Monday 01-27 are worked, then 8 days off.
    assert due_day(beijing(2025, 1, 24, 15, 0), 1) == dt.date(2025, 1, 26)
    assert due_day(beijing(2025, 1, 24, 15, 0), 3) == dt.date(2025, 2, 5)
    assert due_day(beijing(2025, 1, 29, 10, 0), 1) == dt.date(2025, 2, 5)  # arrives on New Year's Day
    assert due_day(beijing(2025, 2, 5, 10, 0), 3) == dt.date(2025, 2, 8)  # the worked Saturday
    assert due_day(beijing(2025, 2, 8, 10, 0), 1) == dt.date(2025, 2, 10)


def test_mid_autumn_and_national_day_2026():
    assert due_day(beijing(2026, 9, 19, 10, 0), 1) == dt.date(2026, 9, 20)  # Sunday worked
    assert due_day(beijing(2026, 9, 24, 10, 0), 1) == dt.date(2026, 9, 28)  # Friday 25th is Mid-autumn
    assert due_day(beijing(2026, 9, 30, 22, 0), 1) == dt.date(2026, 10, 8)
    assert due_day(beijing(2026, 9, 30, 22, 0), 3) == dt.date(2026, 10, 10)  # Saturday worked


def test_the_arrival_time_is_read_in_beijing_not_in_utc():
    # Saturday 17:00 UTC is Sunday 01:00 in Beijing: the Beijing day (a worked Sunday) is the arrival day.
    deadline = add_working_days(dt.datetime(2025, 9, 27, 17, 0, tzinfo=dt.UTC), 1)
    assert deadline.due == end_of(2025, 9, 29)


def test_one_working_day_after_an_ordinary_saturday_is_monday_not_what_find_workday_says():
    saturday = dt.date(2025, 3, 8)
    assert chinese_calendar.find_workday(1, saturday) == dt.date(2025, 3, 11)  # Tuesday: not our rule
    assert due_day(beijing(2025, 3, 8, 10, 0), 1) == dt.date(2025, 3, 10)


def test_zero_working_days_means_by_the_end_of_today_or_of_the_next_working_day():
    assert due_day(beijing(2025, 9, 26, 10, 0), 0) == dt.date(2025, 9, 26)
    assert due_day(beijing(2025, 10, 2, 10, 0), 0) == dt.date(2025, 10, 9)


def test_a_negative_number_of_days_is_refused():
    with pytest.raises(ValueError, match="n must be"):
        add_working_days(beijing(2025, 9, 26, 10, 0), -1)


# --- "within N hours", counted on working days only ---------------------------------------------------


def test_hours_within_one_working_day():
    assert add_working_hours(beijing(2025, 3, 10, 9, 0), 4).due == beijing(2025, 3, 10, 13, 0)


def test_hours_stop_over_a_weekend_and_resume_on_the_worked_sunday():
    # 8 hours left on Friday, Saturday is off, 16 more on Sunday 09-28 (worked).
    deadline = add_working_hours(beijing(2025, 9, 26, 16, 0), 24)
    assert deadline.due == beijing(2025, 9, 28, 16, 0)
    assert not deadline.provisional


def test_hours_stop_for_the_whole_national_day_holiday():
    assert add_working_hours(beijing(2025, 9, 30, 20, 0), 24).due == beijing(2025, 10, 9, 20, 0)


def test_hours_for_an_item_arriving_on_a_holiday_start_at_midnight_of_the_first_day_back():
    assert add_working_hours(beijing(2025, 10, 3, 10, 0), 8).due == beijing(2025, 10, 9, 8, 0)
    assert add_working_hours(beijing(2025, 10, 3, 10, 0), 0).due == beijing(2025, 10, 9, 0, 0)


def test_hours_given_in_utc_come_back_in_beijing_time():
    deadline = add_working_hours(dt.datetime(2025, 9, 26, 8, 0, tzinfo=dt.UTC), 24)  # 16:00 Beijing
    assert deadline.due == beijing(2025, 9, 28, 16, 0)
    assert deadline.due.utcoffset() == dt.timedelta(hours=8)


def test_negative_hours_are_refused():
    with pytest.raises(ValueError, match="hours must be"):
        add_working_hours(beijing(2025, 9, 26, 10, 0), -2)


# --- naive datetimes ---------------------------------------------------------------------------------


def test_naive_datetimes_are_refused_everywhere():
    naive = dt.datetime(2025, 9, 26, 16, 0)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_days(naive, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_hours(naive, 4)
    with pytest.raises(ValueError, match="timezone-aware"):
        is_working_day(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        overdue(beijing(2025, 9, 26, 16, 0), now=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        at_risk(naive)


# --- overdue and at risk -----------------------------------------------------------------------------


def test_still_in_time_until_the_last_instant_of_the_due_day():
    deadline = add_working_days(beijing(2025, 9, 26, 16, 0), 1)  # end of Sunday 09-28
    assert not overdue(deadline, now=beijing(2025, 9, 28, 23, 59, 59))
    assert not overdue(deadline, now=deadline.due)
    assert overdue(deadline, now=beijing(2025, 9, 29, 0, 0))
    assert overdue(deadline.due, now=beijing(2025, 9, 29, 0, 0))


def test_at_risk_within_four_hours_of_the_deadline_but_not_once_overdue():
    deadline = add_working_days(beijing(2025, 9, 26, 16, 0), 1)
    assert not at_risk(deadline, now=beijing(2025, 9, 28, 19, 0))
    assert at_risk(deadline, now=beijing(2025, 9, 28, 20, 0))
    assert not at_risk(deadline, now=beijing(2025, 9, 29, 0, 0))
    assert at_risk(deadline, within=dt.timedelta(days=1), now=beijing(2025, 9, 28, 1, 0))


def test_overdue_without_now_uses_the_current_time():
    assert overdue(beijing(2025, 1, 1, 0, 0))
    assert not at_risk(beijing(2025, 1, 1, 0, 0))
