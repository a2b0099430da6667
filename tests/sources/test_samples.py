"""The demo samples, served over loopback, go through the whole watcher core."""

import pytest

from channels.sources.demo import DEMO_SOURCES, sample_path
from channels.sources.fetch import fetch
from channels.sources.parsers import apply_detail, parse_detail, parse_listing


def get(upstream, url):
    return fetch(url, allowed_hosts={"127.0.0.1"}, allow_private=True, timeout=(2, 2))


def watch(upstream, source):
    listing = get(upstream, upstream.url(f"/samples/{source.listing}"))
    result = parse_listing(source.config, listing.content, url=listing.final_url, content_type=listing.content_type)
    detail_config = getattr(source.config, "detail", None)
    items = []
    for item in result:
        if detail_config:
            page = get(upstream, item.url)
            item = apply_detail(item, parse_detail(page.content, url=page.final_url, config=detail_config))
        items.append(item)
    return result.warnings, items


@pytest.fixture(scope="module")
def watched(upstream):
    return {source.key: watch(upstream, source) for source in DEMO_SOURCES}


def test_every_demo_source_parses_cleanly(watched):
    for key, (warnings, items) in watched.items():
        assert warnings == [], key
        assert len(items) == 2, key
        for item in items:
            assert item.title and item.url.startswith("http://127.0.0.1:") and item.published.tzinfo


def test_state_council_items_get_full_text_document_number_and_attachments_from_detail_pages(watched):
    first, second = watched["state_council"][1]
    assert first.document_number == "国发〔2025〕7号"
    assert second.title == "国务院办公厅关于做好2025年政务公开重点工作的通知"  # list text is cut short
    assert second.document_number == "国办发〔2025〕12号"
    # the editor has no tables: each row is a paragraph, its cells separated by " | "
    assert "<p>事项 | 时限</p>" in second.body_html and "一个工作日" in second.body_html
    assert [a.title for a in first.attachments] == ["政策文件目录编制说明"]


def test_the_province_repost_is_recognised_as_the_state_council_document(watched):
    state_council = {i.dedup_key for i in watched["state_council"][1]}
    province = [i for i in watched["province"][1] if i.dedup_key in state_council]
    assert [i.title for i in province] == ["【转载】国务院关于推进政策文件集中公开和解读工作的意见"]
    others = [i for i in watched["province"][1] + watched["city"][1] if i.dedup_key not in state_council]
    assert len(others) == 3


def test_city_json_items_carry_their_document_numbers(watched):
    assert [i.document_number for i in watched["city"][1]] == ["马政发〔2025〕2号", "马政办发〔2025〕4号"]
    assert watched["city"][1][0].identity == "guid:maanshan-2025-0018"


def test_sample_paths_cannot_leave_the_samples_folder():
    with pytest.raises(FileNotFoundError):
        sample_path("../fetch.py")
    assert sample_path("province/feed.xml").is_file()
