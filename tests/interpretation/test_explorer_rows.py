"""The explorer's rows: an editor without publish rights may delete or move only what is not live, whatever the
number of rows, and a live material of an unpublished policy is hidden with it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page

from interpretation import admin_scope
from interpretation.models import MaterialPage, PolicyDocumentPage
from tests.factories.library import WORK_PLAN_SLUG, work_plan
from tests.factories.site import office
from tests.interpretation.test_admin_scope import browser
from tests.interpretation.test_three_sync_admin import draft_policy
from tests.module_db import built_once_per_module

pytestmark = pytest.mark.django_db


def build_pages():
    office()
    work_plan()


_office_for_module = built_once_per_module(build_pages)


def rights(username, user, page):
    tester = Page.objects.get(pk=page.pk).permissions_for_user(user(username))
    return tester.can_delete(), tester.can_move()


def test_an_editor_may_delete_a_draft_but_not_a_live_policy(user, login_as):
    from tests.factories.site import section

    draft = draft_policy(login_as("dzb_editor"), section("dangzheng"), title="关于清理闲置办公用房的通知", slug="fang")
    assert draft.numchild == 0 and not draft.live
    assert rights("dzb_editor", user, draft) == (True, True)
    Page.objects.filter(pk=draft.pk).update(live=True)  # a released leaf: Wagtail keeps it to those who publish
    assert rights("dzb_editor", user, draft) == (False, False)
    assert rights("dzb_leader", user, draft) == (True, True)
    assert rights("jjb_editor", user, draft) == (False, False), "another department's page"


def test_a_live_policy_with_materials_is_judged_by_wagtails_own_rule(user):
    seed = PolicyDocumentPage.objects.get(slug=WORK_PLAN_SLUG)
    assert seed.numchild > 0 and seed.live
    assert rights("dzb_editor", user, seed) == (False, False)
    assert rights("dzb_leader", user, seed) == (False, True), "no bulk delete, but may move the whole bundle"


def test_the_explorer_asks_no_query_per_row(login_as):
    from tests.factories.site import section

    client = login_as("dzb_editor")
    dangzheng = section("dangzheng")
    url = reverse("wagtailadmin_explore", args=(dangzheng.pk,))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    draft_policy(client, dangzheng, title="关于印发值班制度的通知", slug="zhiban")
    queries()  # the first visit also settles the session's messages and the per-process caches
    fewer = queries()
    for n in range(4):
        draft_policy(client, dangzheng, title=f"关于第{n}批公文归档的通知", slug=f"guidang-{n}")
    assert queries() == fewer


def test_a_live_material_of_an_unpublished_policy_is_hidden_with_it(user):
    seed = PolicyDocumentPage.objects.get(slug=WORK_PLAN_SLUG)
    materials = set(MaterialPage.objects.child_of(seed).live().values_list("title", flat=True))
    assert materials

    def seen_by(username):
        return set(admin_scope.restrict(Page.objects.all(), user(username)).values_list("title", flat=True))

    assert materials <= seen_by("jjb_editor")
    PolicyDocumentPage.objects.filter(pk=seed.pk).update(live=False)  # unpublished; its materials stay live
    assert {seed.title, *materials}.isdisjoint(seen_by("jjb_editor"))
    assert {seed.title, *materials} <= seen_by("dzb_editor"), "their own department's pages stay theirs"


@pytest.fixture
def login_as(user):
    return lambda username: browser(user(username))


def test_a_section_lists_twenty_five_documents_a_page(login_as):
    from tests.factories.site import section

    response = login_as("dzb_editor").get(reverse("wagtailadmin_explore", args=(section("dangzheng").pk,)))
    assert response.status_code == 200
    assert response.context["paginator"].per_page == 25
    assert response.context["page_obj"].object_list[0].__class__ is PolicyDocumentPage, "rows are the documents"
