"""Every draft the watcher stores opens in Wagtail's editor: hostile bodies (``<br>`` and ``<img>`` in paragraphs,
nested lists, tables), summaries standing in for a missing body, odd feeds; a bad link is a warning, not a traceback.
"""

import logging
import re

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from channels.sources.config import DetailConfig, HtmlListConfig, JsonListConfig
from channels.watcher.models import RepublicationPage
from channels.watcher.polling import poll_source
from tests.factories.watcher import demo_source, make_source
from tests.sources import odd_upstreams
from tests.watcher.conftest import beijing

pytestmark = pytest.mark.django_db

NOW = beijing(2025, 3, 3, 10, 0)
EDITOR_TAGS = {"div", "p", "h2", "h3", "h4", "ul", "ol", "li", "b", "i", "a", "br", "hr", "img"}


def _editor_converter():
    return RepublicationPage._meta.get_field("body").formfield().widget.converter


def _meaning(html):
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    return (
        re.sub(r"\s+", "", root.text_content()),
        [a.get("href") for a in root.iter("a")],
        [img.get("src") for img in root.iter("img")],
    )


def _poll_everything(upstream):
    odd_upstreams.install(upstream)
    detail = DetailConfig(body="div.content")
    sources = [
        make_source(upstream, "/odd/bodies.xml", name="难解析的正文"),
        make_source(upstream, "/odd/fallbacks.xml", name="缺标题缺链接的订阅"),
        make_source(upstream, "/odd/utf16le.xml", name="UTF-16 订阅"),
        make_source(upstream, "/odd/ebcdic-cp500.xml", name="EBCDIC 订阅"),
        make_source(
            upstream, "/odd/list.html", HtmlListConfig(item="ul.list li", title="a", summary="p.s", detail=detail)
        ),
        make_source(upstream, "/odd/list.json", JsonListConfig(items_path="data", summary="summary")),
        *(demo_source(upstream, key) for key in ("state_council", "province", "city")),
    ]
    for _ in range(3):  # a detail page that keeps failing is drafted from its listing on the third poll
        for source in sources:
            source.refresh_from_db()
            poll_source(source, now=NOW)


def test_every_stored_draft_opens_in_the_editor_and_survives_it(office, upstream, client, caplog):
    with caplog.at_level(logging.WARNING):
        _poll_everything(upstream)

    pages = list(RepublicationPage.objects.all())
    assert len(pages) >= len(odd_upstreams.BODIES) + 10
    assert not [r for r in caplog.records if r.exc_info], "a bad link or body is a warning, never a traceback"
    client.force_login(get_user_model().objects.get(username="admin"))
    converter = _editor_converter()
    for page in pages:
        response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert response.status_code == 200, page.title
        root = lxml.html.fragment_fromstring(page.body or "<p></p>", create_parent="div")
        assert {element.tag for element in root.iter()} <= EDITOR_TAGS, page.title
        assert not [name for element in root.iter() for name in element.attrib if name.startswith("on")]
        stored = converter.to_database_format(converter.from_database_format(page.body))
        assert _meaning(stored) == _meaning(page.body), page.title


def test_the_summary_fallback_is_escaped_text(office, upstream):
    _poll_everything(upstream)

    failed_detail = RepublicationPage.objects.get(title="详情页打不开的通知")
    tujie = RepublicationPage.objects.get(title="【图解】政务公开工作要点")

    assert failed_detail.body == "<p>摘要&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert "未能获取原文正文" in failed_detail.watcher_note
    assert tujie.body == "<p>图解&lt;img src=x onerror=alert(2)&gt;</p>"
    detailed = RepublicationPage.objects.get(title="关于印发工作要点的通知")
    assert "国务院办公厅<br/>2025年3月8日" in detailed.body and '<img alt="示意图" src="' in detailed.body


def test_feeds_without_titles_or_links_and_in_odd_encodings_become_drafts(office, upstream):
    _poll_everything(upstream)

    titles = set(RepublicationPage.objects.values_list("title", flat=True))
    assert {"关于开展政务公开检查的通知", "没有链接、编号不是网址的条目", "正常条目"} <= titles
    assert odd_upstreams.ENGLISH["item_title"] in titles
    assert "链接是脚本的条目" not in titles
