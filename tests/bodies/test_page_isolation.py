"""A town's people see, choose and count only their own body's pages; the county's see theirs and every town's."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from interpretation import admin_scope
from interpretation.events.models import EventIndexPage, EventPage
from interpretation.models import BodySectionPage, PolicyDocumentPage
from tests.bodies.conftest import EVENTS, POLICIES
from tests.factories import site
from tests.factories.library import WORK_PLAN_SLUG
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db

LIYANG_DRAFT = "关于历阳镇农贸市场改造的通知"
WUJIANG_PUBLIC, WUJIANG_DRAFT = "关于乌江镇防汛工作的通知", "关于乌江镇集镇规划的意见稿"
COUNTY_PUBLIC, COUNTY_DRAFT = "关于全县政务公开工作的通知", "关于县城道路改造的意见稿"
OTHER_BODIES = {WUJIANG_PUBLIC, WUJIANG_DRAFT, COUNTY_PUBLIC, COUNTY_DRAFT}


def visible_titles(user) -> set[str]:
    return set(admin_scope.restrict(Page.objects.all(), user).values_list("title", flat=True))


def chooser(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.content.decode()[:1000]
    return response.json()["html"] if response["Content-Type"] == "application/json" else response.content.decode()


def column(slug):
    return BodySectionPage.objects.get(disclosing_body__slug=slug)


def test_the_rule_keeps_each_person_to_their_bodies(platform, user):
    seed = PolicyDocumentPage.objects.get(slug=WORK_PLAN_SLUG).title
    town = visible_titles(user("releaser"))  # page rights on the whole library, but works for 历阳镇
    assert {seed, LIYANG_DRAFT, "历阳镇人民政府", "政策文件"} <= town
    assert not OTHER_BODIES & town, "another body's pages, public or not, are not the town's"
    assert not {"乌江镇人民政府", "和县人民政府"} & town, "nor are their columns"
    assert "历阳镇政策吹风会" in town and "乌江镇在线访谈" not in town

    county = visible_titles(user("hx_librarian"))
    assert {seed, LIYANG_DRAFT, WUJIANG_PUBLIC, WUJIANG_DRAFT, COUNTY_PUBLIC, COUNTY_DRAFT} <= county
    assert {"历阳镇政策吹风会", "乌江镇在线访谈"} <= county

    reviewer = visible_titles(user("hx_reviewer"))  # no page rights: the public pages of the county and its towns
    assert {seed, WUJIANG_PUBLIC, COUNTY_PUBLIC} <= reviewer
    assert not {LIYANG_DRAFT, WUJIANG_DRAFT, COUNTY_DRAFT} & reviewer
    stray = visible_titles(user("stray_admin"))  # works for no body: the shared pages only
    assert "政策文件" in stray and not ({seed, *POLICIES, *EVENTS} & stray)


def test_explorer_shows_the_library_with_own_columns_only(platform, login):
    library = platform["library"]
    town = login("releaser").get(reverse("wagtailadmin_explore", args=(library.pk,))).content.decode()
    assert "历阳镇人民政府" in town
    assert "乌江镇人民政府" not in town and "和县人民政府" not in town
    inside = login("releaser").get(reverse("wagtailadmin_explore", args=(column("wujiang").pk,)), follow=True)
    assert WUJIANG_DRAFT not in inside.content.decode() and "党政办公室" not in inside.content.decode()

    county = login("hx_librarian").get(reverse("wagtailadmin_explore", args=(library.pk,))).content.decode()
    assert "历阳镇人民政府" in county and "乌江镇人民政府" in county and "和县人民政府" in county


def test_explorer_search_across_the_tree_keeps_to_own_body(platform, login):
    url = reverse("wagtailadmin_explore", args=(platform["library"].pk,))
    found = login("releaser").get(url, {"q": "关于", "search_all": "1"}).content.decode()
    assert LIYANG_DRAFT in found
    assert not [title for title in OTHER_BODIES if title in found]


def test_page_chooser_browses_and_searches_own_body_only(platform, login):
    town = login("dzb_editor")
    library = chooser(town, reverse("wagtailadmin_choose_page_child", args=(platform["library"].pk,)))
    assert "历阳镇人民政府" in library and "乌江镇人民政府" not in library
    wujiang = chooser(town, reverse("wagtailadmin_choose_page_child", args=(site.section("dangzheng", "wujiang").pk,)))
    assert WUJIANG_PUBLIC not in wujiang, "a public policy of another town is not offered"

    url = reverse("wagtailadmin_choose_page_search")
    found = chooser(town, url, q="关于")
    assert LIYANG_DRAFT in found and not [title for title in OTHER_BODIES if title in found]
    assert "历阳镇政策吹风会" in chooser(town, url, q="历阳镇", page_type="events.eventpage")
    assert "乌江镇在线访谈" not in chooser(town, url, q="乌江镇", page_type="events.eventpage")

    reviewer = chooser(login("hx_reviewer"), url, q="关于")
    assert WUJIANG_PUBLIC in reviewer and COUNTY_PUBLIC in reviewer, "the county links to its towns' policies"
    assert WUJIANG_DRAFT not in reviewer and LIYANG_DRAFT not in reviewer


def test_admin_page_search_keeps_to_own_body(platform, login):
    url = reverse("wagtailadmin_pages:search")
    town = login("releaser").get(url, {"q": "关于"}).content.decode()
    assert LIYANG_DRAFT in town
    assert not [title for title in OTHER_BODIES if title in town]
    county = login("hx_librarian").get(url, {"q": "关于"}).content.decode()
    assert {LIYANG_DRAFT, WUJIANG_DRAFT, COUNTY_DRAFT} <= {t for t in POLICIES if t in county}


def test_policy_listing_keeps_to_own_body(platform, login):
    listing = login("releaser").get(reverse("policies:index")).content.decode()
    assert LIYANG_DRAFT in listing and not [title for title in OTHER_BODIES if title in listing]


def dashboard_page_count(client) -> int:
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    match = re.search(r'href="/admin/pages/\d+/">\s*(\d+)', html)
    assert match, html[:3000]
    return int(match.group(1))


def test_dashboard_counts_own_body_pages_only(platform, login, user):
    before = {name: dashboard_page_count(login(name)) for name in ("releaser", "hx_librarian", "admin")}
    PolicyFactory(
        parent=site.section("dangzheng", "wujiang"),
        author=user("wj_editor"),
        title="关于乌江镇渔业转产的通知",
        slug="yuye",
        issuing_organ="乌江镇人民政府",
    )
    assert dashboard_page_count(login("releaser")) == before["releaser"], "another town's new draft is not counted"
    assert dashboard_page_count(login("hx_librarian")) == before["hx_librarian"] + 1
    assert dashboard_page_count(login("admin")) == before["admin"] + 1


def event_form(**overrides):
    """POST data for a new event, as an editor fills it."""
    data = {
        "title": "历阳镇政务公开日",
        "slug": "gongkai-ri",
        "kind": "briefing",
        "summary": "",
        "start": "2026-12-20 09:00",
        "end": "2026-12-20 10:00",
        "date_change_reason": "",
        "place": "镇政府三楼会议室",
        "online_url": "",
        "responsible_user": "",
        "responsible_department": "",
        "press_kit_embargo_until": "",
        "transcript": rich_text(""),
        "video_url": "",
        "people": inline_formset([]),
        "press_kit": inline_formset([]),
        "photos": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_event_body_is_the_editors_own_and_never_another_towns(platform, login):
    index = EventIndexPage.objects.get()
    add = reverse("wagtailadmin_pages:add", args=("events", "eventpage", index.pk))
    town = login("dzb_editor")
    form = town.get(add).content.decode()
    liyang, wujiang = site.body("liyang"), site.body("wujiang")
    assert re.search(rf'<option value="{liyang.pk}"[^>]*selected', form), "the editor's body by default"
    assert "乌江镇人民政府</option>" not in form and "和县人民政府</option>" not in form

    refused = town.post(add, event_form(disclosing_body=wujiang.pk))
    assert refused.status_code == 200
    assert "只能选择您所在的公开主体或其下级主体" in refused.content.decode()
    assert not EventPage.objects.filter(slug="gongkai-ri").exists()

    assert town.post(add, event_form(disclosing_body=liyang.pk)).status_code == 302
    assert EventPage.objects.get(slug="gongkai-ri").disclosing_body == liyang


def test_another_bodys_draft_is_not_shown_by_its_address(platform, login):
    """Guessing a page id shows nothing of a page outside the person's scope: not its title in a header."""
    draft = Page.objects.get(title=WUJIANG_DRAFT)
    town = login("releaser")
    urls = [
        reverse("wagtailadmin_explore", args=(draft.pk,)),
        reverse("wagtailadmin_pages:history", args=(draft.pk,)),
        reverse("wagtailadmin_pages:usage", args=(draft.pk,)),
        reverse("wagtailadmin_pages:workflow_history", args=(draft.pk,)),
        reverse("wagtailadmin_pages:edit", args=(draft.pk,)),
        reverse("wagtailadmin_pages:view_draft", args=(draft.pk,)),
        reverse("wagtailadmin_pages:copy", args=(draft.pk,)),
        reverse("wagtailadmin_pages:move", args=(draft.pk,)),
        reverse("wagtailadmin_pages:delete", args=(draft.pk,)),
        reverse("wagtailadmin_pages:unpublish", args=(draft.pk,)),
        reverse("wagtailadmin_pages:lock", args=(draft.pk,)),
    ]
    leaks = []
    for url in urls:
        response = town.get(url, follow=True)
        if WUJIANG_DRAFT in response.content.decode():
            leaks.append((url, response.status_code))
    assert not leaks
    own = login("hx_librarian").get(reverse("wagtailadmin_explore", args=(draft.pk,)))
    assert own.status_code == 200 and WUJIANG_DRAFT in own.content.decode()


