"""Chinese search: recall on a labelled set, title matches first, filters, snippets, and nothing hidden."""

import pytest
from django.db import connection

from interpretation.public.facets import PolicyFilters
from interpretation.public.finder import hits_for, run_search
from interpretation.public.search import query_words, segment
from tests.public import corpus

pytestmark = pytest.mark.django_db


def slug_path(page) -> str:
    parent = page.get_parent()
    return f"{parent.slug}/{page.slug}" if parent.specific_class.__name__ == "PolicyDocumentPage" else page.slug


def rank_of(query: str, expected: str) -> int | None:
    outcome = run_search(query, PolicyFilters())
    for position, hit in enumerate(hits_for(outcome.page_ids[:20], outcome.words), start=1):
        if slug_path(hit.page) == expected:
            return position
    return None


def test_segmentation_splits_chinese_into_words_for_the_index():
    assert segment("优化营商环境的若干措施").split() == ["优化", "营商", "环境", "营商环境", "的", "若干", "措施"]
    assert query_words("依申请公开目录怎么查") == ["依申请公开", "目录"]


def test_labelled_queries_find_the_expected_document(library, capsys):
    assert len(corpus.LABELLED_QUERIES) >= 30
    ranks = {query: rank_of(query, expected) for query, expected in corpus.LABELLED_QUERIES}
    found = [r for r in ranks.values() if r is not None]
    recall_at_10 = sum(1 for r in found if r <= 10) / len(ranks)
    first = sum(1 for r in found if r == 1)
    with capsys.disabled():
        print(f"\n[figure] search on {connection.vendor}: {len(ranks)} labelled queries")
        for query, rank in ranks.items():
            print(f"  {query:<20} rank {rank}")
        mean = sum(found) / len(found)
        print(f"[figure] recall@10 {recall_at_10:.2f}; rank 1 for {first}/{len(ranks)}; mean rank {mean:.2f}")
    assert recall_at_10 >= 0.95
    assert sum(found) / len(found) <= 2


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("农家书屋", "历阳镇农家书屋管理办法"),
        ("河长制", "历阳镇全面推行河长制工作方案"),
        ("2018年历阳镇政务公开工作方案", "2018年历阳镇政务公开工作方案"),
        ("最低生活保障", "历阳镇农村最低生活保障实施细则"),
        ("居家养老服务补贴", "历阳镇居家养老服务补贴办法"),  # the policy before 《...》政策解读
        ("防汛抗旱应急预案", "历阳镇防汛抗旱应急预案(2023年修订)"),  # the one in force before the amended one
    ],
)
def test_a_title_match_ranks_first(library, query, title):
    outcome = run_search(query, PolicyFilters())
    assert hits_for(outcome.page_ids[:1], outcome.words)[0].page.title == title


def test_withheld_and_on_request_documents_are_never_found(library, client):
    assert run_search(corpus.HIDDEN_WORD, PolicyFilters()).total == 0
    hidden = {page.pk for slug, *_ in corpus.HIDDEN for page in [library[slug], *library[slug].get_children()]}
    assert not hidden & set(run_search("历阳镇绝密测绘成果管理办法", PolicyFilters()).page_ids)
    html = client.get("/search/", {"q": corpus.HIDDEN_WORD}).content.decode()
    assert "没有找到相关结果" in html


def test_filters_narrow_search_results(library):
    every = run_search("政务公开", PolicyFilters())
    only_2023 = run_search("政务公开", PolicyFilters(year=2023))
    titles = {hit.page.title for hit in hits_for(only_2023.page_ids, only_2023.words)}
    assert "历阳镇2023年政务公开工作要点" in titles
    assert "2018年历阳镇政务公开工作方案" not in titles
    assert only_2023.total < every.total


def test_search_page_shows_highlighted_snippets_and_links_materials_to_their_policy(library, client):
    html = client.get("/search/", {"q": "随迁子女"}).content.decode()
    assert "<mark>随迁</mark><mark>子女</mark>" in html or "<mark>随迁子女</mark>" in html
    assert "义务教育入学问答" in html and "原文:" in html
    assert client.get("/search/", {"q": "随迁子女"})["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_when_no_document_has_every_word_any_word_may_match(library):
    outcome = run_search("河长制 农家书屋", PolicyFilters())
    assert not outcome.matched_all
    titles = {hit.page.title for hit in hits_for(outcome.page_ids, outcome.words)}
    assert {"历阳镇全面推行河长制工作方案", "历阳镇农家书屋管理办法"} <= titles
