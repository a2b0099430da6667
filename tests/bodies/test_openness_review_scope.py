"""政务公开办 reviews the 公开属性 of its own body's documents: the town's office its town's, the county's every one."""

import pytest
from django.urls import reverse

from interpretation import admin_scope
from interpretation.models import DisclosureApproval
from tests.factories import site
from tests.interpretation.conftest import edit_url
from tests.interpretation.test_three_sync_admin import draft_material, draft_policy, submit, workflow_action

pytestmark = pytest.mark.django_db

OFFICE_TASK = "政务公开办审核公开属性"


def at_the_office(login, prefix, section, *, title, slug, number):
    """An on-request document submitted by the department's editor and signed by its leader: now the office's."""
    fields = {
        "title": title,
        "slug": slug,
        "document_number": number,
        "issuing_organ": section.department.disclosing_body.name,
        "disclosure_attribute": "on_request",
        "withholding_reason": "涉及第三方商业信息",
    }
    editor = login(f"{prefix}_editor")
    policy = draft_policy(editor, section, **fields)
    draft_material(editor, policy, slug=f"{slug}-jiedu")
    assert submit(editor, policy, **fields).status_code == 302
    policy.refresh_from_db()
    assert workflow_action(login(f"{prefix}_leader"), policy, "approve").status_code == 302
    policy.refresh_from_db()
    assert policy.current_workflow_task.name == OFFICE_TASK
    return policy


@pytest.fixture
def wujiang_document(platform, login):
    return at_the_office(
        login,
        "wj",
        site.section("dangzheng", "wujiang"),
        title="关于乌江镇集体资产处置的意见",
        slug="wj-zichan",
        number="乌政〔2026〕2号",
    )


@pytest.fixture
def liyang_document(platform, login):
    return at_the_office(
        login,
        "jjb",
        site.section("jingji"),
        title="关于历阳镇集体资产处置的意见",
        slug="ly-zichan",
        number="历政〔2026〕8号",
    )


def test_town_office_cannot_review_another_towns_document(wujiang_document, login):
    town = login("gkb_reviewer")
    assert town.get(edit_url(wujiang_document)).status_code != 200, "the editor stays closed to another town"
    response = workflow_action(town, wujiang_document, "approve")
    assert response.status_code in (302, 403)
    wujiang_document.refresh_from_db()
    assert wujiang_document.current_workflow_task.name == OFFICE_TASK, "still waiting for its own office"
    assert not DisclosureApproval.objects.filter(policy=wujiang_document).exists()


def test_county_office_reviews_a_towns_document(wujiang_document, login):
    county = login("hx_reviewer")
    assert county.get(edit_url(wujiang_document)).status_code == 200
    assert workflow_action(county, wujiang_document, "approve", comment="同意依申请公开").status_code == 302
    approval = DisclosureApproval.objects.get(policy=wujiang_document)
    assert approval.approved_by.username == "hx_reviewer"


def test_town_office_reviews_its_own_document(liyang_document, login):
    assert workflow_action(login("gkb_reviewer"), liyang_document, "approve").status_code == 302
    assert DisclosureApproval.objects.filter(policy=liyang_document, approved_by__username="gkb_reviewer").exists()


def test_each_office_is_shown_only_its_documents_to_review(wujiang_document, liyang_document, login, user):
    town = set(admin_scope.pages_under_review_by(user("gkb_reviewer")).values_list("pk", flat=True))
    assert liyang_document.pk in town and wujiang_document.pk not in town
    county = set(admin_scope.pages_under_review_by(user("hx_reviewer")).values_list("pk", flat=True))
    assert {liyang_document.pk, wujiang_document.pk} <= county

    dashboard = login("gkb_reviewer").get(reverse("wagtailadmin_home")).content.decode()
    assert liyang_document.title in dashboard and wujiang_document.title not in dashboard
    dashboard = login("hx_reviewer").get(reverse("wagtailadmin_home")).content.decode()
    assert liyang_document.title in dashboard and wujiang_document.title in dashboard
