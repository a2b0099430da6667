"""Partners without a server pull republications and events too: one cursor over every kind, and one feed."""

import base64
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interpretation.events import lifecycle
from interpretation.events.models import EventPage
from interpretation.events.release import release_due_press_kits
from interpretation.models import BundleRelease
from media_templates.renderers.atom import ATOM_NS
from tests.events.test_press_kit_and_release import with_press_kit
from tests.factories.events import make_event
from tests.factories.watcher import republication

pytestmark = pytest.mark.django_db
A = f"{{{ATOM_NS}}}"
SEED = "2018年历阳镇政务公开工作方案"


@pytest.fixture
def reader(make_partner):
    return make_partner("县融媒体中心", pull_enabled=True)


def pull(client, token, **params):
    return client.get(reverse("partners:releases_api"), params, headers={"Authorization": f"Bearer {token}"})


def titles(response):
    return [item["headlines"][0]["value"] for item in response.json()["items"]]


@pytest.fixture
def content(office, rings):
    """The seed policy (released with the office), a republication and an event announcement, in that order."""
    page = republication("国务院关于推进政务公开的意见")
    event = make_event(office["index"], title="政务公开新闻发布会")
    return page, event


def test_one_cursor_pages_through_every_kind_in_release_order(client, reader, content):
    first = pull(client, reader.pull_token, limit=2)
    assert titles(first) == [SEED, "国务院关于推进政务公开的意见"] and first.json()["has_more"] is True
    second = pull(client, reader.pull_token, since=first.json()["next"], limit=2)
    assert titles(second) == ["政务公开新闻发布会"] and second.json()["has_more"] is False
    profiles = [item.get("profile") for item in first.json()["items"] + second.json()["items"]]
    assert profiles == ["policy-bundle", "republication", "event"]

    republication("省政府关于政务公开的通知")  # arrives later: picked up once, nothing repeated
    third = pull(client, reader.pull_token, since=second.json()["next"])
    assert titles(third) == ["省政府关于政务公开的通知"]
    assert titles(pull(client, reader.pull_token, since=third.json()["next"])) == []


def test_an_old_policy_only_cursor_still_works(client, reader, content):
    last_policy = BundleRelease.objects.latest("pk").pk
    old = base64.urlsafe_b64encode(f"r1:{last_policy}".encode()).decode().rstrip("=")
    assert titles(pull(client, reader.pull_token, since=old)) == ["国务院关于推进政务公开的意见", "政务公开新闻发布会"]
    assert pull(client, reader.pull_token, since="cjI6MS4y").json() == {"error": "since 参数无效"}  # "r2:1.2"


def test_a_press_kit_is_pulled_only_after_its_embargo(client, reader, office, rings):
    event = with_press_kit(make_event(office["index"], title="新闻发布会"), timezone.now() + timedelta(hours=2))
    assert "新闻发布会(新闻资料)" not in titles(pull(client, reader.pull_token))
    EventPage.objects.filter(pk=event.pk).update(press_kit_embargo_until=timezone.now() - timedelta(seconds=1))
    release_due_press_kits()
    assert "新闻发布会(新闻资料)" in titles(pull(client, reader.pull_token))


def test_filters_apply_to_every_kind(client, make_partner, content):
    typed = make_partner("只收规章", pull_enabled=True, document_types=["normative"])
    assert "国务院关于推进政务公开的意见" not in titles(pull(client, typed.pull_token))
    on_topic = make_partner("政务公开", pull_enabled=True, topics=["zhengwu-gongkai"])
    assert "国务院关于推进政务公开的意见" in titles(pull(client, on_topic.pull_token))
    elsewhere = make_partner("营商环境", pull_enabled=True, topics=["yingshang-huanjing"])
    assert titles(pull(client, elsewhere.pull_token)) == []


def test_the_feed_lists_republications_and_events_newest_first(client, reader, content):
    response = client.get(reverse("partners:feed"), {"token": reader.pull_token})
    root = ET.fromstring(response.content)
    entries = [e.findtext(f"{A}title") for e in root.findall(f"{A}entry")]
    assert entries == ["政务公开新闻发布会", "国务院关于推进政务公开的意见", SEED]


def test_a_cancelled_or_changed_event_reaches_pull_partners_as_a_newer_version(client, reader, content):
    _page, event = content
    caught_up = pull(client, reader.pull_token).json()["next"]
    positions = base64.urlsafe_b64decode(caught_up + "=" * (-len(caught_up) % 4)).decode().removeprefix("r3:")
    old_style = base64.urlsafe_b64encode(f"r2:{positions.rsplit('.', 1)[0]}".encode()).decode().rstrip("=")
    page = EventPage.objects.get(pk=event.pk)
    page.place = "镇文化中心报告厅"
    page.save_revision().publish()
    changed = pull(client, reader.pull_token, since=caught_up).json()
    assert [(item["headlines"][0]["value"], item["version"]) for item in changed["items"]] == [
        ("政务公开新闻发布会", "2")
    ]
    assert "地点由“镇政府三楼会议室”改为“镇文化中心报告厅”" in changed["items"][0]["bodies"][0]["value"]

    lifecycle.perform(event, "cancel", reason="因天气原因取消。")
    cancelled = pull(client, reader.pull_token, since=changed["next"]).json()
    assert [item["version"] for item in cancelled["items"]] == ["3"], "the announcement's item again, newer"
    assert "因天气原因取消" in cancelled["items"][0]["bodies"][0]["value"]
    assert pull(client, reader.pull_token, since=cancelled["next"]).json()["items"] == []
    older = pull(client, reader.pull_token, since=old_style).json()
    assert [item["version"] for item in older["items"]] == ["2", "3"], "a cursor from before updates were pulled"

    feed = ET.fromstring(client.get(reverse("partners:feed"), {"token": reader.pull_token}).content)
    entries = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}title") for e in entries].count("政务公开新闻发布会") == 1, "one entry per event"
    newest = entries[0]
    assert newest.findtext(f"{A}title") == "政务公开新闻发布会"
    assert "本场活动已取消" in ET.tostring(newest, encoding="unicode")
