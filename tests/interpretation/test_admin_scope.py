"""Choosers, admin search, listings and the dashboard show a user only the pages they may see."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from interpretation import admin_scope, three_sync
from interpretation.models import MaterialPage, PolicyDocumentPage
from tests.factories.events import events_section
from tests.factories.library import WORK_PLAN_SLUG, work_plan
from tests.factories.site import office, section
from tests.factories.site import user as person
from tests.interpretation.test_three_sync_admin import draft_material, draft_policy, submit, workflow_action
from tests.module_db import built_once_per_module

pytestmark = pytest.mark.django_db

JJB_DRAFT = "关于调整农业产业扶持资金的通知"
JJB_WITHHELD = "关于镇属企业改制的内部意见"
JJB_WITHHELD_MATERIAL = "《镇属企业改制内部意见》解读"
DZB_DRAFT = "关于规范公文处理流程的通知"


def browser(user):
    """A fresh client per user: messages left by another user's request (page created…) never show up."""
    client = Client()
    client.force_login(user)
    return client


def release_then_withhold(editor, section, leader, *, material_title, **fields):
    """A policy released as 主动公开 (signed, then published as the partner tests do), then withheld.

    The withholding is written directly: the admin's publishing rules for it are not what is tested here.
    """
    policy = draft_policy(editor, section, **fields)
    material = draft_material(editor, policy, title=material_title, slug=f"{fields['slug']}-jiedu")
    revision = policy.get_latest_revision()
    three_sync.sign_bundle(policy, revision, leader, comment="同意")
    revision.publish(user=leader)
    PolicyDocumentPage.objects.filter(pk=policy.pk).update(
        disclosure_attribute="withheld", withholding_reason="涉及国家秘密"
    )
    return PolicyDocumentPage.objects.get(pk=policy.pk), MaterialPage.objects.get(pk=material.pk)


def build_pages():
    """The office; one public policy (党政办's work plan), a draft of each department, and a 经济办 policy
    withheld after its release. Built once for the module: every test only reads them or changes them in its own
    transaction."""
    made = office()
    work_plan()
    jjb = browser(person("jjb_editor"))
    jingji = made["sections"]["jingji"]
    draft_policy(jjb, jingji, title=JJB_DRAFT, slug="nongye-fuchi", document_number="历政〔2026〕5号")
    release_then_withhold(
        jjb,
        jingji,
        person("jjb_leader"),
        material_title=JJB_WITHHELD_MATERIAL,
        title=JJB_WITHHELD,
        slug="gaizhi",
        document_number="历政〔2026〕6号",
    )
    draft_policy(
        browser(person("dzb_editor")),
        section("dangzheng"),
        title=DZB_DRAFT,
        slug="gongwen",
        document_number="历政〔2026〕7号",
    )


_office_for_module = built_once_per_module(build_pages)


@pytest.fixture
def login(user):
    return lambda username: browser(user(username))


@pytest.fixture
def pages(office):
    """Fresh instances of what build_pages() made."""
    policy = PolicyDocumentPage.objects.get
    return {
        "seed": policy(slug=WORK_PLAN_SLUG),
        "jjb_draft": policy(slug="nongye-fuchi"),
        "withheld": policy(slug="gaizhi"),
        "material": MaterialPage.objects.get(slug="gaizhi-jiedu"),
        "dzb_draft": policy(slug="gongwen"),
    }


def chooser(client, url, **params):
    """The chooser's HTML: browsing answers a modal-workflow JSON, searching a bare results fragment."""
    response = client.get(url, params)
    assert response.status_code == 200, response.content.decode()[:1000]
    return response.json()["html"] if response["Content-Type"] == "application/json" else response.content.decode()


def browse(client, page):
    return chooser(client, reverse("wagtailadmin_choose_page_child", args=(page.pk,)))


def visible_titles(username, user):
    return set(admin_scope.restrict(Page.objects.all(), user(username)).values_list("title", flat=True))


def test_the_rule_shows_own_pages_and_public_ones_only(pages, user):
    assert pages["material"].live, "released with its policy, then hidden with it"
    seed = pages["seed"].title
    dzb = visible_titles("dzb_editor", user)
    assert seed in dzb and DZB_DRAFT in dzb
    assert not {JJB_DRAFT, JJB_WITHHELD, JJB_WITHHELD_MATERIAL} & dzb
    jjb = visible_titles("jjb_leader", user)
    assert {seed, JJB_DRAFT, JJB_WITHHELD, JJB_WITHHELD_MATERIAL} <= jjb and DZB_DRAFT not in jjb
    office = visible_titles("gkb_reviewer", user)
    assert seed in office and not {JJB_DRAFT, JJB_WITHHELD, JJB_WITHHELD_MATERIAL, DZB_DRAFT} & office
    everything = {seed, JJB_DRAFT, JJB_WITHHELD, JJB_WITHHELD_MATERIAL, DZB_DRAFT}
    assert everything <= visible_titles("admin", user)


def test_page_chooser_browses_only_visible_pages(office, pages, login):
    dzb = login("dzb_editor")
    other_section = browse(dzb, office["sections"]["jingji"])
    assert JJB_DRAFT not in other_section and JJB_WITHHELD not in other_section
    own_section = browse(dzb, office["sections"]["dangzheng"])
    assert DZB_DRAFT in own_section and pages["seed"].title in own_section

    jjb = login("jjb_editor")
    own_section = browse(jjb, office["sections"]["jingji"])
    assert JJB_DRAFT in own_section and JJB_WITHHELD in own_section
    other_section = browse(jjb, office["sections"]["dangzheng"])
    assert pages["seed"].title in other_section, "a public policy of another department may be linked"
    assert DZB_DRAFT not in other_section

    admin = login("admin")
    assert JJB_DRAFT in browse(admin, office["sections"]["jingji"])
    assert DZB_DRAFT in browse(admin, office["sections"]["dangzheng"])


