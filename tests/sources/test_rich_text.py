"""Every stored body survives Wagtail's editor: read into Draftail's contentstate and written back, it keeps its
text, links and images; a summary standing in for a body is text, never markup."""

import re

import lxml.html
import pytest

from channels.sources.config import DetailConfig, HtmlListConfig, JsonListConfig
from channels.sources.demo import DEMO_SOURCES, SAMPLES_DIR, STATE_COUNCIL_DETAIL
from channels.sources.feed import parse_feed
from channels.sources.html_list import parse_detail, parse_html_list
from channels.sources.json_list import parse_json_list
from channels.sources.rich_text import clean_body, draft_body, to_editor_html
from channels.sources.sanitize import sanitize_html
from channels.watcher.models import RepublicationPage
from tests.sources import odd_upstreams
from tests.sources.upstream_server import XSS_FEED

BASE = "http://127.0.0.1/odd/page.html"
CITY = next(demo.config for demo in DEMO_SOURCES if demo.key == "city")


def editor_converter():
    """The converter the draft's edit form uses (the body field's features, Wagtail's defaults if none)."""
    return RepublicationPage._meta.get_field("body").formfield().widget.converter


def round_trip(html: str) -> str:
    converter = editor_converter()
    return converter.to_database_format(converter.from_database_format(html))


def meaning(html: str) -> tuple[str, list[str], list[str]]:
    """Text without whitespace, link targets and image sources, in document order."""
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    text = re.sub(r"\s+", "", root.text_content())
    return text, [a.get("href") for a in root.iter("a")], [img.get("src") for img in root.iter("img")]


def fixture_bodies() -> dict[str, str]:
    """Every body our parsers store from the hand-made fixtures and the shipped samples."""
    bodies = {f"odd:{name}": clean_body(html, base_url=BASE) for name, html in odd_upstreams.BODIES.items()}
    feeds = {
        "xss": XSS_FEED.encode(),
        "odd-bodies": odd_upstreams.hostile_bodies_feed(),
        "fallbacks": odd_upstreams.FALLBACKS_FEED.encode(),
        "province": (SAMPLES_DIR / "province/feed.xml").read_bytes(),
        **{path: content for path, (content, _type, _title) in odd_upstreams.ENCODED_FEEDS.items()},
    }
    for name, content in feeds.items():
        for item in parse_feed(content, url="http://127.0.0.1/feed.xml"):
            bodies[f"feed:{name}:{item.guid}"] = item.body_html
    for detail_page in ("content_7001.html", "content_7002.html"):
        content = (SAMPLES_DIR / "state_council" / detail_page).read_bytes()
        detail = parse_detail(content, url=BASE, config=STATE_COUNCIL_DETAIL)
        bodies[f"detail:{detail_page}"] = detail.body_html
    gb_detail = parse_detail(odd_upstreams.GB_DETAIL, url=BASE, config=DetailConfig(body="div.content"))
    bodies["detail:gb2312"] = gb_detail.body_html
    city = parse_json_list((SAMPLES_DIR / "city/list.json").read_bytes(), url=BASE, config=CITY)
    bodies.update({f"json:{item.guid}": item.body_html for item in city})
    return {name: body for name, body in bodies.items() if body}


BODIES = fixture_bodies()


def test_the_fixtures_hold_the_shapes_the_editor_used_to_refuse():
    assert len(BODIES) >= 25
    raw = sanitize_html(odd_upstreams.BODIES["signature"])
    assert "<br>" in raw, "nh3 writes HTML5 void elements, which Wagtail's converter cannot close"
    with pytest.raises(AssertionError, match="Unmatched tags"):
        editor_converter().from_database_format(raw)


@pytest.mark.parametrize("name", sorted(BODIES))
def test_every_stored_body_survives_the_editor_unchanged_in_meaning(name):
    body = BODIES[name]
    assert "<br>" not in body and not re.search(r"<img\b[^>]*[^/]>", body), "void elements are self-closed"
    assert to_editor_html(body) == body, "storing is stable: converting again changes nothing"

    once = round_trip(body)

    assert meaning(once) == meaning(body)
    assert meaning(round_trip(once)) == meaning(body)


