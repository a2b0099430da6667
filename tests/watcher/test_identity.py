"""One policy, one republication: identity per source, dedup across sources, upstream changes."""

import pytest
from django.db import IntegrityError, transaction

from channels.sources.config import FeedConfig, HtmlListConfig
from channels.watcher.models import RepublicationPage, UpstreamRecord
from channels.watcher.polling import poll_source
from tests.factories.watcher import demo_source, make_source
from tests.sources.upstream_server import send
from tests.watcher.conftest import beijing

pytestmark = pytest.mark.django_db

NOW = beijing(2025, 3, 4, 10, 0)
SEVEN = "国发〔2025〕7号"


def serve(upstream, path, state, content_type="text/html; charset=utf-8"):
    """Serve ``state["body"]`` at ``path``; tests change it to play an upstream edit."""
    upstream.route(path, lambda h: send(h, 200, state["body"].encode(), {"Content-Type": content_type}))


def test_a_state_council_document_reposted_by_the_province_is_republished_once(office, upstream):
    state_council = demo_source(upstream, "state_council")
    province = demo_source(upstream, "province")

    poll_source(state_council, now=NOW)
    report = poll_source(province, now=NOW)

    actions = {o.item.title: o.action for o in report.outcomes}
    assert actions["【转载】国务院关于推进政策文件集中公开和解读工作的意见"] == "duplicate"
    assert RepublicationPage.objects.filter(document_number=SEVEN).count() == 1
    assert RepublicationPage.objects.count() == 3
    repost = UpstreamRecord.objects.get(source=province, document_number=SEVEN)
    assert repost.state == "duplicate" and repost.duplicate_of.source == state_council


def test_the_original_takes_over_a_draft_made_from_the_provinces_repost(office, upstream):
    state_council = demo_source(upstream, "state_council")
    province = demo_source(upstream, "province")

    poll_source(province, now=NOW)
    draft = RepublicationPage.objects.get(document_number=SEVEN)
    assert draft.source_organ == "安徽省人民政府"
    report = poll_source(state_council, now=beijing(2025, 3, 4, 11, 0))

    assert [o.action for o in report.outcomes] == ["took_over", "new"]
    page = RepublicationPage.objects.get(document_number=SEVEN)
    assert page.pk == draft.pk, "the same draft, so its deadline and links stay"
    assert page.deadline_at == draft.deadline_at
    assert page.source_organ == "国务院" and page.original_url.endswith("/state_council/content_7001.html")
    assert page.title == "国务院关于推进政策文件集中公开和解读工作的意见"
    assert "集中公开政策文件" in page.get_latest_revision_as_object().body
    assert UpstreamRecord.objects.get(source=province, document_number=SEVEN).state == "duplicate"


def test_an_edited_draft_is_not_taken_over_but_the_editor_is_told(office, upstream, django_user_model):
    state_council = demo_source(upstream, "state_council")
    province = demo_source(upstream, "province")
    poll_source(province, now=NOW)
    draft = RepublicationPage.objects.get(document_number=SEVEN)
    draft.save_revision(user=django_user_model.objects.get(username="dzb_editor"))

    report = poll_source(state_council, now=NOW)

    assert report.outcomes[0].action == "duplicate"
    page = RepublicationPage.objects.get(pk=draft.pk)
    assert page.source_organ == "安徽省人民政府"
    assert "发布了此文件的原文" in page.watcher_note


def test_an_item_is_the_same_over_http_and_https_and_with_tracking_parameters(office, upstream):
    state = {"body": f'<ul><li><a href="{upstream.url("/same.html")}">关于同一文件的通知</a></li></ul>'}
    serve(upstream, "/identity/list.html", state)
    source = make_source(upstream, "/identity/list.html", HtmlListConfig(item="li", title="a"))
    assert [o.action for o in poll_source(source, now=NOW).outcomes] == ["new"]

    https = upstream.url("/same.html?utm_source=wechat&from=timeline").replace("http://", "https://")
    state["body"] = f'<ul><li><a href="{https}">关于同一文件的通知</a></li></ul><p>页面其他部分变了</p>'
    report = poll_source(source.__class__.objects.get(pk=source.pk), now=NOW)

    assert report.status == "changed" and [o.action for o in report.outcomes] == ["known"]
    assert RepublicationPage.objects.count() == 1 and UpstreamRecord.objects.count() == 1


