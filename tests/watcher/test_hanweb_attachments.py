"""Hanweb serves attachments through a download script (``downfile.jsp?...&filename=…``): the detail reader finds
them by the file name in the query and keeps their names (issue 16, "keep their attachments")."""

import pytest

from channels.sources.config import DetailConfig
from channels.sources.html_list import attachments_in_html, parse_detail
from tests.watcher import attachment_site

BASE = "http://127.0.0.1:8000/art/2026/3/1/art_1.html"


@pytest.mark.parametrize(
    ("html", "url", "name"),
    [
        (
            '<a href="/module/download/downfile.jsp?classid=0&filename=abc123.pdf">实施方案.pdf</a>',
            "http://127.0.0.1:8000/module/download/downfile.jsp?classid=0&filename=abc123.pdf",
            "实施方案.pdf",
        ),
        (
            '<a href="/module/download/downfile.jsp?classid=0&fileName=%E6%9F%90%E6%9F%90.docx"> </a>',
            "http://127.0.0.1:8000/module/download/downfile.jsp?classid=0&fileName=%E6%9F%90%E6%9F%90.docx",
            "某某.docx",
        ),
        (
            '<a href="/module/download/downfile.jsp?filename=某某.docx&classid=0"></a>',
            "http://127.0.0.1:8000/module/download/downfile.jsp?classid=0&filename=%E6%9F%90%E6%9F%90.docx",
            "某某.docx",
        ),
        (
            "<a href='/files/%E9%99%84%E4%BB%B6.xlsx'></a>",
            "http://127.0.0.1:8000/files/%E9%99%84%E4%BB%B6.xlsx",
            "附件.xlsx",
        ),
    ],
)
def test_a_download_script_link_naming_a_document_is_an_attachment(html, url, name):
    found = attachments_in_html(f"<p>附件:{html}</p>", base_url=BASE)

    assert [(a.url, a.title) for a in found] == [(url, name)]


@pytest.mark.parametrize(
    "href",
    [
        "/module/download/downfile.jsp?classid=0&filename=photo.jpg",  # not a document
        "/module/download/downfile.jsp?classid=0&filename=",
        "/module/web/jpage/dataproxy.jsp?columnid=114&webname=x.pdf",  # a .pdf in another parameter
        "/art/2026/3/1/art_2.html?from=list",
    ],
)
def test_other_links_are_not_attachments(href):
    assert attachments_in_html(f'<p><a href="{href}">链接</a></p>', base_url=BASE) == ()


def test_a_hanweb_detail_page_keeps_both_attachments_with_their_names():
    detail = parse_detail(
        attachment_site.detail_page("hanweb"),
        url=f"http://127.0.0.1:8000{attachment_site.detail_path('hanweb')}",
        config=DetailConfig(body="#zoom", document_number="td.wh"),
    )

    names = [a.title for a in detail.attachments]
    assert names == [attachment_site.hashed_attachment("hanweb")[1], attachment_site.named_attachment("hanweb")[1]]
    assert all("/module/download/downfile.jsp?" in a.url for a in detail.attachments)
    assert detail.document_number == attachment_site.document_number("hanweb")
