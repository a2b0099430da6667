"""iCalendar: the feed of upcoming events and the per-event file, parsed back with icalendar."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from interpretation.events import lifecycle
from tests.factories.events import make_event

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def by_uid(calendar):
    return {str(item["UID"]): item for item in calendar.events}


def test_feed_lists_upcoming_public_events_in_beijing_time(office, client):
    index = office["index"]
    confirmed = make_event(index, title="下周政策吹风会", kind="briefing", state="confirmed", place="镇政府三楼会议室")
    provisional = make_event(index, title="月底在线访谈", starts_in=timedelta(days=20))
    cancelled = make_event(index, title="已取消的发布会", state="cancelled", kind="press_conference")
    past = make_event(index, title="上月访谈", starts_in=timedelta(days=-30), state="concluded")
    draft = make_event(index, title="尚未发布的活动", publish=False)

    calendar = parse(client.get(reverse("events:calendar_feed")))
    events = by_uid(calendar)
    titles = {str(item["SUMMARY"]) for item in events.values()}
    assert titles == {"【政策吹风会】下周政策吹风会", "【在线访谈】月底在线访谈", "【新闻发布会】已取消的发布会"}
    assert past.title not in str(titles) and draft.title not in str(titles)

    item = events[f"event-{confirmed.pk}@127.0.0.1:8000"]
    start = item.decoded("DTSTART")
    assert start.tzinfo.key == "Asia/Shanghai"
    assert start == timezone.localtime(confirmed.start, BEIJING).replace(microsecond=0)
    assert "TZID=Asia/Shanghai" in calendar.to_ical().decode()
    assert str(item["STATUS"]) == "CONFIRMED" and str(item["LOCATION"]) == "镇政府三楼会议室"
    assert str(item["URL"]).endswith(confirmed.url)
    assert str(events[f"event-{provisional.pk}@127.0.0.1:8000"]["STATUS"]) == "TENTATIVE"
    cancelled_item = events[f"event-{cancelled.pk}@127.0.0.1:8000"]
    assert str(cancelled_item["STATUS"]) == "CANCELLED" and "因天气原因取消" in str(cancelled_item["DESCRIPTION"])
    assert any(component.name == "VTIMEZONE" for component in calendar.walk())


def test_per_event_download_and_sequence_after_a_date_change(office, client):
    event = make_event(office["index"], state="confirmed")
    url = reverse("events:event_ics", args=(event.pk,))
    first = parse(client.get(url)).events[0]
    assert int(first["SEQUENCE"]) == 0
    assert 'filename="event-' in client.get(url)["Content-Disposition"]

    lifecycle.change_date(event, event.start + timedelta(days=1), event.end + timedelta(days=1), reason="场地调整")
    moved = parse(client.get(url)).events[0]
    assert int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART") == timezone.localtime(event.start, BEIJING).replace(microsecond=0)
    assert "改期说明:场地调整" in str(moved["DESCRIPTION"])


def test_per_event_file_of_an_unpublished_event_is_404(office, client):
    draft = make_event(office["index"], publish=False)
    response = client.get(reverse("events:event_ics", args=(draft.pk,)))
    assert response.status_code == 404 and "活动不存在或尚未发布" in response.content.decode()