def test_a_feed_item_keeps_its_guid_identity_when_its_link_moves(office, upstream):
    feed = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
    <item><title>关于测试编号识别的通知</title><link>{link}</link><guid isPermaLink="false">g-1</guid>
    <description>正文</description></item></channel></rss>"""
    state = {"body": feed.format(link="/a/1.html")}
    serve(upstream, "/identity/feed.xml", state, "application/rss+xml")
    source = make_source(upstream, "/identity/feed.xml", FeedConfig())
    poll_source(source, now=NOW)

    state["body"] = feed.format(link="/moved/1.html")
    report = poll_source(source.__class__.objects.get(pk=source.pk), now=NOW)

    assert [o.action for o in report.outcomes] == ["known"]
    assert RepublicationPage.objects.count() == 1


def test_same_title_without_a_document_number_is_drafted_but_marked_as_a_possible_duplicate(office, upstream):
    state = {"body": '<ul><li><a href="/x/1.html">关于做好春季森林防火工作的紧急通知</a></li></ul>'}
    serve(upstream, "/weak/a.html", state)
    # Another address for the same title (the same address would be a certain duplicate: one canonical URL).
    serve(upstream, "/weak/b.html", {"body": state["body"].replace("/x/1.html", "/y/1.html")})
    first = make_source(upstream, "/weak/a.html", HtmlListConfig(item="li", title="a"))
    second = make_source(upstream, "/weak/b.html", HtmlListConfig(item="li", title="a"), level="city")
    poll_source(first, now=NOW)

    report = poll_source(second, now=NOW)

    assert [o.action for o in report.outcomes] == ["possible_duplicate"]
    assert RepublicationPage.objects.count() == 2
    assert "疑似" in RepublicationPage.objects.get(source=second).watcher_note


def test_only_one_record_per_document_number_can_hold_the_republication(office, upstream):
    source = demo_source(upstream, "city")
    values = {"source": source, "url": "http://127.0.0.1/a", "title": "t", "dedup_key": "国发〔2025〕1号|t"}
    UpstreamRecord.objects.create(identity="a", state="republished", **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        UpstreamRecord.objects.create(identity="b", state="republished", **values)


UPSTREAM_FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
<item><title>马鞍山市人民政府关于调整测试补贴标准的通知</title><link>/c/1.html</link><guid>c-1</guid>
<description><![CDATA[<p>马政发〔2025〕9号</p><p>{body}</p>]]></description></item></channel></rss>"""


def _changing_source(upstream, path):
    state = {"body": UPSTREAM_FEED.format(body="补贴标准为每人每月100元。")}
    serve(upstream, path, state, "application/rss+xml")
    return state, make_source(upstream, path, FeedConfig(), level="city")


def test_an_upstream_change_to_a_published_republication_is_flagged_for_the_editor(office, upstream):
    state, source = _changing_source(upstream, "/change/published.xml")
    poll_source(source, now=NOW)
    page = RepublicationPage.objects.get()
    page.save_revision().publish()

    state["body"] = UPSTREAM_FEED.format(body="补贴标准调整为每人每月120元。")
    report = poll_source(source.__class__.objects.get(pk=source.pk), now=beijing(2025, 3, 5, 9, 0))

    assert [o.action for o in report.outcomes] == ["changed"]
    page.refresh_from_db()
    assert page.upstream_changed_at is not None and "正文" in page.upstream_change_note
    assert "100元" in page.body, "the published text is the editor's to change"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.upstream_changed_at is not None, "publishing again does not silently clear the flag"


def test_an_untouched_draft_follows_the_upstream_change(office, upstream):
    state, source = _changing_source(upstream, "/change/draft.xml")
    poll_source(source, now=NOW)

    state["body"] = UPSTREAM_FEED.format(body="补贴标准调整为每人每月120元。")
    poll_source(source.__class__.objects.get(pk=source.pk), now=NOW)

    page = RepublicationPage.objects.get()
    assert "120元" in page.get_latest_revision_as_object().body
    assert page.upstream_changed_at is None and "自动更新" in page.watcher_note
