"""JSON lists: a dotted path to the list and field names from the source's configuration."""

import json
from datetime import datetime

import pytest

from channels.sources.config import JsonListConfig
from channels.sources.dates import CHINA_TZ
from channels.sources.errors import ParseError
from channels.sources.json_list import parse_json_list

CONFIG = JsonListConfig(
    items_path="data.list", title="title", url="link.href", date="pubDate", document_number="wh", guid="id"
)
URL = "https://www.gov.cn/zhengce/list.json"


def listing(*entries, **extra):
    return json.dumps({"code": 0, "data": {"list": list(entries)}, **extra}, ensure_ascii=False).encode()


def test_items_come_from_the_configured_path_and_fields():
    content = listing(
        {
            "id": 41,
            "title": "国务院关于做好防汛工作的通知",
            "link": {"href": "/zhengce/content/41.htm"},
            "pubDate": "2025年3月1日",
            "wh": "国发 [2025] 03号",
        },
    )
    item = parse_json_list(content, url=URL, config=CONFIG)[0]
    assert item.guid == "41"
    assert item.url == "https://www.gov.cn/zhengce/content/41.htm"
    assert item.published == datetime(2025, 3, 1, tzinfo=CHINA_TZ)
    assert item.document_number == "国发〔2025〕3号"


def test_millisecond_timestamps_and_document_numbers_in_titles_are_understood():
    content = listing(
        {"title": "关于印发方案的通知（国办发〔2025〕2号）", "link": {"href": "a.htm"}, "pubDate": 1740794400000}
    )
    item = parse_json_list(content, url=URL, config=CONFIG)[0]
    assert item.published == datetime(2025, 3, 1, 10, 0, tzinfo=CHINA_TZ)
    assert item.document_number == "国办发〔2025〕2号"
    assert item.guid == item.url == "https://www.gov.cn/zhengce/a.htm"


def test_entries_without_title_or_with_unsafe_links_are_skipped_with_warnings():
    content = listing(
        {"title": "", "link": {"href": "/a"}},
        {"title": "脚本链接", "link": {"href": "javascript:alert(1)"}},
        "not an object",
        {"title": "正常", "link": {"href": "/ok"}},
    )
    result = parse_json_list(content, url=URL, config=CONFIG)
    assert [i.title for i in result] == ["正常"] and len(result.warnings) == 3


def test_invalid_json_or_a_wrong_path_is_a_parse_error():
    with pytest.raises(ParseError):
        parse_json_list(b"{not json", url=URL, config=CONFIG)
    with pytest.raises(ParseError):
        parse_json_list(b'{"data": {"items": []}}', url=URL, config=CONFIG)


def test_a_gbk_encoded_json_list_is_read():
    content = listing({"title": "关于开展专项检查的通知", "link": {"href": "/x"}}).decode().encode("gbk")
    assert parse_json_list(content, url=URL, config=CONFIG)[0].title == "关于开展专项检查的通知"


def test_a_body_field_is_sanitised():
    config = JsonListConfig(items_path="data.list", url="link.href", body="content")
    content = listing({"title": "t", "link": {"href": "/x"}, "content": "<p>正文</p><script>x()</script>"})
    assert parse_json_list(content, url=URL, config=config)[0].body_html == "<p>正文</p>"


def test_absurdly_nested_json_is_a_parse_error_not_a_crash():
    with pytest.raises(ParseError):
        parse_json_list(b"[" * 100_000 + b"]" * 100_000, url=URL, config=CONFIG)
