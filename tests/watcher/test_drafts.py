"""A policy found upstream becomes a draft republication an editor can check and publish."""

import pytest
from django.utils import timezone

from channels.watcher.models import RepublicationIndexPage, RepublicationPage, Source, UpstreamRecord
from channels.watcher.polling import poll_source
from interpretation.models import DraftingDepartment, Topic
from tests.factories.watcher import add_rule, demo_source, make_source
from tests.watcher.conftest import beijing

pytestmark = pytest.mark.django_db

NOW = beijing(2025, 3, 3, 10, 0)


def test_state_council_listing_becomes_drafts_with_full_text_attribution_and_routing(office, upstream):
    source = demo_source(upstream, "state_council")
    add_rule(
        source,
        "政务公开 解读",
        department=DraftingDepartment.objects.get(code="dangzheng"),
        topic=Topic.objects.get(code="zhengwu-gongkai"),
    )

    report = poll_source(source, now=NOW)

    assert report.ok and [o.action for o in report.outcomes] == ["new", "new"]
    index = RepublicationIndexPage.objects.get()
    assert index.live and index.get_parent().specific_class.__name__ == "HomePage"
    page = RepublicationPage.objects.get(document_number="国发〔2025〕7号")
    assert not page.live, "a draft for an editor unless the source publishes automatically"
    assert page.get_parent().pk == index.pk
    assert page.title == "国务院关于推进政策文件集中公开和解读工作的意见"
    assert page.source_organ == "国务院" and page.source_level == "state_council"
    assert page.original_url == upstream.url("/samples/state_council/content_7001.html")
    assert timezone.localtime(page.original_date).date().isoformat() == "2025-03-03"
    assert "集中公开政策文件" in page.body, "the detail page's full text, not the list's title only"
    assert [(a.title, a.url) for a in page.attachments.all()] == [
        ("政策文件目录编制说明", upstream.url("/samples/state_council/P020250303_fujian1.pdf"))
    ]
    assert page.attribution == f"来源:国务院 原文链接:{page.original_url}"
    assert page.department.code == "dangzheng" and page.topic.code == "zhengwu-gongkai"
    other = RepublicationPage.objects.exclude(pk=page.pk).get()
    assert other.title == "国务院办公厅关于做好2025年政务公开重点工作的通知", "the full title from title=''"
    assert Source.objects.get(pk=source.pk).drafts_created == 2


def test_feed_bodies_are_sanitised_before_they_become_drafts(office, upstream):
    source = make_source(upstream, "/xss-feed.xml")

    poll_source(source, now=NOW)

    body = RepublicationPage.objects.get().body
    assert "正文" in body
    for payload in ("<script", "onclick", "onerror", "javascript:", "<iframe"):
        assert payload not in body


def test_unrouted_items_go_to_the_sources_default_department(office, upstream):
    department = DraftingDepartment.objects.get(code="jingji")
    source = demo_source(upstream, "city", default_department=department)

    poll_source(source, now=NOW)

    assert set(RepublicationPage.objects.values_list("department__code", flat=True)) == {"jingji"}


def test_auto_publish_source_publishes_and_records_the_release(office, upstream):
    source = demo_source(upstream, "city", auto_publish=True)

    report = poll_source(source, now=NOW)

    assert [o.action for o in report.outcomes] == ["published", "published"]
    page = RepublicationPage.objects.live().first()
    assert page is not None and page.releases.get().kind == "release"


def test_old_items_of_a_newly_added_source_are_recorded_but_not_drafted(office, upstream):
    source = demo_source(upstream, "city", ignore_older_than_days=30)

    report = poll_source(source, now=beijing(2026, 5, 1, 9, 0))

    assert [o.action for o in report.outcomes] == ["too_old", "too_old"]
    assert not RepublicationPage.objects.exists()
    assert not UpstreamRecord.objects.exists()  # kept as skipped items, so a wider window can bring them back
    assert list(source.skipped_items.values_list("reason", flat=True)) == ["too_old", "too_old"]


def test_detail_page_failures_are_retried_then_drafted_from_the_listing_with_a_note(office, upstream):
    upstream.route(
        "/broken-details/list.html",
        lambda h: _send_html(h, '<ul><li><a href="missing.html">关于测试详情页缺失的通知</a></li></ul>'),
    )
    from channels.sources.config import DetailConfig, HtmlListConfig

    config = HtmlListConfig(item="li", title="a", detail=DetailConfig(body="#content"))
    source = make_source(upstream, "/broken-details/list.html", config)

    first = poll_source(source, now=NOW)
    assert [o.action for o in first.outcomes] == ["pending"]
    assert not RepublicationPage.objects.exists()
    source.refresh_from_db()
    assert source.etag == "" and source.content_hash == "", "the listing is read again next time"
    poll_source(source, now=NOW)
    third = poll_source(Source.objects.get(pk=source.pk), now=NOW)

    assert [o.action for o in third.outcomes] == ["new"]
    page = RepublicationPage.objects.get()
    assert "未能获取原文正文" in page.watcher_note


def _send_html(handler, html):
    from tests.sources.upstream_server import send

    send(handler, 200, html.encode(), {"Content-Type": "text/html; charset=utf-8"})
