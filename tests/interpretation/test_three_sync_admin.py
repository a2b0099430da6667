"""The three-sync rule, driven through Wagtail's admin views as the office's users would drive it."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState

from interpretation.models import BundleRelease, PolicyDocumentPage, TextMaterialPage
from tests.interpretation.conftest import add_url, edit_url, policy_form, text_material_form

pytestmark = pytest.mark.django_db


def draft_policy(client, section, **overrides):
    response = client.post(add_url("policydocumentpage", section), policy_form(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return PolicyDocumentPage.objects.get(slug=overrides.get("slug", "yingshang-cuoshi"))


def draft_material(client, policy, **overrides):
    response = client.post(add_url("textmaterialpage", policy), text_material_form(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return TextMaterialPage.objects.child_of(policy).get(slug=overrides.get("slug", "jiedu"))


def submit(client, policy, **overrides):
    return client.post(edit_url(policy), policy_form(**{"action-submit": "提交", **overrides}))


def workflow_action(client, page, action, comment=""):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment} if comment else {})


def test_policy_cannot_be_submitted_without_interpretation_plan_or_material(office, login):
    client = login("jjb_editor")
    section = office["sections"]["jingji"]
    response = client.post(
        add_url("policydocumentpage", section),
        policy_form(**{"plan_outline": "", "first_interpreter": "", "action-submit": "提交"}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "三同步要求未满足" in page
    assert "解读提纲" in page and "第一解读人" in page
    assert "至少需要一份解读材料" in page
    # Nothing half-created, and every field the drafter typed is still in the form.
    assert not PolicyDocumentPage.objects.exists()
    assert "关于优化营商环境的若干措施" in page and "历政〔2026〕3号" in page and "十条措施优化营商环境。" in page


def test_submission_without_disclosure_attribute_is_refused_with_the_reason(office, login):
    client = login("jjb_editor")
    policy = draft_policy(client, office["sections"]["jingji"])
    draft_material(client, policy)
    response = submit(client, policy, disclosure_attribute="")
    assert "未明确公开属性" in response.content.decode()
    assert not WorkflowState.objects.filter(object_id=str(policy.pk)).exists()


def test_leader_approval_signs_the_bundle_and_releases_policy_with_materials(office, login):
    client = login("jjb_editor")
    policy = draft_policy(client, office["sections"]["jingji"])
    material = draft_material(client, policy)
    response = submit(client, policy)
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.current_workflow_state is not None
    assert not policy.live and not TextMaterialPage.objects.get(pk=material.pk).live

    leader = login("jjb_leader")
    review = leader.get(reverse("interpretation_bundle_review", args=(policy.pk,)))
    assert review.status_code == 200
    assert "解读方案" in review.content.decode() and material.title in review.content.decode()

    assert workflow_action(leader, policy, "approve").status_code == 302
    policy.refresh_from_db()
    material.refresh_from_db()
    assert policy.live and material.live, "approval releases the policy and its material together"
    signature = policy.signatures.get()
    assert signature.signed_by.username == "jjb_leader"
    assert signature.material_revisions == {str(material.pk): material.live_revision_id}
    release = BundleRelease.objects.get(policy=policy)
    assert release.kind == BundleRelease.Kind.RELEASE
    actions = set(PageLogEntry.objects.filter(page=policy).values_list("action", flat=True))
    assert {"interpretation.submitted_together", "interpretation.signed", "interpretation.released_together"} <= actions
    ours = PageLogEntry.objects.filter(page=policy, action__startswith="interpretation.")
    assert {entry.data["disclosing_body"] for entry in ours} == {policy.disclosing_body_id}, "each entry names its body"
    assert policy.disclosing_body.name == "历阳镇人民政府" and policy.issuing_organ == "历阳镇人民政府"
    assert policy.index_number.startswith("11341523MB1L00001X/"), "the body's credit code prefixes the 索引号"


def test_rejection_returns_the_whole_bundle_with_the_comment(office, login):
    client = login("jjb_editor")
    policy = draft_policy(client, office["sections"]["jingji"])
    material = draft_material(client, policy)
    submit(client, policy)
    leader = login("jjb_leader")
    workflow_action(leader, policy, "reject", comment="解读提纲需补充案例")
    policy.refresh_from_db()
    assert policy.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not policy.live and not TextMaterialPage.objects.get(pk=material.pk).live
    entry = PageLogEntry.objects.get(page=policy, action="interpretation.returned")
    assert entry.data["comment"] == "解读提纲需补充案例"


def test_a_material_cannot_be_published_ahead_of_its_policy(office, login):
    policy = draft_policy(login("jjb_editor"), office["sections"]["jingji"])
    material = draft_material(login("jjb_editor"), policy)
    leader = login("jjb_leader")
    response = leader.post(edit_url(material), text_material_form(**{"action-publish": "发布"}))
    assert "解读材料不能先于政策文件发布" in response.content.decode()
    material.refresh_from_db()
    assert not material.live


def test_an_editor_of_one_department_cannot_edit_or_publish_anothers(office, login):
    policy = draft_policy(login("jjb_editor"), office["sections"]["jingji"])
    intruder = login("dzb_editor")
    assert intruder.get(edit_url(policy)).status_code in (302, 403)
    intruder.post(edit_url(policy), policy_form(title="篡改", **{"action-publish": "发布"}))
    policy.refresh_from_db()
    assert policy.draft_title != "篡改" and not policy.live
    other_leader = login("dzb_leader")
    other_leader.post(edit_url(policy), policy_form(**{"action-publish": "发布"}))
    policy.refresh_from_db()
    assert not policy.live
    assert other_leader.get(add_url("policydocumentpage", office["sections"]["jingji"])).status_code in (302, 403)


def test_direct_publish_by_a_leader_releases_the_complete_bundle(office, login):
    policy = draft_policy(login("jjb_editor"), office["sections"]["jingji"])
    material = draft_material(login("jjb_editor"), policy)
    leader = login("jjb_leader")
    response = leader.post(edit_url(policy), policy_form(**{"action-publish": "发布"}))
    assert response.status_code == 302
    policy.refresh_from_db()
    material.refresh_from_db()
    assert policy.live and material.live
    assert policy.signatures.get().signed_by.username == "jjb_leader"


def test_unpublishing_the_policy_unpublishes_its_materials(office, login):
    policy = draft_policy(login("jjb_editor"), office["sections"]["jingji"])
    material = draft_material(login("jjb_editor"), policy)
    leader = login("jjb_leader")
    leader.post(edit_url(policy), policy_form(**{"action-publish": "发布"}))
    response = leader.post(reverse("wagtailadmin_pages:unpublish", args=(policy.pk,)))
    assert response.status_code == 302
    policy.refresh_from_db()
    material.refresh_from_db()
    assert not policy.live and not material.live
    assert PageLogEntry.objects.filter(page=policy, action="interpretation.withdrawn_together").exists()


def test_follow_up_interpretation_after_release_is_reviewed_and_released_as_an_update(office, login):
    policy = draft_policy(login("jjb_editor"), office["sections"]["jingji"])
    draft_material(login("jjb_editor"), policy)
    login("jjb_leader").post(edit_url(policy), policy_form(**{"action-publish": "发布"}))

    editor = login("jjb_editor")
    follow_up = draft_material(editor, policy, slug="zaijiedu", title="再解读:企业关心的五个问题")
    assert follow_up.is_follow_up
    response = editor.post(edit_url(follow_up), text_material_form(slug="zaijiedu", **{"action-submit": "提交"}))
    assert response.status_code == 302
    follow_up.refresh_from_db()
    workflow_action(login("jjb_leader"), follow_up, "approve")
    follow_up.refresh_from_db()
    assert follow_up.live
    release = BundleRelease.objects.filter(policy=policy).order_by("-released_at").first()
    assert release.kind == BundleRelease.Kind.FOLLOW_UP
    assert release.material_revisions == {str(follow_up.pk): follow_up.live_revision_id}
    assert PageLogEntry.objects.filter(page=policy, action="interpretation.follow_up_added").exists()
