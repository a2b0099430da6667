"""Feeds feedparser reads and we used to misread: BOM-less UTF-16/32 and EBCDIC, entries without a title or a
link, and links that are not web pages (a warning on that entry, never a traceback)."""

import io
import logging

import feedparser
import pytest

from channels.sources.encoding import decode_bytes, signature_encoding
from channels.sources.feed import parse_feed
from channels.sources.fetch import fetch
from channels.sources.identity import item_identity
from tests.sources import odd_upstreams
from tests.sources.odd_upstreams import ENCODED_FEEDS


@pytest.fixture
def odd(upstream):
    return odd_upstreams.install(upstream)


def fetched(upstream, path):
    result = fetch(upstream.url(path), allowed_hosts={"127.0.0.1"}, allow_private=True, timeout=(2, 2))
    return parse_feed(result.content, url=result.final_url, content_type=result.content_type)


@pytest.mark.parametrize("path", sorted(ENCODED_FEEDS))
def test_bom_less_utf16_utf32_and_ebcdic_feeds_read_as_feedparser_reads_them(odd, path):
    content, _content_type, title = ENCODED_FEEDS[path]
    assert not content.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")), "no byte-order mark"

    items = fetched(odd, path)

    assert [item.title for item in items] == [title] and not items.partial
    assert feedparser.parse(io.BytesIO(content)).entries[0].title == title, "feedparser's own reading agrees"
    assert items[0].summary in ("各市人民政府：现印发。", "Issued!")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<?xml version='1.0'?><rss/>".encode("utf-16-le"), "utf-16-le"),
        ("<rss>通知</rss>".encode("utf-16-be"), "utf-16-be"),
        ("<feed/>".encode("utf-32-le"), "utf-32-le"),
        ("<?xml version='1.0' encoding='cp500'?><rss/>".encode("cp500"), "cp500"),
        ("<?xml version='1.0' encoding='ebcdic-cp-us'?><rss/>".encode("cp037"), "cp037"),
        ("<?xml version='1.0' encoding='gb2312'?><rss>通知</rss>".encode("gb2312"), None),
        ("<rss>通知</rss>".encode(), None),
        (b"<a", None),
    ],
)
def test_the_first_bytes_betray_the_encoding_only_for_wide_and_ebcdic_text(content, expected):
    assert signature_encoding(content) == expected
    if expected:
        assert decode_bytes(content, content_type="text/xml; charset=utf-8").source == "signature"


def test_entries_without_title_or_link_take_the_feeds_fallbacks_instead_of_being_dropped(odd):
    items = fetched(odd, "/odd/fallbacks.xml")

    by_guid = {item.guid: item for item in items}
    assert sorted(by_guid) == ["http://127.0.0.1/xxgk/77.html", "item-42", "no-title", "ok"]
    untitled = by_guid["no-title"]
    assert untitled.title == "关于开展政务公开检查的通知", "the summary's first line, trimmed"
    assert untitled.url == "http://127.0.0.1/xxgk/1.html"
    unlinked = by_guid["item-42"]
    assert unlinked.url == "http://127.0.0.1/xxgk/" and unlinked.title == "没有链接、编号不是网址的条目"
    assert unlinked.identity == item_identity("item-42", None), "known by its id, not by the shared feed link"
    id_only = by_guid["http://127.0.0.1/xxgk/77.html"]
    assert id_only.url == "http://127.0.0.1/xxgk/77.html"
    assert id_only.title == "只有编号（网址）和摘要的条目。第二句。"
    assert len({item.identity for item in items}) == 4


def test_a_javascript_link_is_a_one_line_warning_on_that_entry_and_the_feed_still_reads(odd, caplog):
    with caplog.at_level(logging.WARNING, logger="channels.sources.feed"):
        items = fetched(odd, "/odd/fallbacks.xml")

    assert "链接是脚本的条目" not in [item.title for item in items]
    assert all(item.url.startswith("http://") for item in items)
    script_warnings = [w for w in items.warnings if "javascript:" in w]
    assert len(script_warnings) == 1 and "\n" not in script_warnings[0] and "skipped" in script_warnings[0]
    assert any("no title and no summary" in w for w in items.warnings), "an entry with nothing at all"
    logged = [r for r in caplog.records if r.name == "channels.sources.feed"]
    assert logged and all(r.exc_info is None and "\n" not in r.getMessage() for r in logged), "no traceback"


def test_a_long_first_line_is_trimmed_to_a_title():
    long_line = "关于" + "政务公开" * 40 + "的通知"
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<link>http://127.0.0.1/</link><item><guid>http://127.0.0.1/1.html</guid><description>{long_line}"
        "</description></item></channel></rss>"
    ).encode()

    (item,) = parse_feed(feed, url="http://127.0.0.1/feed.xml")

    assert len(item.title) == 100 and item.title.endswith("…") and long_line.startswith(item.title[:-1])