def test_people_told_about_a_page_are_those_of_its_body_and_above(platform, user):
    """Wagtail mails whoever holds a right on a page (submitted for review…): never another town's people."""
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(Page)
    draft = Page.objects.get(title=WUJIANG_DRAFT)
    told = set(policy.users_with_permission_for_instance("change", draft).values_list("username", flat=True))
    assert "hx_librarian" in told, "the county's editor holds the right on every column"
    assert "releaser" not in told, "历阳镇's releaser holds it on the library too, but works for another town"
    own = Page.objects.get(title=LIYANG_DRAFT)
    assert "releaser" in set(
        policy.users_with_permission_for_instance("change", own).values_list("username", flat=True)
    )


def test_the_explorers_people_filters_list_own_bodys_people_only(platform, login, user):
    """所有者 and 编辑者 choices: a town's editor is not shown (nor sent) the names of another town's staff."""
    stranger = site.UserFactory(username="wj_editor", first_name="乌江编辑", body=site.body("wujiang"))
    neighbour = site.UserFactory(username="ly_owner", first_name="历阳编辑", body=site.body("liyang"))
    Page.objects.filter(title=WUJIANG_DRAFT).update(owner=stranger)
    Page.objects.filter(title=LIYANG_DRAFT).update(owner=neighbour)
    url = reverse("wagtailadmin_explore", args=(platform["library"].pk,))
    town = login("releaser").get(url).content.decode()
    assert f'name="owner" value="{neighbour.pk}"' in town
    assert f'name="owner" value="{stranger.pk}"' not in town and "乌江编辑" not in town
    county = login("hx_librarian").get(url).content.decode()
    assert f'name="owner" value="{stranger.pk}"' in county, "the county oversees its towns' people"


def test_the_documents_menu_is_for_those_who_hold_a_page_right(platform, login):
    """A body administrator manages people, partners and accounts: 政策文件 is not in their menu (it led nowhere)."""
    listing = reverse("policies:index")
    assert listing not in login("ly_admin").get(reverse("wagtailadmin_home")).content.decode()
    assert listing in login("dzb_editor").get(reverse("wagtailadmin_home")).content.decode()