@pytest.mark.parametrize("name", sorted(odd_upstreams.BODIES))
def test_converting_keeps_the_text_the_images_and_the_http_links_of_the_sanitised_body(name):
    sanitised = sanitize_html(odd_upstreams.BODIES[name], base_url=BASE)
    text, links, images = meaning(sanitised)

    stored_text, stored_links, stored_images = meaning(to_editor_html(sanitised))

    assert stored_text.replace("|", "") == text  # table cells are joined with " | "
    assert stored_images == images
    linked_text = {a.get("href") for a in lxml.html.fragment_fromstring(sanitised, "div").iter("a") if a.text_content()}
    assert set(stored_links) == {link for link in linked_text if link}


def test_the_shapes_become_what_the_editor_knows():
    assert BODIES["odd:signature"] == "<p>特此通知。</p><p>国务院办公厅<br/>2025年3月8日</p>"
    assert BODIES["odd:image_in_paragraph"] == (
        '<p>如图所示</p><img alt="示意图" src="http://127.0.0.1/img/a.png"/><p>，请参照执行。</p>'
    )
    assert BODIES["odd:nested_lists"] == (
        "<ol><li>总体要求<ul><li>坚持<b>公开为常态</b><ol><li>第三层</li></ol></li></ul></li>"
        "<li>段落里的<br/>列表项<ul><li>直接嵌在列表里的列表</li></ul></li></ol>"
    )
    assert "<p>事项 | 时限</p>" in BODIES["odd:table"]
    assert (
        '<p>转载<a href="http://127.0.0.1/z.html">上级政策</a> | 1个工作日<br/>（节假日顺延）</p>'
        in BODIES["odd:table"]
    )
    assert BODIES["odd:layout_table"] == "<p>版式表格里的正文</p><p>内表 | 第二格</p><p>落款</p>", "nothing twice"
    assert BODIES["odd:blank_paragraphs"] == "<p>正文&lt;script&gt;文字&lt;/script&gt;</p>"
    assert BODIES["odd:link_soup"] == '<p>脚本邮件<a href="http://127.0.0.1/ok.html"><b>加粗链接</b></a>无地址</p>'
    headings = BODIES["odd:headings_and_soup"]
    assert headings.startswith("<h2>大标题</h2><p>散落文字</p><p>内层行内</p><p>尾巴</p><h4>小标题</h4>")
    assert "<hr/><p><b>加粗<i>斜体</i></b>下划线上标</p>" in headings


SUMMARIES = ["摘要<script>alert(1)</script>", "图解<img src=x onerror=alert(2)>", "a & b <b>c</b>\n第二行"]


@pytest.mark.parametrize("summary", SUMMARIES)
def test_a_summary_standing_in_for_the_body_is_escaped_text(summary):
    body = draft_body(None, summary)
    stored = round_trip(body)

    for html in (body, stored):
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        assert {element.tag for element in root.iter()} <= {"div", "p"}, "no markup from the summary"
    assert meaning(stored)[0] == re.sub(r"\s+", "", summary)


def test_listing_summaries_with_escaped_markup_stay_text_all_the_way_to_the_draft_body():
    listed = parse_html_list(
        odd_upstreams.GB_LIST, url=BASE, config=HtmlListConfig(item="ul.list li", title="a", summary="p.s")
    )
    json_listed = parse_json_list(
        odd_upstreams.JSON_LIST, url=BASE, config=JsonListConfig(items_path="data", summary="summary")
    )
    summaries = [item.summary for item in [*listed, *json_listed]]
    assert "<script>" in summaries[0] and "<img src=x" in summaries[2], "summaries are plain text, entities decoded"

    bodies = [draft_body(None, summary) for summary in summaries]

    assert all("<script" not in body and "<img" not in body for body in bodies)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in bodies[0]


def test_a_body_wins_over_the_summary_and_nothing_stays_nothing():
    assert draft_body("<p>正文<br>第二行</p>", "摘要") == "<p>正文<br/>第二行</p>"
    assert draft_body(None, "") == "" and draft_body("<p>  </p>", None) == ""
