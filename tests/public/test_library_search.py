"""The library's 关键词 and 文号 boxes: combined with the facets, kept by facet links and pagination, counted by
the facets, and a 文号 found whatever brackets it is typed with (over the labelled corpus, built once)."""

import re

import pytest

from interpretation.models.policy import public_policies
from interpretation.public.library_search import LibraryQuery, matching_ids, number_variants
from tests.public import corpus

pytestmark = pytest.mark.django_db
SEED_TITLE = "2018年历阳镇政务公开工作方案"


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode("utf-8")


def titles(html: str) -> set[str]:
    everything = {SEED_TITLE, *(document[1] for document in corpus.DOCUMENTS)}
    return {title for title in everything if f">{title}<" in html}


def test_number_variants_cover_every_kind_of_bracket():
    variants = number_variants("历政办(2018)12号")
    assert "历政办〔2018〕12号" in variants and "历政办[2018]12号" in variants and "历政办(2018)12号" in variants
    assert number_variants("12号") == ["12号"]


@pytest.mark.parametrize("typed", ["历政办〔2018〕12号", "历政办[2018]12号", "历政办(2018)12号", "历政办（2018）12号"])
def test_a_document_number_finds_its_policy_whatever_the_brackets(client, library, typed):
    html = text(client.get("/policies/", {"number": typed}))
    assert titles(html) == {SEED_TITLE}
    assert "共 1 件" in html
    assert f'value="{typed}"' in html  # the box keeps what was typed


def test_part_of_a_number_finds_every_policy_that_contains_it(client, library):
    html = text(client.get("/policies/", {"number": "历政〔2021〕"}))
    assert titles(html) == {"历阳镇优化营商环境十条措施", "历阳镇居家养老服务补贴办法"}


def test_keyword_narrows_the_listing_and_the_facets_count_within_it(client, library):
    html = text(client.get("/policies/", {"q": "河长制"}))
    assert titles(html) == {"历阳镇全面推行河长制工作方案"}
    assert "共 1 件" in html and "清除筛选" in html
    # The year facet offers only the keyword's year, counted within the keyword.
    years = re.findall(r'<option value="(\d{4})"[^>]*>\d{4}年\((\d+)\)</option>', html)
    assert years == [("2018", "1")]


def test_keyword_combines_with_facets_and_survives_pagination_and_facet_links(client, library):
    html = text(client.get("/policies/", {"q": "历阳镇", "year": "2021"}))
    assert titles(html) and all(title in html for title in titles(html))
    assert "历阳镇全面推行河长制工作方案" not in html  # 2018
    assert 'name="q" value="历阳镇"' in html and '<option value="2021" selected>' in html
    every = text(client.get("/policies/", {"q": "历阳镇"}))
    assert "第2页" in every
    assert 'href="?q=%E5%8E%86%E9%98%B3%E9%95%87&amp;page=2"' in every


def test_keyword_and_number_together(client, library):
    assert titles(text(client.get("/policies/", {"q": "营商环境", "number": "历政〔2021〕"}))) == {
        "历阳镇优化营商环境十条措施"
    }
    html = text(client.get("/policies/", {"q": "河长制", "number": "历政〔2021〕"}))
    assert "共 0 件" in html and "没有符合条件的政策文件。" in html


def test_hidden_documents_never_match(library):
    assert matching_ids(public_policies(), LibraryQuery(q=corpus.HIDDEN_WORD)) == []
