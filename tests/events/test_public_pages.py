"""What readers see: the index, the event page behind the public page cache, the home page section."""

from datetime import timedelta

import pytest
from django.urls import reverse

from interpretation.events import lifecycle
from interpretation.events.home_sections import home_context
from tests.factories.events import make_event, make_question

pytestmark = pytest.mark.django_db


def test_a_cached_event_page_follows_state_changes_made_without_publishing(office, client):
    event = make_event(office["index"], state="confirmed")
    assert "预告·时间已确定" in client.get(event.url).content.decode()
    assert client.get(event.url).get("X-Page-Cache") in ("hit", None)
    lifecycle.perform(event, "cancel", reason="上级会议冲突,活动取消。")
    html = client.get(event.url).content.decode()
    assert "本场活动已取消" in html and "上级会议冲突,活动取消。" in html
    index = client.get(office["index"].url).content.decode()
    assert "已取消" in index


def test_moderation_and_live_entries_refresh_the_cached_page(office, interview, client, login):
    assert "待审" not in client.get(interview.url).content.decode()
    question = make_question(interview, text="请问目录多久更新?")
    moderator = login("dzb_editor")
    moderator.post(reverse("events_admin:moderate", args=(interview.pk, question.pk, "approve")))
    moderator.post(
        reverse("events_admin:post_entry", args=(interview.pk,)), {"speaker": "张明", "text": "访谈正式开始。"}
    )
    client.logout()
    html = client.get(interview.url).content.decode()
    assert "请问目录多久更新?" in html and "访谈正式开始。" in html


def test_index_lists_upcoming_events_then_past_ones(office, client):
    index = office["index"]
    past = make_event(index, title="上月新闻发布会", kind="press_conference", starts_in=timedelta(days=-30))
    lifecycle.perform(past, "confirm")
    upcoming = make_event(index, title="下周政策吹风会", kind="briefing")
    html = client.get(index.url).content.decode()
    assert html.index("近期活动") < html.index(upcoming.title) < html.index("往期回顾") < html.index(past.title)
    assert "(暂定)" in html


def test_home_section_offers_upcoming_public_events(office, rf):
    upcoming = make_event(office["index"], title="下周政策吹风会", kind="briefing", state="confirmed")
    make_event(office["index"], title="草稿活动", publish=False)
    make_event(office["index"], title="已结束的访谈", state="concluded")
    items = home_context(rf.get("/"))["upcoming_events"]
    assert [(item["title"], item["kind_label"], item["url"]) for item in items] == [
        (upcoming.title, "政策吹风会", upcoming.url)
    ]


def test_public_page_shows_people_policies_and_calendar_link(office, client):
    from interpretation.events.models import EventPerson

    event = make_event(office["index"], policy=office["policy"], state="confirmed")
    event.people = [EventPerson(name="张明", title="主任", organ="党政办公室", role="speaker")]
    event.save_revision().publish()
    html = client.get(event.url).content.decode()
    assert "发布人" in html and "党政办公室 主任 张明" in html
    assert office["policy"].title in html and event.ics_url in html
