"""Events go to the channels like any content: the announcement (预告) and the recap (回顾) to the website and
partners, the press kit to partners only and only after its embargo, and a changed date or a cancellation as
an update to whoever got the announcement."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from channels.adapters.base import get_adapter
from channels.models import Delivery
from channels.subjects import EventSubject
from interpretation.events import lifecycle
from interpretation.events.choices import ReleasePhase
from interpretation.events.models import EventPage, EventPerson, EventRelease
from interpretation.events.release import release_due_press_kits
from tests.events.test_press_kit_and_release import with_press_kit
from tests.factories.events import make_event
from tests.ledger.conftest import run_in_process

pytestmark = pytest.mark.django_db


def rows(event, phase):
    return Delivery.objects.filter(event_release__event=event, event_release__phase=phase)


def payload(receiver, row) -> dict:
    event = receiver.deliveries[row.key]
    return json.loads(event) if isinstance(event, (str, bytes)) else event


def webhook_row(event, phase, partner, *, update=False):
    found = rows(event, phase).filter(channel="partner_webhook", target=partner.target)
    return found.get(options__event_update__isnull=not update)


def test_an_announcement_reaches_partners_with_time_place_and_guests(office, webhook_partner, receiver, rings):
    event = make_event(office["index"], publish=False, title="营商环境政策吹风会", place="镇政府三楼会议室")
    event.people = [EventPerson(name="王强", title="主任", organ="经济发展办公室", role="speaker")]
    event.save_revision().publish()

    announced = rows(event, ReleasePhase.ANNOUNCEMENT)
    assert {(r.channel, r.target) for r in announced} == {
        ("website", "site"),
        ("partner_webhook", webhook_partner.target),
    }
    release = EventRelease.objects.get(event=event, phase=ReleasePhase.ANNOUNCEMENT)
    assert {r.key.split(":")[0] for r in announced} == {f"evt{release.pk}"}
    row = run_in_process(announced.get(channel="partner_webhook"))
    assert row.state == Delivery.State.DELIVERED, row.last_error_zh

    body = payload(receiver, row)
    assert body["type"] == "event.announced"
    item = body["data"]
    assert item["profile"] == "event" and item["uri"] == f"urn:policy:event-{event.pk}" and item["version"] == "1"
    assert item["headlines"][0]["value"] == "营商环境政策吹风会"
    html = item["bodies"][0]["value"]
    assert "镇政府三楼会议室" in html and "王强" in html and "经济发展办公室" in html
    assert "镇政府三楼会议室" in item["descriptions"][0]["value"], "the summary says when and where"


def test_a_recap_goes_to_the_website_and_partners(office, webhook_partner, receiver, rings):
    event = make_event(office["index"], state="concluded", starts_in=timedelta(hours=-3))
    event.transcript = "<p>主持人:欢迎大家参加今天的吹风会。</p>"
    event.save_revision().publish()
    recap = rows(event, ReleasePhase.RECAP)
    assert {r.channel for r in recap} == {"website", "partner_webhook"}
    row = run_in_process(recap.get(channel="partner_webhook"))
    body = payload(receiver, row)
    assert body["type"] == "event.recap" and "欢迎大家参加今天的吹风会" in body["data"]["bodies"][0]["value"]
    assert body["data"]["uri"] == f"urn:policy:event-{event.pk}-recap"


def test_the_press_kit_reaches_partners_only_after_its_embargo(office, webhook_partner, receiver, rings):
    event = make_event(office["index"], starts_in=timedelta(hours=2))
    event = with_press_kit(event, timezone.now() + timedelta(hours=2))
    announcement = webhook_row(event, ReleasePhase.ANNOUNCEMENT, webhook_partner)
    run_in_process(announcement)
    assert "新闻资料" not in json.dumps(payload(receiver, announcement), ensure_ascii=False), "nothing of the kit"
    assert release_due_press_kits() == [] and not rows(event, ReleasePhase.PRESS_KIT).exists()

    # The embargo time comes (moved to the past rather than waiting two hours).
    EventPage.objects.filter(pk=event.pk).update(press_kit_embargo_until=timezone.now() - timedelta(seconds=1))
    (release,) = release_due_press_kits()
    kit = rows(event, ReleasePhase.PRESS_KIT)
    assert [(r.channel, r.target) for r in kit] == [("partner_webhook", webhook_partner.target)], "partners only"

    row = run_in_process(kit.get())
    assert row.state == Delivery.State.DELIVERED, row.last_error_zh
    body = payload(receiver, row)
    assert body["type"] == "event.press_kit" and body["data"]["uri"] == f"urn:policy:event-{event.pk}-press-kit"
    kit_item = event.press_kit.get()
    links = [r["href"] for r in body["data"]["renditions"]]
    assert any(link.endswith(f"/events/{event.pk}/press-kit/{kit_item.pk}/") for link in links)


def test_a_press_kit_row_written_too_early_is_refused_until_the_embargo_ends(office, webhook_partner, rings):
    event = with_press_kit(make_event(office["index"]), timezone.now() + timedelta(hours=2))
    early = EventRelease.objects.create(event=event, phase=ReleasePhase.PRESS_KIT)
    assert not EventSubject(early).is_public()
    assert get_adapter("partner_webhook").targets(early) == []
    assert get_adapter("partner_webhook").validate(early, webhook_partner.target) == [
        "新闻资料尚未解禁或活动页面已撤回,不得向媒体分发"
    ]


def test_a_rescheduled_event_sends_partners_an_update_of_the_announcement(office, webhook_partner, receiver, rings):
    event = make_event(office["index"], state="confirmed")
    announcement = run_in_process(webhook_row(event, ReleasePhase.ANNOUNCEMENT, webhook_partner))
    start = event.start + timedelta(days=1)
    lifecycle.change_date(event, start, start + timedelta(hours=1), reason="与上级会议冲突,顺延一天。")

    update = webhook_row(event, ReleasePhase.ANNOUNCEMENT, webhook_partner, update=True)
    assert update.key.startswith(f"{announcement.key}:rescheduled-")
    assert {r.channel for r in rows(event, ReleasePhase.ANNOUNCEMENT).filter(options__event_update__isnull=False)} == {
        "website",
        "partner_webhook",
    }, "no WeChat: an article cannot be edited"
    assert update.subject_title.startswith("活动改期 · ")
    update = run_in_process(update)
    assert update.state == Delivery.State.DELIVERED, update.last_error_zh
    body = payload(receiver, update)
    assert body["type"] == "event.rescheduled"
    item = body["data"]
    assert item["uri"] == payload(receiver, announcement)["data"]["uri"] and item["version"] == "2"
    assert "顺延一天" in item["bodies"][0]["value"] and "活动时间已变更" in item["ednote"]


def test_a_new_place_after_the_announcement_reaches_whoever_got_it(office, webhook_partner, receiver, rings):
    event = make_event(office["index"], state="confirmed", place="镇政府三楼会议室")
    announcement = run_in_process(webhook_row(event, ReleasePhase.ANNOUNCEMENT, webhook_partner))
    page = EventPage.objects.get(pk=event.pk)
    page.summary = "只改简介:不必通知媒体。"
    page.save_revision().publish()
    assert not rows(event, ReleasePhase.ANNOUNCEMENT).filter(options__event_update__isnull=False).exists()

    page.place = "镇文化中心报告厅"
    page.save_revision().publish()
    update = webhook_row(event, ReleasePhase.ANNOUNCEMENT, webhook_partner, update=True)
    assert update.key.startswith(f"{announcement.key}:updated-") and update.subject_title.startswith("活动信息变更 · ")
    assert {r.channel for r in rows(event, ReleasePhase.ANNOUNCEMENT).filter(options__event_update="updated")} == {
        "website",
        "partner_webhook",
    }
    update = run_in_process(update)
    assert update.state == Delivery.State.DELIVERED, update.last_error_zh
    body = payload(receiver, update)
    assert body["type"] == "event.updated"
    item = body["data"]
    assert item["uri"] == payload(receiver, announcement)["data"]["uri"] and item["version"] == "2"
    assert "地点由“镇政府三楼会议室”改为“镇文化中心报告厅”" in item["bodies"][0]["value"]
    assert "活动信息已变更" in item["ednote"]

    page.save_revision().publish()  # published again unchanged: nothing new to tell
    assert rows(event, ReleasePhase.ANNOUNCEMENT).filter(options__event_update__isnull=False).count() == 2
    start = event.start + timedelta(days=1)
    lifecycle.change_date(event, start, start + timedelta(hours=1), reason="场地调整,顺延一天。")
    later = rows(event, ReleasePhase.ANNOUNCEMENT).get(
        channel="partner_webhook", options__event_update="rescheduled", target=webhook_partner.target
    )
    assert later.options["version"] == 3, "every update of the announcement is a newer version than the last"


def test_a_cancelled_event_sends_partners_a_cancellation(office, webhook_partner, receiver, rings):
    event = make_event(office["index"])
    run_in_process(webhook_row(event, ReleasePhase.ANNOUNCEMENT, webhook_partner))
    lifecycle.perform(event, "cancel", reason="因天气原因取消。")
    update = run_in_process(webhook_row(event, ReleasePhase.ANNOUNCEMENT, webhook_partner, update=True))
    body = payload(receiver, update)
    assert body["type"] == "event.cancelled" and "因天气原因取消" in body["data"]["bodies"][0]["value"]
    lifecycle_again = rows(event, ReleasePhase.ANNOUNCEMENT).count()
    from channels.receivers import on_event_cancelled

    on_event_cancelled(sender=None, event=event)
    assert rows(event, ReleasePhase.ANNOUNCEMENT).count() == lifecycle_again, "the same cancellation is written once"


def test_an_event_never_announced_has_no_one_to_tell(office, webhook_partner, rings):
    event = make_event(office["index"], publish=False)
    lifecycle.perform(event, "cancel", reason="取消。")
    assert not Delivery.objects.filter(event_release__event=event).exists()
