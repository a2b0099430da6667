"""RSS/Atom feeds: parsed from the bytes we fetched, sanitised, never crashing."""

from datetime import datetime

import pytest

from channels.sources.dates import CHINA_TZ
from channels.sources.errors import ParseError
from channels.sources.feed import parse_feed
from channels.sources.fetch import fetch


def fetched(upstream, path):
    result = fetch(upstream.url(path), allowed_hosts={"127.0.0.1"}, allow_private=True, timeout=(2, 2))
    return parse_feed(result.content, url=result.final_url, content_type=result.content_type)


def test_a_feed_gives_items_with_absolute_urls_dates_and_document_numbers(upstream):
    items = fetched(upstream, "/feed.xml")
    assert len(items) == 1 and not items.partial
    item = items[0]
    assert item.title == "国务院关于测试的通知（国发〔2025〕9号）"
    assert item.url == upstream.url("/zc/9.html")
    assert item.guid == "test-9"
    assert item.published == datetime(2025, 3, 1, 10, 0, tzinfo=CHINA_TZ)
    assert item.document_number == "国发〔2025〕9号"
    assert item.summary == "测试正文。"


def test_an_undeclared_gb2312_feed_reads_as_chinese(upstream):
    item = fetched(upstream, "/gb2312-feed.xml")[0]
    assert item.title == "关于印发全省政务公开工作要点的通知"
    assert "认真贯彻执行" in item.summary


def test_a_malformed_feed_gives_what_could_be_recovered_with_a_warning(upstream):
    items = fetched(upstream, "/malformed.xml")
    assert items.partial and "malformed" in items.warnings[0]
    assert [i.title for i in items] == ["可恢复的条目"]


def test_a_feed_that_is_not_xml_at_all_is_a_parse_error(upstream):
    with pytest.raises(ParseError) as caught:
        fetched(upstream, "/garbage.xml")
    assert "无法解析" in caught.value.user_message


def test_script_and_event_handler_payloads_in_entries_are_gone_after_sanitising(upstream):
    item = fetched(upstream, "/xss-feed.xml")[0]
    body = item.body_html
    for payload in ("<script", "alert(", "onerror", "onclick", "javascript:", "<iframe"):
        assert payload not in body
    # relative links resolve against the entry's page, http://127.0.0.1/x.html; the body is in editor form
    assert '<a href="http://127.0.0.1/ok.html">详情</a>' in body
    assert '<img alt="" src="http://127.0.0.1/logo.png"/>' in body
    assert "<p>点我 <a" in body  # a javascript: link keeps its text only
    assert "alert" not in item.summary


def test_a_bytes_body_that_looks_like_a_file_path_is_not_opened():
    """feedparser opens bytes as a file name; we never hand it bare bytes."""
    with pytest.raises(ParseError):
        parse_feed(b"/etc/hostname", url="http://127.0.0.1/feed.xml")


def test_an_html_page_is_not_mistaken_for_a_feed():
    with pytest.raises(ParseError):
        parse_feed(b"<html><body><p>hello</p></body></html>", url="http://127.0.0.1/")


def test_atom_feeds_and_rfc822_dates_work():
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id><updated>2025-03-01T00:00:00Z</updated>
<entry><title>关于印发方案的通知</title><id>urn:entry:1</id><link href="https://www.gov.cn/a.html?utm_source=rss"/>
<updated>2025-03-02T08:00:00+08:00</updated>
<content type="html">&lt;p&gt;文号：国办函〔2025〕7号&lt;/p&gt;</content></entry>
</feed>""".encode()
    item = parse_feed(atom, url="https://www.gov.cn/feed.atom")[0]
    assert item.url == "https://www.gov.cn/a.html"
    assert item.guid == "urn:entry:1"
    assert item.published == datetime(2025, 3, 2, 8, 0, tzinfo=CHINA_TZ)
    assert item.document_number == "国办函〔2025〕7号"


def test_entries_without_a_title_or_link_take_fallbacks_and_empty_ones_are_skipped_with_a_warning():
    rss = b"""<rss version="2.0"><channel><title>t</title><item><description>no title</description></item>
<item></item><item><title>ok</title><link>http://127.0.0.1/ok</link></item></channel></rss>"""
    items = parse_feed(rss, url="http://127.0.0.1/")
    assert [i.title for i in items] == ["no title", "ok"], "the summary's first line stands in for the title"
    assert items[0].url == "http://127.0.0.1/", "no link and no id: the feed's own link (here its URL)"
    assert len(items.warnings) == 1 and "no title and no summary" in items.warnings[0]
