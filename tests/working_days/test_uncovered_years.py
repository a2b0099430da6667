"""Years chinesecalendar does not know yet (2027 onwards): a Monday-Friday guess until an administrator
enters the State Council's notice. The 2027 overrides below are made up for the test, not the real
notice."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from interpretation.working_days.calendar import (
    add_working_days,
    add_working_hours,
    is_provisional,
    is_working_day,
    uncovered_years,
)
from interpretation.working_days.models import CoveredYear, WorkingDayOverride
from tests.factories import site

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
WARNING_2027 = "2027年的节假日安排尚未录入，截止时间按周一至周五推算，仅供参考。"
HOLIDAY = WorkingDayOverride.Kind.HOLIDAY
WORKING_DAY = WorkingDayOverride.Kind.WORKING_DAY


def beijing(*args):
    return dt.datetime(*args, tzinfo=BEIJING)


def enter_national_day_2027():
    """A made-up 2027 notice: Friday 10-01 and Monday-Thursday 10-04..07 off, Saturday 10-09 worked."""
    for day in (1, 4, 5, 6, 7):
        WorkingDayOverride.objects.create(
            disclosing_body=site.body("hexian"), date=dt.date(2027, 10, day), kind=HOLIDAY, name="国庆节"
        )
    WorkingDayOverride.objects.create(
        disclosing_body=site.body("hexian"), date=dt.date(2027, 10, 9), kind=WORKING_DAY, name="国庆节"
    )


def test_an_unentered_year_falls_back_to_monday_to_friday_and_says_so():
    deadline = add_working_days(beijing(2027, 9, 30, 10, 0), 3)  # Thursday
    assert deadline.day == dt.date(2027, 10, 5)  # Friday 10-01, Monday 10-04, Tuesday 10-05
    assert deadline.provisional
    assert deadline.warning == WARNING_2027
    assert is_provisional(dt.date(2027, 10, 1))
    assert is_working_day(dt.date(2027, 10, 1))
    assert not is_working_day(dt.date(2027, 10, 2))


def test_hour_deadlines_in_an_unentered_year_are_provisional_too():
    deadline = add_working_hours(beijing(2027, 10, 1, 20, 0), 8)  # Friday evening
    assert deadline.due == beijing(2027, 10, 4, 4, 0)
    assert deadline.provisional and deadline.warning == WARNING_2027


def test_a_deadline_running_into_the_unentered_year_is_provisional_but_one_ending_before_it_is_not():
    assert not add_working_days(beijing(2026, 12, 30, 10, 0), 1).provisional  # due 2026-12-31
    deadline = add_working_days(beijing(2026, 12, 31, 10, 0), 1)
    assert deadline.day == dt.date(2027, 1, 1)  # surely a holiday in reality: hence the warning
    assert deadline.provisional and deadline.warning == WARNING_2027


def test_the_warning_names_every_unentered_year_a_deadline_spans():
    deadline = add_working_days(beijing(2027, 12, 31, 10, 0), 1)
    assert deadline.day == dt.date(2028, 1, 3)
    assert deadline.warning == "2028年的节假日安排尚未录入，截止时间按周一至周五推算，仅供参考。"
    deadline = add_working_hours(beijing(2027, 12, 31, 10, 0), 24)
    assert deadline.warning.startswith("2027年、2028年的节假日安排尚未录入")


def test_entered_overrides_are_respected_but_stay_provisional_until_the_year_is_marked_complete():
    enter_national_day_2027()
    deadline = add_working_days(beijing(2027, 9, 30, 10, 0), 3)
    assert deadline.day == dt.date(2027, 10, 11)  # Friday 10-08, Saturday 10-09 (worked), Monday 10-11
    assert deadline.provisional
    assert is_working_day(dt.date(2027, 10, 9))
    assert not is_working_day(dt.date(2027, 10, 4))


def test_marking_2027_complete_makes_its_deadlines_firm():
    enter_national_day_2027()
    CoveredYear.objects.create(year=2027, note="国办发明电〔2026〕X号（测试）")
    deadline = add_working_days(beijing(2027, 9, 30, 10, 0), 3)
    assert deadline.day == dt.date(2027, 10, 11)
    assert not deadline.provisional
    assert deadline.warning == ""
    assert not is_provisional(dt.date(2027, 6, 1))
    assert is_provisional(dt.date(2028, 6, 1))


def test_an_administrators_override_wins_over_chinesecalendar():
    # Should a notice ever be amended, the administrator's entry is what counts.
    WorkingDayOverride.objects.create(
        disclosing_body=site.body("hexian"), date=dt.date(2025, 10, 9), kind=HOLIDAY, name="国庆节", note="补充通知"
    )
    assert not is_working_day(dt.date(2025, 10, 9))
    assert add_working_days(beijing(2025, 9, 30, 10, 0), 1).day == dt.date(2025, 10, 10)


def test_which_years_still_need_the_notice():
    assert uncovered_years(dt.date(2025, 6, 1)) == []
    assert uncovered_years(dt.date(2026, 11, 25)) == [2027]
    assert uncovered_years(dt.date(2027, 3, 1)) == [2027, 2028]
    CoveredYear.objects.create(year=2027)
    assert uncovered_years(dt.date(2027, 3, 1)) == [2028]
