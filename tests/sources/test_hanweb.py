"""Hanweb (大汉 JCMS) column pages: records in a <datastore>, paging through dataproxy.jsp (issue 16, point 2)."""

import pytest

from channels.sources import hanweb
from channels.sources.config import DetailConfig, HanwebConfig, config_from_dict, config_to_dict
from channels.sources.errors import ParseError
from channels.sources.fetch import fetch
from channels.sources.html_list import apply_detail, parse_detail
from channels.sources.parsers import parse_listing
from tests.sources import hanweb_site

# Hanweb serves attachments through downfile.jsp?…&filename=….pdf: the suffix is in the query, so a selector names them.
DETAIL = DetailConfig(body="#zoom", document_number="td.wh", attachments="#zoom a[href*=downfile]")


@pytest.fixture
def column(upstream):
    asked = hanweb_site.install(upstream)
    asked.clear()
    return upstream, asked


def _get(server, url):
    return fetch(url, allowed_hosts={"127.0.0.1"}, allow_private=True, timeout=(2, 5))


def test_the_column_page_yields_its_own_records_read_like_list_items(column):
    server, asked = column
    page = _get(server, server.url(hanweb_site.COLUMN))

    parsed = parse_listing(HanwebConfig(), page.content, url=page.final_url, content_type=page.content_type)

    assert len(parsed) == hanweb_site.GROUP and not parsed.warnings and not asked
    first = parsed[0]
    assert first.title == hanweb_site.title(1), "the whole title from title= replaces the cut one"
    assert first.url == server.url(hanweb_site.detail_path(1))
    assert first.published.date() == hanweb_site.NEWEST
    assert first.document_number == "某政办发〔2026〕1号"


def test_further_groups_follow_the_paging_the_column_declares(column):
    server, asked = column
    page = _get(server, server.url(hanweb_site.COLUMN))

    def fetch_page(url):
        result = _get(server, url)
        return result.content, result.content_type

    parsed = hanweb.read_column(
        page.content,
        url=page.final_url,
        config=HanwebConfig(pages=5),
        content_type=page.content_type,
        fetch_page=fetch_page,
    )

    assert len(parsed) == hanweb_site.TOTAL, "45 from the page, 15 from dataproxy.jsp, then totalRecord stops it"
    assert len({item.url for item in parsed}) == hanweb_site.TOTAL
    assert len(asked) == 1, asked
    assert asked[0]["startrecord"] == "46" and asked[0]["endrecord"] == "90" and asked[0]["perpage"] == "15"
    assert (asked[0]["columnid"], asked[0]["unitid"], asked[0]["webid"]) == ("114", "1737", "3")
    assert asked[0]["webname"] == "某省人民政府"


def test_a_record_s_detail_page_is_read_like_the_html_list_kind(column):
    server, _ = column
    page = _get(server, server.url(hanweb_site.COLUMN))
    item = hanweb.parse_hanweb(page.content, url=page.final_url, config=HanwebConfig(detail=DETAIL))[2]
    detail_page = _get(server, item.url)

    full = apply_detail(item, parse_detail(detail_page.content, url=detail_page.final_url, config=DETAIL))

    assert "抓好落实" in full.body_html and full.document_number == "某政办发〔2026〕3号"
    assert [a.title for a in full.attachments] == ["附件3.pdf"]


def test_an_empty_datastore_is_reported_not_passed_over(column):
    server, _ = column
    page = _get(server, server.url(hanweb_site.EMPTY_COLUMN))

    parsed = hanweb.parse_hanweb(page.content, url=page.final_url, config=HanwebConfig())

    assert len(parsed) == 0
    assert parsed.warnings and "没有记录" in parsed.warnings[0]


def test_a_page_without_a_datastore_is_a_parse_error_in_chinese():
    with pytest.raises(ParseError) as caught:
        hanweb.parse_hanweb("<html><body><ul><li>x</li></ul></body></html>", url="http://a/", config=HanwebConfig())
    assert "datastore" in caught.value.user_message and "栏目页" in caught.value.user_message


def test_a_bare_dataproxy_answer_with_escaped_records_and_table_rows_is_read():
    xml = (
        "<?xml version='1.0' encoding='UTF-8'?><datastore><totalrecord>2</totalrecord><recordset>"
        "<record>&lt;li&gt;&lt;a href='/art/1.html'&gt;关于甲的通知&lt;/a&gt;&lt;span&gt;2026-11-02&lt;/span&gt;"
        "&lt;/li&gt;</record>"
        "<record><![CDATA[<tr><td><a href='/art/2.html'>关于乙的通知</a></td><td><span>2026-11-01</span></td></tr>]]>"
        "</record></recordset></datastore>"
    )
    parsed = hanweb.parse_hanweb(
        xml.encode(),
        url="http://x.gov.cn/module/web/jpage/dataproxy.jsp?columnid=1",
        config=HanwebConfig(),
        content_type="text/xml",
    )
    assert [i.title for i in parsed] == ["关于甲的通知", "关于乙的通知"]
    assert [i.url for i in parsed] == ["http://x.gov.cn/art/1.html", "http://x.gov.cn/art/2.html"]
    assert parsed[1].published.day == 1


def test_paging_urls_stop_at_the_declared_total_and_need_a_column_id():
    store = hanweb.Datastore(
        records=["<li></li>"] * 15, proxy_url="http://x/dataproxy.jsp", params={"columnid": "7"}, per_page=5, total=40
    )
    urls = hanweb.group_urls(store, pages=10)
    assert [u.split("?")[1].split("&startrecord=")[1].split("&")[0] for u in urls] == ["16", "31"]
    assert hanweb.group_urls(hanweb.Datastore(records=["<li></li>"], proxy_url="http://x/p.jsp"), pages=3) == []


def test_the_configuration_round_trips_and_is_checked():
    config = HanwebConfig(date="span::text", pages=3, detail=DETAIL)
    assert config_from_dict(config_to_dict(config)) == config
    with pytest.raises(ValueError, match="页数"):
        HanwebConfig(pages=0).validate()
    with pytest.raises(ValueError, match="CSS"):
        HanwebConfig(title="a[").validate()
