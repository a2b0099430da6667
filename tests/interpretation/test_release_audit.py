"""What the office reads afterwards: who acted, why a release was refused, what an override left behind."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import rich_text

from interpretation.models import MaterialPage, PolicyDocumentPage, TextMaterialPage
from tests.factories.policies import ON_REQUEST, draft_bundle, signed_bundle
from tests.interpretation.conftest import edit_url, policy_form
from tests.interpretation.test_three_sync_admin import draft_material, draft_policy, submit, workflow_action

pytestmark = pytest.mark.django_db


def history(client, page) -> str:
    return client.get(reverse("wagtailadmin_pages:history", args=(page.pk,))).content.decode()


def test_a_material_with_an_empty_required_body_is_refused_at_submission_naming_the_field(office, login):
    editor = login("jjb_editor")
    policy = draft_policy(editor, office["sections"]["jingji"])
    draft_material(editor, policy)
    material = TextMaterialPage.objects.child_of(policy).get()
    material.body = ""
    material.save_revision(user=material.owner, clean=False)  # a draft may be saved incomplete

    response = submit(editor, policy)
    page = response.content.decode()
    assert response.status_code == 200
    assert "三同步要求未满足" in page and "解读正文" in page and "此字段不能为空" in page
    policy.refresh_from_db()
    assert policy.current_workflow_state is None, "nothing was submitted"
    panel = editor.get(edit_url(policy)).content.decode()
    assert "要求已满足" not in panel and "解读正文" in panel


def test_the_history_names_who_clicked_and_who_signed(office, login):
    policy = draft_bundle(**ON_REQUEST)
    editor = login("jjb_editor")
    submit(editor, policy, disclosure_attribute="on_request", withholding_reason="涉及第三方商业信息")
    policy.refresh_from_db()
    workflow_action(login("jjb_leader"), policy, "approve")
    policy.refresh_from_db()
    workflow_action(login("gkb_reviewer"), policy, "approve", comment="理由充分")
    policy.refresh_from_db()
    assert policy.live

    released = PageLogEntry.objects.get(page=policy, action="interpretation.released_together")
    assert released.user.username == "gkb_reviewer", "the person whose click released it, not the drafter"
    text = history(login("admin"), policy)
    assert "同步发布" in text and "(陈静)" in text and "审签人:李华" in text
    assert "政务公开办同意该版本的公开属性,意见:理由充分" in text


def test_an_override_publishes_the_document_alone_with_its_reason_and_clock_in_history_and_dashboard(office, login):
    policy = draft_bundle()  # a complete bundle whose material no leader has signed
    releaser = login("releaser")
    response = releaser.post(
        edit_url(policy),
        policy_form(override_reason="防汛紧急通知,解读随后补发", **{"action-publish": "发布"}),
    )
    assert response.status_code == 302
    policy = PolicyDocumentPage.objects.get(pk=policy.pk)
    assert policy.live and policy.interpretation_due_at is not None
    assert not MaterialPage.objects.child_of(policy).live().exists(), "the unsigned draft stays a draft"
    actions = set(PageLogEntry.objects.filter(page=policy).values_list("action", flat=True))
    assert "interpretation.override" in actions
    assert "interpretation.signed" not in actions, "nobody signed: the history must not say so"

    text = history(releaser, policy)
    assert "不附解读材料先行发布(周强),理由:防汛紧急通知,解读随后补发,解读须于" in text
    dashboard = releaser.get(reverse("wagtailadmin_home")).content.decode()
    assert "待补解读材料" in dashboard and "防汛紧急通知,解读随后补发" in dashboard and "周强" in dashboard


def test_a_scheduled_release_refused_at_go_live_is_recorded_shown_and_does_not_stop_the_others(office, login):
    leader = login("jjb_leader")
    refused = draft_bundle(slug="refused")
    passing = draft_bundle(slug="passing")
    go_live = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    for policy in (refused, passing):
        response = leader.post(
            edit_url(policy), policy_form(slug=policy.slug, go_live_at=go_live, **{"action-publish": "发布"})
        )
        assert response.status_code == 302
    # Before it is due, the signed material is deleted: the bundle no longer holds.
    MaterialPage.objects.child_of(refused).get().delete()
    due = timezone.now() - timedelta(minutes=1)
    for policy in (refused, passing):
        revision = policy.revisions.get(approved_go_live_at__isnull=False)
        content = {**revision.content, "go_live_at": due.isoformat()}
        type(revision).objects.filter(pk=revision.pk).update(approved_go_live_at=due, content=content)

    call_command("publish_scheduled", verbosity=0)

    refused, passing = (PolicyDocumentPage.objects.get(pk=p.pk) for p in (refused, passing))
    assert passing.live, "one refusal does not stop the scheduler"
    assert not refused.live
    assert not refused.revisions.filter(approved_go_live_at__isnull=False).exists(), "not retried every minute"
    entry = PageLogEntry.objects.get(page=refused, action="interpretation.release_refused")
    assert entry.data["scheduled"] and entry.data["actor"] == "定时发布(由李华安排)"
    assert "至少需要一份解读材料" in ";".join(entry.data["reasons"])
    dashboard = leader.get(reverse("wagtailadmin_home")).content.decode()
    assert "定时发布未能执行" in dashboard and "至少需要一份解读材料" in dashboard


def test_a_follow_up_material_needs_its_leaders_signature(office, login, user):
    policy = signed_bundle()
    policy.get_latest_revision().publish()  # signed by the leader: a script may release it
    policy = PolicyDocumentPage.objects.get(pk=policy.pk)
    assert policy.live
    editor = login("jjb_editor")
    draft_material(editor, policy, slug="zhuijia", title="追加解读:常见问题", body=rich_text("<p>补充说明。</p>"))
    follow_up = TextMaterialPage.objects.child_of(policy).get(slug="zhuijia")
    response = login("releaser").post(
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={follow_up.pk}",
        {"include_descendants": ""},
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert not follow_up.live, "the releaser cannot sign a follow-up"
    assert PageLogEntry.objects.filter(page=follow_up, action="interpretation.release_refused").exists()
    follow_up.get_latest_revision().publish(user=user("jjb_leader"))
    follow_up.refresh_from_db()
    assert follow_up.live and follow_up.is_follow_up
