"""Republication deadlines on the Chinese working-day calendar: holidays, adjusted Saturdays, 2027."""

import datetime as dt

import pytest
from django.utils import timezone

from channels.sources.config import FeedConfig
from channels.watcher.models import DeadlineRule, DeadlineStart, RepublicationPage
from channels.watcher.polling import poll_source
from interpretation.working_days.models import CoveredYear, WorkingDayOverride
from tests.factories import site
from tests.factories.watcher import demo_source, make_source
from tests.watcher.conftest import beijing

pytestmark = pytest.mark.django_db


def due_after_finding(office, upstream, found, **fields):
    """Poll a one-item feed at ``found`` and return its draft's deadline in Beijing time."""
    source = make_source(upstream, "/feed.xml", FeedConfig(), name=f"deadline {found.isoformat()}", **fields)
    poll_source(source, now=found)
    page = RepublicationPage.objects.get(source=source)
    return timezone.localtime(page.deadline_at), page


def end_of(day: str) -> dt.datetime:
    return dt.datetime.combine(
        dt.date.fromisoformat(day), dt.time(23, 59, 59, 999999), tzinfo=timezone.get_current_timezone()
    )


@pytest.mark.parametrize(
    ("found", "due"),
    [
        (beijing(2025, 9, 30, 10, 0), "2025-10-09"),  # National Day and Mid-Autumn: 1-8 October off
        (beijing(2025, 9, 26, 17, 0), "2025-09-28"),  # Friday -> the adjusted working Sunday
        (beijing(2025, 10, 10, 9, 0), "2025-10-11"),  # Friday -> the adjusted working Saturday
        (beijing(2025, 10, 11, 23, 50), "2025-10-13"),  # found late on that working Saturday
        (beijing(2026, 2, 13, 15, 0), "2026-02-14"),  # Spring Festival 2026: adjusted Saturday 14 February
        (beijing(2026, 2, 14, 15, 0), "2026-02-24"),  # then 15-23 February off
        (beijing(2025, 12, 31, 16, 0), "2026-01-04"),  # New Year 2026: 1-3 January off, Sunday 4 worked
    ],
)
def test_one_working_day_over_holidays_and_adjusted_working_days(office, upstream, found, due):
    deadline, page = due_after_finding(office, upstream, found)
    assert deadline == end_of(due)
    assert not page.deadline_provisional


def test_a_year_nobody_has_entered_falls_back_to_monday_to_friday_and_says_so(office, upstream):
    deadline, page = due_after_finding(office, upstream, beijing(2027, 3, 5, 10, 0))  # a Friday

    assert deadline == end_of("2027-03-08")
    assert page.deadline_provisional
    assert "2027年" in page.deadline_warning and "仅供参考" in page.deadline_warning


def test_once_the_administrator_enters_2027_the_deadline_is_no_longer_provisional(office, upstream):
    WorkingDayOverride.objects.create(
        disclosing_body=site.body("hexian"), date=dt.date(2027, 3, 8), kind="holiday", name="测试假日"
    )
    CoveredYear.objects.create(year=2027)

    deadline, page = due_after_finding(office, upstream, beijing(2027, 3, 5, 10, 0))

    assert deadline == end_of("2027-03-09")
    assert not page.deadline_provisional


def test_an_hours_rule_counts_only_working_days(office, upstream):
    # Friday 20:00 before the adjusted working Sunday: 4 hours on Friday, 4 more from Sunday 00:00.
    deadline, _ = due_after_finding(
        office, upstream, beijing(2025, 9, 26, 20, 0), deadline_rule=DeadlineRule.HOURS, deadline_amount=8
    )
    assert deadline == beijing(2025, 9, 28, 4, 0)


def test_the_clock_can_start_at_the_upstream_publication_date(office, upstream):
    source = demo_source(upstream, "state_council", deadline_start=DeadlineStart.PUBLISHED)

    poll_source(source, now=beijing(2025, 3, 11, 9, 0))

    first = RepublicationPage.objects.get(document_number="国发〔2025〕7号")  # listed 2025-03-03 (Monday)
    assert timezone.localtime(first.deadline_at) == end_of("2025-03-04")
    # Found by the source's first poll already past its deadline: 补转, not counted as overdue.
    assert first.urgency(now=beijing(2025, 3, 11, 9, 0)) == "backfill"
