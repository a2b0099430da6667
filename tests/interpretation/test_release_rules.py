"""Disclosure, override, scheduling and the catalogue number: the rest of the three-sync rule."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from interpretation.models import BundleRelease, MaterialPage, PolicyDocumentPage
from interpretation.working_days.calendar import add_working_days
from tests.interpretation.conftest import edit_url, policy_form
from tests.interpretation.test_three_sync_admin import draft_material, draft_policy, submit, workflow_action

pytestmark = pytest.mark.django_db


def publish_as_leader(login, policy, **overrides):
    return login("jjb_leader").post(edit_url(policy), policy_form(**{"action-publish": "发布", **overrides}))


def release_through_the_office(login, policy, **overrides):
    """Submitted by the drafter, signed by the leader, the attribute agreed by the openness office."""
    submit(login("jjb_editor"), policy, **overrides)
    policy.refresh_from_db()
    workflow_action(login("jjb_leader"), policy, "approve")
    policy.refresh_from_db()
    response = workflow_action(login("gkb_reviewer"), policy, "approve")
    assert response.status_code == 302
    policy.refresh_from_db()
    return policy


def test_withheld_documents_never_appear_publicly(office, login, client):
    editor = login("jjb_editor")
    policy = draft_policy(
        editor, office["sections"]["jingji"], disclosure_attribute="withheld", withholding_reason="涉及国家秘密"
    )
    material = draft_material(editor, policy)
    withheld = {"disclosure_attribute": "withheld", "withholding_reason": "涉及国家秘密"}
    refused = publish_as_leader(login, policy, **withheld)
    assert refused.status_code == 302
    policy.refresh_from_db()
    assert not policy.live, "the leader alone cannot release a withheld document"
    release_through_the_office(login, policy, **withheld)
    assert policy.live, "released inside the office"
    client.logout()
    assert client.get(policy.url).status_code == 404
    assert client.get(MaterialPage.objects.get(pk=material.pk).url).status_code == 404
    library = office["library"]
    assert policy.title not in client.get(library.url).content.decode()
    assert policy.title not in client.get(library.url + "catalog/").content.decode()


def test_on_request_documents_appear_only_in_the_catalog_without_body(office, login, client):
    editor = login("jjb_editor")
    policy = draft_policy(
        editor, office["sections"]["jingji"], disclosure_attribute="on_request", withholding_reason="涉及第三方商业信息"
    )
    draft_material(editor, policy)
    release_through_the_office(
        login, policy, disclosure_attribute="on_request", withholding_reason="涉及第三方商业信息"
    )
    client.logout()
    catalog = client.get(office["library"].url + "catalog/").content.decode()
    assert policy.title in catalog and "历政〔2026〕3号" in catalog
    assert "第一条 优化营商环境" not in catalog
    assert client.get(policy.url).status_code == 404


def test_non_proactive_attribute_also_needs_the_openness_office(office, login):
    editor = login("jjb_editor")
    policy = draft_policy(
        editor, office["sections"]["jingji"], disclosure_attribute="on_request", withholding_reason="涉及第三方商业信息"
    )
    draft_material(editor, policy)
    submit(editor, policy, disclosure_attribute="on_request", withholding_reason="涉及第三方商业信息")
    policy.refresh_from_db()
    workflow_action(login("jjb_leader"), policy, "approve")
    policy.refresh_from_db()
    assert not policy.live, "signed by the department, now waiting for the openness office"
    assert policy.current_workflow_task.name == "政务公开办审核公开属性"
    response = workflow_action(login("gkb_reviewer"), policy, "approve")
    assert response.status_code == 302, response.content.decode()[:500]
    policy.refresh_from_db()
    assert policy.live


def test_release_without_interpretation_needs_a_reason_and_starts_the_clock(office, login, user):
    editor = login("jjb_editor")
    policy = draft_policy(editor, office["sections"]["jingji"])
    superuser = login("admin")
    refused = superuser.post(edit_url(policy), policy_form(**{"action-publish": "发布"}))
    assert "至少需要一份解读材料" in refused.content.decode()
    policy.refresh_from_db()
    assert not policy.live

    before = timezone.now()
    superuser.post(
        edit_url(policy), policy_form(override_reason="防汛紧急通知,解读随后补发", **{"action-publish": "发布"})
    )
    policy.refresh_from_db()
    assert policy.live
    assert policy.override_by == user("admin")
    expected = add_working_days(policy.override_at, 3).due
    assert policy.interpretation_due_at == expected
    assert policy.interpretation_due_at - before >= timedelta(days=3)
    entry = PageLogEntry.objects.get(page=policy, action="interpretation.override")
    assert entry.data["reason"] == "防汛紧急通知,解读随后补发"
    assert BundleRelease.objects.get(policy=policy).kind == BundleRelease.Kind.OVERRIDE
    # The reason and the deadline are shown on the policy's admin page, and overdue items on the dashboard.
    assert "防汛紧急通知,解读随后补发" in superuser.get(edit_url(policy)).content.decode()
    PolicyDocumentPage.objects.filter(pk=policy.pk).update(interpretation_due_at=timezone.now() - timedelta(hours=1))
    dashboard = superuser.get(reverse("wagtailadmin_home")).content.decode()
    assert "待补解读材料" in dashboard and "已逾期" in dashboard and policy.title in dashboard


def test_an_editor_without_the_permission_cannot_override(office, login):
    editor = login("jjb_editor")
    policy = draft_policy(editor, office["sections"]["jingji"])
    response = publish_as_leader(login, policy, override_reason="想先发")
    assert "至少需要一份解读材料" in response.content.decode()
    policy.refresh_from_db()
    assert not policy.live


def test_scheduled_release_publishes_the_materials_when_due(office, login):
    editor = login("jjb_editor")
    policy = draft_policy(editor, office["sections"]["jingji"])
    material = draft_material(editor, policy)
    go_live = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    publish_as_leader(login, policy, go_live_at=go_live)
    policy.refresh_from_db()
    material.refresh_from_db()
    assert not policy.live and not material.live, "scheduled, not yet live"
    assert not BundleRelease.objects.exists()
    # Time passes: the revision becomes due and the scheduler's task runs.
    revision = policy.revisions.get(approved_go_live_at__isnull=False)
    due = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = due
    revision.content["go_live_at"] = due.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    from interpretation.tasks import publish_scheduled_pages

    publish_scheduled_pages()
    policy.refresh_from_db()
    material.refresh_from_db()
    assert policy.live and material.live
    assert BundleRelease.objects.get(policy=policy).material_revisions == {str(material.pk): material.live_revision_id}


def test_changing_the_attribute_after_release_needs_a_reason_and_is_logged(office, login):
    editor = login("jjb_editor")
    policy = draft_policy(editor, office["sections"]["jingji"])
    draft_material(editor, policy)
    publish_as_leader(login, policy)
    refused = publish_as_leader(login, policy, disclosure_attribute="on_request", withholding_reason="涉及商业秘密")
    assert "必须说明变更理由" in refused.content.decode()
    changed = {
        "disclosure_attribute": "on_request",
        "withholding_reason": "涉及商业秘密",
        "attribute_change_reason": "经审查涉及第三方商业秘密",
    }
    publish_as_leader(login, policy, **changed)
    assert not PageLogEntry.objects.filter(page=policy, action="interpretation.attribute_changed").exists(), (
        "a change to 依申请公开 waits for the openness office"
    )
    release_through_the_office(login, policy, **changed)
    entry = PageLogEntry.objects.get(page=policy, action="interpretation.attribute_changed")
    assert entry.data == {
        "old": "proactive",
        "new": "on_request",
        "reason": "经审查涉及第三方商业秘密",
        "disclosing_body": policy.disclosing_body_id,
    }


def test_index_number_is_generated_once_and_never_changes(office, login):
    editor = login("jjb_editor")
    policy = draft_policy(editor, office["sections"]["jingji"])
    year = timezone.localdate().year
    assert policy.index_number == f"11341523MB1L00001X/{year}-00001"
    second = draft_policy(editor, office["sections"]["jingji"], slug="second", title="第二个文件")
    assert second.index_number.endswith("-00002")
    draft_material(editor, policy)
    publish_as_leader(login, policy, title="改过标题")
    policy.refresh_from_db()
    assert policy.index_number.endswith("-00001")
    # Reverting to the very first revision keeps the number too.
    first = policy.revisions.order_by("created_at").first()
    assert first.as_object().index_number.endswith("-00001")


def test_policy_listing_filters_by_department_and_disclosure(office, login):
    editor = login("jjb_editor")
    draft_policy(editor, office["sections"]["jingji"])
    admin = login("admin")
    url = reverse("policies:index")
    listing = admin.get(url, {"drafting_department": office["departments"]["jingji"].pk})
    assert listing.status_code == 200 and "关于优化营商环境的若干措施" in listing.content.decode()
    other = admin.get(url, {"drafting_department": office["departments"]["dangzheng"].pk})
    assert "关于优化营商环境的若干措施" not in other.content.decode()
    withheld = admin.get(url, {"disclosure_attribute": "withheld"})
    assert "关于优化营商环境的若干措施" not in withheld.content.decode()


def test_demo_seed_policy_is_live_with_plan_and_materials_and_loading_twice_changes_nothing(db, client):
    call_command("load_demo", verbosity=0)
    counts = (PolicyDocumentPage.objects.count(), MaterialPage.objects.count(), BundleRelease.objects.count())
    call_command("load_demo", verbosity=0)
    assert (PolicyDocumentPage.objects.count(), MaterialPage.objects.count(), BundleRelease.objects.count()) == counts
    policy = PolicyDocumentPage.objects.get(slug="2018-liyang-openness-work-plan")
    assert policy.live and not policy.plan_gaps()
    from interpretation.three_sync import bundle_gaps

    assert bundle_gaps(policy) == [], "the seed policy passes the same gate as any submission"
    materials = list(policy.live_materials())
    assert {m.form for m in materials} == {"text", "qa", "graphic"}
    page = client.get(policy.url).content.decode()
    assert "2018年历阳镇政务公开工作方案" in page and "政策解读" in page
    for material in materials:
        assert material.title in page
        assert client.get(material.url).status_code == 200


def test_an_override_reason_never_excuses_a_missing_disclosure_attribute(office, login):
    policy = draft_policy(login("jjb_editor"), office["sections"]["jingji"], disclosure_attribute="")
    response = login("admin").post(
        edit_url(policy), policy_form(disclosure_attribute="", override_reason="紧急", **{"action-publish": "发布"})
    )
    assert "未明确公开属性" in response.content.decode()
    policy.refresh_from_db()
    assert not policy.live
