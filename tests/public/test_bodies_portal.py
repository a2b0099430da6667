"""One portal, many bodies: the library, search and feeds cover every body with a 发布机构 facet; each body has
its own column (its header, guide, policies, departments and 依申请公开目录), a short address and a feed."""

import xml.etree.ElementTree as ET

import pytest

from tests.module_db import built_once_per_module
from tests.public.bodies import GUIDE, ON_REQUEST_TITLE, WUJIANG_TITLE, build_two_towns

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SEED_TITLE = "2018年历阳镇政务公开工作方案"

_two_towns = built_once_per_module(build_two_towns)


@pytest.fixture
def towns(_two_towns, db):
    return None


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode("utf-8")


def test_the_library_lists_every_body_and_each_row_names_its_body(client, towns):
    html = text(client.get("/policies/"))
    assert SEED_TITLE in html and WUJIANG_TITLE in html
    assert '<label for="facet-body">发布机构</label>' in html
    assert "历阳镇(1)" in html and "乌江镇(1)" in html
    assert html.count('class="publisher"') == 2
    assert '<span class="publisher" title="发布机构">乌江镇人民政府</span>' in html
    assert ON_REQUEST_TITLE not in html  # on request: listed in the catalogue only


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("body=wujiang", WUJIANG_TITLE, SEED_TITLE),
        ("body=liyang", SEED_TITLE, WUJIANG_TITLE),
        ("body=liyang&year=2018", SEED_TITLE, WUJIANG_TITLE),
    ],
)
def test_the_body_facet_narrows_the_library_and_combines_with_the_others(client, towns, query, shown, hidden):
    html = text(client.get(f"/policies/?{query}"))
    assert shown in html and hidden not in html
    assert "共 1 件" in html and "清除筛选" in html


def test_a_body_and_a_year_it_published_nothing_in_leave_an_empty_list(client, towns):
    html = text(client.get("/policies/?body=wujiang&year=2018"))
    assert "共 0 件" in html and "没有符合条件的政策文件" in html
    assert WUJIANG_TITLE not in html and SEED_TITLE not in html


def test_search_covers_every_body_and_the_body_facet_narrows_it(client, towns):
    every = text(client.get("/search/?q=人居环境"))
    assert WUJIANG_TITLE in every and "发布机构" in every
    assert WUJIANG_TITLE not in text(client.get("/search/?q=人居环境&body=liyang"))


def test_a_body_column_is_its_own_disclosure_column(client, towns):
    html = text(client.get("/policies/wujiang/"))
    assert "<h1>乌江镇人民政府</h1>" in html
    assert "和县乌江镇乌江街1号" in html and "0555-5388001" in html
    assert GUIDE in html and "乌江镇人民政府政府信息公开指南" in html
    assert WUJIANG_TITLE in html and SEED_TITLE not in html
    assert 'href="/policies/wujiang/catalog/"' in html
    assert 'href="/policies/wujiang/dangzheng/"' in html
    assert 'href="/feeds/bodies/wujiang/policies.atom"' in html
    assert "facet-body" not in html  # one body: nothing to choose
    liyang = text(client.get("/policies/liyang/"))
    assert SEED_TITLE in liyang and WUJIANG_TITLE not in liyang
    assert "本机关的政府信息公开指南正在编制中" in liyang


def test_a_body_column_paginates_and_keeps_its_other_facets(client, towns):
    html = text(client.get("/policies/liyang/?year=2026"))
    assert "共 0 件" in html and SEED_TITLE not in html
    assert '<label for="facet-topic">主题分类</label>' in html


def test_each_body_has_its_own_on_request_catalogue(client, towns):
    wujiang = text(client.get("/policies/wujiang/catalog/"))
    assert "乌江镇人民政府依申请公开目录" in wujiang and ON_REQUEST_TITLE in wujiang
    assert ON_REQUEST_TITLE not in text(client.get("/policies/liyang/catalog/"))
    everything = text(client.get("/policies/catalog/"))
    assert ON_REQUEST_TITLE in everything and '<th scope="col">发布机构</th>' in everything


def test_a_short_address_moves_to_the_body_column_for_good(client, towns):
    response = client.get("/bodies/wujiang/")
    assert response.status_code == 301 and response["Location"] == "/policies/wujiang/"
    assert client.get("/bodies/nowhere/").status_code == 404


def test_the_bodies_index_shows_the_platform_as_a_tree(client, towns):
    html = text(client.get("/bodies/"))
    county = html.index("和县人民政府")
    assert county < html.index("历阳镇人民政府") and county < html.index("乌江镇人民政府")
    assert html.count('<ul class="body-tree">') >= 2  # the towns sit in the county's list
    assert '<a href="/policies/wujiang/">乌江镇人民政府</a>' in html
    assert "政策文件 1 件" in html


def test_a_body_feed_holds_its_policies_in_its_name(client, towns):
    response = client.get("/feeds/bodies/wujiang/policies.atom")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "乌江镇人民政府"
    assert feed.find(f"{ATOM}title").text == "乌江镇人民政府 · 政策文件"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [WUJIANG_TITLE]
    assert entries[0].find(f"{ATOM}author/{ATOM}name").text == "乌江镇人民政府"
    assert client.get("/feeds/bodies/nowhere/policies.atom").status_code == 404


def test_the_portal_feed_covers_every_body_in_the_platform_name(client, towns):
    feed = ET.fromstring(client.get("/feeds/policies.atom").content)
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "和县人民政府"
    authors = {e.find(f"{ATOM}title").text: e.find(f"{ATOM}author/{ATOM}name").text for e in feed.iter(f"{ATOM}entry")}
    assert authors[WUJIANG_TITLE] == "乌江镇人民政府"
    assert authors[SEED_TITLE] == "历阳镇人民政府"
