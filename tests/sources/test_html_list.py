"""HTML list pages and detail pages read with CSS selectors."""

from datetime import datetime

import pytest

from channels.sources.config import DetailConfig, HtmlListConfig
from channels.sources.dates import CHINA_TZ
from channels.sources.errors import ParseError
from channels.sources.fetch import fetch
from channels.sources.html_list import apply_detail, parse_detail, parse_html_list

LIST = """<html><body><ul class="list">
<li><a href="./202503/t20250301_1.html"
       title="国务院办公厅关于加强政策文件解读工作的通知">国务院办公厅关于加强政策文件…</a>
    <span class="date">[2025/03/01]</span></li>
<li><a href="javascript:void(0)">没有真实链接的条目</a><span class="date">2025-03-02</span></li>
<li><a href="https://www.gov.cn/zhengce/content/2.htm?spm=abc">国务院关于某项工作的批复</a>
    <span class="date">2025-03-02 09:30</span></li>
</ul></body></html>"""
CONFIG = HtmlListConfig(item="ul.list li", title="a", link="a", date="span.date::text")
URL = "https://www.gov.cn/zhengce/zuixin/index.htm"

DETAIL = """<html><body>
<div class="meta"><span>发文字号：</span><span id="wh">国办发 〔2025〕 008号</span></div>
<div id="content"><p>各省、自治区、直辖市人民政府：</p><p onmouseover="x()">正文内容<img src="img/1.png"></p>
<script>track()</script><p>附件：<a href="P0202503.pdf">1. 任务分工表</a> <a href="list.htm">返回</a></p></div>
<div class="fj"><a href="/files/a.docx">附件一</a><a href="mailto:x@gov.cn">联系我们</a></div>
</body></html>"""
DETAIL_URL = "https://www.gov.cn/zhengce/content/202503/content_1.htm"


def test_list_items_have_full_titles_absolute_canonical_links_and_dates():
    result = parse_html_list(LIST.encode(), url=URL, config=CONFIG)
    first, second = result.items
    assert first.title == "国务院办公厅关于加强政策文件解读工作的通知"  # from title="" when the text is cut
    assert first.url == "https://www.gov.cn/zhengce/zuixin/202503/t20250301_1.html"
    assert first.published == datetime(2025, 3, 1, tzinfo=CHINA_TZ)
    assert second.url == "https://www.gov.cn/zhengce/content/2.htm"
    assert second.published == datetime(2025, 3, 2, 9, 30, tzinfo=CHINA_TZ)
    assert len(result.warnings) == 1  # the javascript: entry


def test_a_selector_that_matches_nothing_gives_a_warning_not_a_crash():
    result = parse_html_list(LIST.encode(), url=URL, config=HtmlListConfig(item="table tr", title="a"))
    assert len(result) == 0 and result.partial


def test_an_empty_page_is_a_parse_error():
    with pytest.raises(ParseError):
        parse_html_list(b"   ", url=URL, config=CONFIG)


def test_the_detail_page_gives_body_document_number_and_attachments():
    detail = parse_detail(
        DETAIL.encode(),
        url=DETAIL_URL,
        config=DetailConfig(body="#content", document_number="#wh", attachments=".fj a, #content a"),
    )
    assert detail.document_number == "国办发〔2025〕8号"
    assert "track()" not in detail.body_html and "onmouseover" not in detail.body_html
    assert 'src="https://www.gov.cn/zhengce/content/202503/img/1.png"' in detail.body_html
    assert [(a.url, a.title) for a in detail.attachments] == [  # in page order; mailto: dropped
        ("https://www.gov.cn/zhengce/content/202503/P0202503.pdf", "1. 任务分工表"),
        ("https://www.gov.cn/zhengce/content/202503/list.htm", "返回"),
        ("https://www.gov.cn/files/a.docx", "附件一"),
    ]


def test_without_attachment_selectors_office_and_pdf_links_in_the_body_are_attachments():
    detail = parse_detail(DETAIL.encode(), url=DETAIL_URL, config=DetailConfig(body="#content"))
    assert [a.title for a in detail.attachments] == ["1. 任务分工表"]
    assert detail.document_number is None  # not in the body text, and no selector


def test_a_missing_body_is_a_parse_error():
    with pytest.raises(ParseError):
        parse_detail(DETAIL.encode(), url=DETAIL_URL, config=DetailConfig(body="#nope"))


def test_the_detail_completes_the_list_item():
    item = parse_html_list(LIST.encode(), url=URL, config=CONFIG)[0]
    detail = parse_detail(DETAIL.encode(), url=DETAIL_URL, config=DetailConfig(body="#content", document_number="#wh"))
    full = apply_detail(item, detail)
    assert full.document_number == "国办发〔2025〕8号" and full.body_html == detail.body_html
    assert full.summary.startswith("各省、自治区、直辖市人民政府")


def test_a_gbk_list_page_declared_as_utf8_reads_correctly(upstream):
    result = fetch(upstream.url("/gbk-page.html"), allowed_hosts={"127.0.0.1"}, allow_private=True, timeout=(2, 2))
    items = parse_html_list(
        result.content,
        url=result.final_url,
        content_type=result.content_type,
        config=HtmlListConfig(item="#list li", title="a", date="span"),
    )
    assert items[0].title == "关于进一步做好政务公开工作的通知"
    assert items[0].published == datetime(2025, 3, 1, tzinfo=CHINA_TZ)


def test_a_broken_selector_in_the_configuration_is_a_parse_error_explained_in_chinese():
    with pytest.raises(ParseError) as caught:
        parse_html_list(LIST.encode(), url=URL, config=HtmlListConfig(item="li", title="a[", link="a"))
    assert "不是有效的 CSS 选择器" in caught.value.user_message
