"""Briefings, press conferences and online interviews in the site search: their own result type (发布会与访谈
tab) and label (the kind), under the same visibility rule as everything else the search finds."""

import pytest

from interpretation.events.choices import EventKind
from interpretation.public.facets import PolicyFilters
from interpretation.public.finder import hits_for, run_search
from tests.factories.events import events_section, make_event

pytestmark = pytest.mark.django_db
WORD = "渡口"


@pytest.fixture
def events(demo):
    events_section()
    return {
        "briefing": make_event(
            kind=EventKind.BRIEFING, title=f"{WORD}改造政策吹风会", summary=f"介绍乌江{WORD}改造安排。"
        ),
        "interview": make_event(
            kind=EventKind.ONLINE_INTERVIEW, title="镇长在线访谈", summary=f"回答网民关于{WORD}通行的提问。"
        ),
        "draft": make_event(kind=EventKind.PRESS_CONFERENCE, title=f"{WORD}新闻发布会", publish=False),
    }


def test_events_are_found_with_their_kind_as_label(events):
    outcome = run_search(WORD, PolicyFilters())
    hits = {hit.page.pk: hit for hit in hits_for(outcome.page_ids, outcome.words)}
    assert set(hits) == {events["briefing"].pk, events["interview"].pk}  # never the unpublished one
    assert hits[events["briefing"].pk].kind_label == "政策吹风会"
    assert hits[events["interview"].pk].kind_label == "在线访谈"


def test_the_kind_name_finds_events_of_that_kind(events):
    outcome = run_search("在线访谈", PolicyFilters())
    assert events["interview"].pk in outcome.page_ids


def test_search_page_offers_an_events_tab_and_filters_by_it(client, events):
    html = client.get("/search/", {"q": "政务公开 " + WORD}).content.decode()
    assert "发布会与访谈(2)" in html and "政策文件与解读(" in html
    only = client.get("/search/", {"q": "政务公开 " + WORD, "kind": "events"}).content.decode()
    assert "找到 2 条结果" in only
    assert '<span class="form-tag">政策吹风会</span>' in only and "改造政策吹风会" in only
    assert "《2018年历阳镇政务公开工作方案》问答" not in only
    assert 'name="kind" value="events"' in only  # the facets and the box keep the tab


def test_a_document_facet_leaves_events_out_but_the_year_keeps_them(events):
    year = events["briefing"].start.year
    assert events["briefing"].pk in run_search(WORD, PolicyFilters(year=year)).page_ids
    assert events["briefing"].pk not in run_search(WORD, PolicyFilters(year=year - 5)).page_ids
    assert not run_search(WORD, PolicyFilters(topic="zhengwu-gongkai")).page_ids
