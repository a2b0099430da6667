"""iCalendar (RFC 5545) for events: a feed of upcoming events and one file per event, in Beijing time."""

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone
from django.utils.html import strip_tags

from cms.foundation import links
from interpretation.events.choices import EventState

BEIJING = ZoneInfo("Asia/Shanghai")
PRODID = "-//历阳镇人民政府//发布会与访谈//ZH"


def _status(event) -> str:
    if event.state == EventState.CANCELLED:
        return "CANCELLED"
    return "TENTATIVE" if event.is_provisional else "CONFIRMED"


def _description(event) -> str:
    lines = [f"{event.get_kind_display()}:{event.title}"]
    if event.summary:
        lines.append(event.summary)
    if event.is_provisional and event.state == EventState.SCHEDULED:
        lines.append("时间暂定,以正式通知为准。")
    people = [str(person) for person in event.people.all()]
    if people:
        lines.append("出席:" + "、".join(people))
    for change in event.public_date_changes():
        lines.append(f"改期说明:{change.reason}")
    if event.state == EventState.CANCELLED:
        lines.append(f"活动已取消。理由:{event.cancellation_reason}")
    return "\n".join(strip_tags(line) for line in lines)


def event_component(event) -> icalendar.Event:
    host = urlsplit(links.site_root()).netloc
    item = icalendar.Event()
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", timezone.localtime(event.start, BEIJING))
    item.add("dtend", timezone.localtime(event.end, BEIJING))
    item.add("summary", f"【{event.get_kind_display()}】{event.title}")
    item.add("description", _description(event))
    location = event.place or event.online_url
    if location:
        item.add("location", location)
    url = event.get_url()
    if url:
        item.add("url", links.absolute(url))
    item.add("status", _status(event))
    # Calendar clients replace an entry only when SEQUENCE grows: each date change or a cancellation.
    item.add("sequence", event.date_changes.count() + (1 if event.state == EventState.CANCELLED else 0))
    if event.last_published_at:
        item.add("last-modified", event.last_published_at)
    return item


def build_calendar(events, name: str = "历阳镇人民政府 发布会与访谈") -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    for event in events:
        calendar.add_component(event_component(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()
