"""The sources screens an operator reads: Chinese only, Beijing time, and states beyond 正常/失败 (已失效, 限流中,
无内容); a bad link in a feed is a warning on the source, never a traceback in the log."""

import datetime as dt
import logging

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from channels.sources.config import FeedConfig
from channels.watcher.models import RepublicationPage, RepublicationRelease, Source
from channels.watcher.polling import poll_source
from tests.admin_i18n.crawl import english_words, visible_texts
from tests.factories.watcher import latest_republication_release, make_source, republication
from tests.sources.upstream_server import send

pytestmark = pytest.mark.django_db

POLLED = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)  # 16:00 in Beijing
EMPTY_FEED = b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title></channel></rss>'
BAD_LINK_FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
<item><title>含无效链接的条目</title><link>javascript:alert(1)</link><guid>bad-1</guid></item>
<item><title>关于做好政务公开工作的通知</title><link>http://127.0.0.1/ok/1.html</link></item>
</channel></rss>""".encode()


def poll_times(source: Source, times: int) -> Source:
    for _ in range(times):
        poll_source(Source.objects.get(pk=source.pk), now=POLLED)
    return Source.objects.get(pk=source.pk)


def routes(upstream):
    upstream.route("/st/gone.xml", lambda h: send(h, 410, b"gone"))
    upstream.route("/st/missing.xml", lambda h: send(h, 404, b"missing"))
    upstream.route("/st/busy.xml", lambda h: send(h, 429, b"slow down", {"Retry-After": "600"}))
    upstream.route("/st/empty.xml", lambda h: send(h, 200, EMPTY_FEED, {"Content-Type": "application/rss+xml"}))
    upstream.route("/st/bad.xml", lambda h: send(h, 200, BAD_LINK_FEED, {"Content-Type": "application/rss+xml"}))


def test_gone_rate_limited_and_empty_sources_say_so(office, upstream):
    routes(upstream)

    gone = make_source(upstream, "/st/gone.xml", FeedConfig())
    assert poll_times(gone, 1).status_label == "连续失败 1 次"  # one 410 may be a botched deploy
    assert poll_times(gone, 1).status_label == "已失效"
    assert poll_times(make_source(upstream, "/st/missing.xml", FeedConfig()), 2).status_label == "已失效"
    assert poll_times(make_source(upstream, "/st/busy.xml", FeedConfig()), 1).status_label == "限流中"
    empty = make_source(upstream, "/st/empty.xml", FeedConfig())
    assert poll_times(empty, 2).status_label == "正常"
    assert poll_times(empty, 1).status_label == "无内容"  # the third poll without a single item


def test_a_javascript_link_is_a_warning_on_the_source_not_a_traceback(office, upstream, caplog):
    routes(upstream)
    source = make_source(upstream, "/st/bad.xml", FeedConfig())

    with caplog.at_level(logging.INFO):
        source = poll_times(source, 2)

    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert source.status_label == "正常"
    assert "链接无效" in source.last_warnings or "内容不规范" in source.last_warnings
    assert not english_words(source.last_warnings)
    assert list(RepublicationPage.objects.values_list("title", flat=True)) == ["关于做好政务公开工作的通知"]


def test_source_list_and_detail_are_chinese_in_beijing_time_with_their_states(office, upstream, client):
    routes(upstream)
    sources = {
        "已失效": poll_times(make_source(upstream, "/st/gone.xml", FeedConfig(), name="失效的信息源"), 2),
        "限流中": poll_times(make_source(upstream, "/st/busy.xml", FeedConfig(), name="限流的信息源"), 1),
        "无内容": poll_times(make_source(upstream, "/st/empty.xml", FeedConfig(), name="空的信息源"), 3),
        "正常": poll_times(make_source(upstream, "/st/bad.xml", FeedConfig(), name="有坏链接的信息源"), 1),
    }
    client.force_login(get_user_model().objects.get(username="admin"))
    names = frozenset(get_user_model().objects.values_list("username", flat=True))

    listing = client.get(reverse("wagtailsnippets_watcher_source:list"))
    screens = {"信息源列表": listing}
    for label, source in sources.items():
        screens[label] = client.get(reverse("wagtailsnippets_watcher_source:inspect", args=(source.pk,)))
    screens["首页"] = client.get(reverse("wagtailadmin_home"))

    for name, response in screens.items():
        assert response.status_code == 200, name
        text = " ".join(visible_texts(response.content.decode()))
        assert english_words(text, names) == [], name
        assert "UTC" not in text and "2026-12-06 08:00" not in text, name
        assert not {"True", "False", "None"} & set(text.split()), name
    listing_text = " ".join(visible_texts(listing.content.decode()))
    assert all(label in listing_text for label in sources)
    for label in sources:
        assert label in " ".join(visible_texts(screens[label].content.decode()))
        assert "2026-12-06 16:00" in " ".join(visible_texts(screens[label].content.decode()))
    warned = " ".join(visible_texts(screens["正常"].content.decode()))
    assert "链接无效" in warned or "无效链接" in warned, "the javascript: link is a warning on the source"


def test_release_records_are_chinese_in_beijing_time(office, client):
    release = latest_republication_release(republication())
    RepublicationRelease.objects.filter(pk=release.pk).update(released_at=POLLED, on_time=None)
    client.force_login(get_user_model().objects.get(username="admin"))
    names = frozenset(get_user_model().objects.values_list("username", flat=True))

    for view, args in (("list", ()), ("inspect", (release.pk,))):
        response = client.get(reverse(f"wagtailsnippets_watcher_republicationrelease:{view}", args=args))
        text = " ".join(visible_texts(response.content.decode()))
        assert response.status_code == 200 and english_words(text, names) == [], view
        assert "2026-12-06 16:00" in text and "UTC" not in text, view
        assert not {"True", "False", "None"} & set(text.split()), view