def test_page_chooser_search_finds_only_visible_pages(pages, login):
    # Autocomplete matches the start of a title (a run of Chinese characters is one token).
    url = reverse("wagtailadmin_choose_page_search")
    found = chooser(login("dzb_editor"), url, q="关于")
    assert DZB_DRAFT in found
    assert JJB_DRAFT not in found and JJB_WITHHELD not in found
    found = chooser(login("admin"), url, q="关于")
    assert JJB_DRAFT in found and JJB_WITHHELD in found and DZB_DRAFT in found


def test_rich_text_link_chooser_search_offers_own_and_public_pages(pages, login):
    """A material's rich-text link chooser is the same page chooser, with or without a page type."""
    url = reverse("wagtailadmin_choose_page_search")
    found = chooser(login("jjb_editor"), url, q="2018", page_type="interpretation.policydocumentpage")
    assert pages["seed"].title in found, "another department's public policy may be linked"
    assert JJB_WITHHELD_MATERIAL not in chooser(login("dzb_editor"), url, q="镇属")
    assert JJB_WITHHELD_MATERIAL in chooser(login("jjb_editor"), url, q="镇属")


def test_explorer_search_hides_other_departments_drafts(pages, login):
    url = reverse("wagtailadmin_pages:search")
    found = login("dzb_editor").get(url, {"q": "关于"}).content.decode()
    assert DZB_DRAFT in found
    assert JJB_DRAFT not in found and JJB_WITHHELD not in found
    assert pages["seed"].title in login("dzb_editor").get(url, {"q": "2018"}).content.decode()
    found = login("admin").get(url, {"q": "关于"}).content.decode()
    assert JJB_DRAFT in found and DZB_DRAFT in found


def test_explorer_listing_hides_other_departments_sections(office, pages, login):
    dzb = login("dzb_editor")
    response = dzb.get(reverse("wagtailadmin_explore", args=(office["sections"]["jingji"].pk,)), follow=True)
    assert JJB_DRAFT not in response.content.decode()
    library = dzb.get(reverse("wagtailadmin_explore", args=(office["library"].pk,)), {"q": "关于"}).content.decode()
    assert JJB_DRAFT not in library


def test_policy_listing_shows_own_department_only(pages, login):
    url = reverse("policies:index")
    listing = login("dzb_editor").get(url).content.decode()
    assert DZB_DRAFT in listing and pages["seed"].title in listing
    assert JJB_DRAFT not in listing and JJB_WITHHELD not in listing
    searched = login("dzb_editor").get(url, {"q": "关于"}).content.decode()
    assert DZB_DRAFT in searched and JJB_DRAFT not in searched
    listing = login("admin").get(url).content.decode()
    assert JJB_DRAFT in listing and DZB_DRAFT in listing


def dashboard_page_count(client) -> int:
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    match = re.search(r'href="/admin/pages/\d+/">\s*(\d+)', html)
    assert match, html[:3000]
    return int(match.group(1))


def test_dashboard_counts_only_visible_pages(office, pages, login):
    # In the events group too, 党政办's editor explores from the home page: Wagtail would count everything.
    events_section()
    before_dzb, before_admin = dashboard_page_count(login("dzb_editor")), dashboard_page_count(login("admin"))
    draft_policy(login("jjb_editor"), office["sections"]["jingji"], title="关于新增农机补贴的通知", slug="nongji")
    assert dashboard_page_count(login("admin")) == before_admin + 1
    assert dashboard_page_count(login("dzb_editor")) == before_dzb
    hidden = Page.objects.filter(title__in=[JJB_DRAFT, JJB_WITHHELD, JJB_WITHHELD_MATERIAL]).count()
    assert before_dzb <= before_admin - hidden


def test_openness_office_sees_the_document_it_reviews(office, pages, login):
    editor = login("jjb_editor")
    title = "关于集体资产处置的意见"
    policy = draft_policy(
        editor,
        office["sections"]["jingji"],
        title=title,
        slug="zichan",
        document_number="历政〔2026〕8号",
        disclosure_attribute="on_request",
        withholding_reason="涉及第三方商业信息",
    )
    draft_material(editor, policy, slug="zichan-jiedu")
    submit(
        editor,
        policy,
        title=title,
        slug="zichan",
        document_number="历政〔2026〕8号",
        disclosure_attribute="on_request",
        withholding_reason="涉及第三方商业信息",
    )
    policy.refresh_from_db()
    workflow_action(login("jjb_leader"), policy, "approve")
    policy.refresh_from_db()
    assert policy.current_workflow_task.name == "政务公开办审核公开属性"

    url = reverse("wagtailadmin_choose_page_search")
    assert title in chooser(login("gkb_reviewer"), url, q="关于")
    assert title not in chooser(login("dzb_editor"), url, q="关于")
    # Returned to the department (no publishing involved): the office no longer has anything to act on.
    assert workflow_action(login("gkb_reviewer"), policy, "reject", comment="不公开理由不充分").status_code == 302
    assert title not in chooser(login("gkb_reviewer"), url, q="关于")


def test_overdue_panel_lists_only_visible_policies(office, pages, login):
    due = timezone.now() + timedelta(days=1)
    PolicyDocumentPage.objects.filter(pk=pages["withheld"].pk).update(interpretation_due_at=due)
    assert JJB_WITHHELD in login("jjb_leader").get(reverse("wagtailadmin_home")).content.decode()
    assert JJB_WITHHELD not in login("dzb_editor").get(reverse("wagtailadmin_home")).content.decode()
