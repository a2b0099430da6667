"""What a reader finds in the library: twenty a page with facets, the banner of a superseded policy, the on-request
catalogue, and feeds; never a withheld or on-request document (over the labelled corpus, built once)."""

import xml.etree.ElementTree as ET

import pytest

from tests.public import corpus

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode("utf-8")


def test_library_paginates_twenty_a_page_and_keeps_the_facets(client, library):
    html = text(client.get("/policies/"))
    total = len(corpus.DOCUMENTS) + 1  # and the seed; never the two hidden ones
    assert f"共 {total} 件" in html
    assert corpus.HIDDEN_WORD not in html
    assert "第2页" in html
    second = text(client.get("/policies/?page=2"))
    assert second.count('class="policy-item"') == total - 20


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("year=2018", "历阳镇全面推行河长制工作方案", "历阳镇优化营商环境十条措施"),
        ("topic=shehui-baozhang", "历阳镇居家养老服务补贴办法", "历阳镇农家书屋管理办法"),
        ("type=normative_document", "历阳镇促进返乡创业就业若干措施", "历阳镇农家书屋管理办法"),
        ("validity=repealed", "历阳镇农村危房改造实施方案", "历阳镇农家书屋管理办法"),
        ("organ=历阳镇人民政府&year=2023", "历阳镇2023年政务公开工作要点", "历阳镇全面推行河长制工作方案"),
    ],
)
def test_library_facets_narrow_the_list(client, library, query, expected, absent):
    html = text(client.get(f"/policies/?{query}"))
    assert expected in html and absent not in html
    assert "清除筛选" in html


def test_superseded_policy_shows_a_banner_linking_the_new_document(client, library):
    html = text(client.get(library["fangxun"].url))
    assert "本文件已被《" in html and "》修改，以新文件为准。" in html
    assert library["fangxun-2023"].url in html
    expired = text(client.get(library["cesuo"].url))
    assert "本文件已失效</strong>，请以现行有效的文件为准。" in expired


def test_on_request_catalog_lists_titles_only_and_never_withheld_documents(client, library):
    html = text(client.get("/policies/catalog/"))
    assert "历阳镇绝密测绘成果管理办法" in html
    assert "历阳镇绝密测绘人员考核细则" not in html
    assert "成果的保管和使用" not in html  # the body is released on application only


def test_withheld_and_on_request_documents_and_their_materials_are_not_served(client, library):
    for slug, *_ in corpus.HIDDEN:
        policy = library[slug]
        assert client.get(policy.url).status_code == 404
        for material in policy.live_materials():
            assert client.get(material.url).status_code == 404


def test_feeds_list_public_policies_and_interpretations_only(client, library):
    for url, expected in (
        ("/feeds/policies.atom", "历阳镇2023年政务公开工作要点"),
        ("/feeds/interpretations.atom", "2023年政务公开工作要点解读"),
    ):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        body = response.content.decode("utf-8")
        assert expected in body and corpus.HIDDEN_WORD not in body
        root = ET.fromstring(response.content)
        assert root.tag == f"{ATOM}feed" and 10 <= len(root.findall(f"{ATOM}entry")) <= 20
        assert response["Cache-Control"] == "public, max-age=300"
