"""Review that leads somewhere: dashboard tasks open the 三同步审签视图, and every review action lands the reviewer on a
page they may see, with a confirmation in Chinese."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from interpretation.models import PolicyDocumentPage
from tests.interpretation.conftest import edit_url, policy_form, text_material_form
from tests.interpretation.test_three_sync_admin import draft_material, draft_policy, submit

pytestmark = pytest.mark.django_db

ON_REQUEST = {"disclosure_attribute": "on_request", "withholding_reason": "涉及第三方商业信息"}
OFFICE_TASK = "政务公开办审核公开属性"


def review_url(page):
    return reverse("interpretation_bundle_review", args=(page.pk,))


def submitted(as_user, office, **fields):
    editor = as_user("jjb_editor")
    policy = draft_policy(editor, office["sections"]["jingji"], **fields)
    draft_material(editor, policy)
    assert submit(editor, policy, **fields).status_code == 302
    return PolicyDocumentPage.objects.get(pk=policy.pk)


def at_the_office(as_user, office):
    policy = submitted(as_user, office, **ON_REQUEST)
    act(as_user("jjb_leader"), policy, "approve")
    policy = PolicyDocumentPage.objects.get(pk=policy.pk)
    assert policy.current_workflow_task.name == OFFICE_TASK
    return policy


def act(client, page, action, comment="", **extra):
    """Post one action as the forms of the review view do; follow the redirect to where the reviewer lands."""
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    data = {**({"comment": comment} if comment else {}), **extra}
    return client.post(url, data, follow=True)


def landed(response, *expected):
    """The reviewer is on a page that answers 200 for them, their queue, showing the confirmation."""
    assert response.status_code == 200, response.redirect_chain
    final = response.redirect_chain[-1][0]
    assert final.split("?")[0] in {reverse("wagtailadmin_home"), reverse("interpretation_review_queue")}, final
    page = response.content.decode()
    assert "对不起" not in page
    for text in expected:
        assert text in page, text
    return page


# -- the dashboard --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["jjb_leader", "admin"])
def test_dashboard_task_opens_the_review_for_the_leader(username, as_user, office):
    policy = submitted(as_user, office)
    dashboard = as_user(username).get(reverse("wagtailadmin_home")).content.decode()
    assert f'href="{review_url(policy)}"' in dashboard
    assert as_user(username).get(review_url(policy)).status_code == 200


def test_dashboard_task_opens_the_review_for_the_openness_office(as_user, office):
    policy = at_the_office(as_user, office)
    reviewer = as_user("gkb_reviewer")
    assert f'href="{review_url(policy)}"' in reviewer.get(reverse("wagtailadmin_home")).content.decode()
    review = reviewer.get(review_url(policy)).content.decode()
    assert "同意公开属性" in review and "措施解读正文。" in review


def test_dashboard_task_of_a_follow_up_opens_its_review(as_user, office):
    policy = submitted(as_user, office)
    act(as_user("jjb_leader"), policy, "approve")
    editor = as_user("jjb_editor")
    follow_up = draft_material(editor, PolicyDocumentPage.objects.get(pk=policy.pk), slug="zaijiedu")
    editor.post(edit_url(follow_up), text_material_form(slug="zaijiedu", **{"action-submit": "提交"}))

    leader = as_user("jjb_leader")
    assert f'href="{review_url(follow_up)}"' in leader.get(reverse("wagtailadmin_home")).content.decode()
    review = leader.get(review_url(follow_up)).content.decode()
    assert "追加解读审签" in review and "同步审签通过" in review
    follow_up.refresh_from_db()
    landed(act(leader, follow_up, "approve"), "追加解读", "已同步审签通过", "已发布")


def test_someone_without_a_task_or_rights_is_refused_the_review(as_user, office):
    policy = submitted(as_user, office)
    assert as_user("dzb_leader").get(review_url(policy)).status_code in (302, 403), "another department's leader"


# -- after acting -----------------------------------------------------------------------------------------------


def test_leader_approval_lands_in_the_queue_with_a_confirmation(as_user, office):
    policy = submitted(as_user, office)
    leader = as_user("jjb_leader")
    response = act(leader, policy, "approve", next=reverse("interpretation_review_queue"))
    landed(response, "已同步审签通过", "政策文件和解读材料已同步发布")
    assert PolicyDocumentPage.objects.get(pk=policy.pk).live


def test_leader_approval_with_a_comment_says_it_was_noted(as_user, office):
    policy = submitted(as_user, office, **ON_REQUEST)
    landed(act(as_user("jjb_leader"), policy, "approve", comment="同意,请公开办审核"), "意见已记录", OFFICE_TASK)


def test_leader_rejection_lands_in_the_queue_with_a_confirmation(as_user, office):
    policy = submitted(as_user, office)
    landed(act(as_user("jjb_leader"), policy, "reject", comment="补充案例"), "退回修改", "意见已记录")
    state = PolicyDocumentPage.objects.get(pk=policy.pk).current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_openness_approval_lands_where_the_reviewer_may_look(as_user, office):
    """The reviewer loses the page once approved; Wagtail's default landing (the edit view) would refuse them."""
    policy = at_the_office(as_user, office)
    reviewer = as_user("gkb_reviewer")
    landed(act(reviewer, policy, "approve"), "已同意", "依申请公开")
    assert reviewer.get(edit_url(policy)).status_code != 200, "the edit view is indeed closed to them now"


def test_openness_rejection_lands_where_the_reviewer_may_look(as_user, office):
    policy = at_the_office(as_user, office)
    landed(act(as_user("gkb_reviewer"), policy, "reject", comment="理由不充分"), "公开属性退回修改")
    state = PolicyDocumentPage.objects.get(pk=policy.pk).current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_dashboard_action_returns_to_the_dashboard(as_user, office):
    policy = at_the_office(as_user, office)
    response = act(as_user("gkb_reviewer"), policy, "approve", next=reverse("wagtailadmin_home"))
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    landed(response, "已同意")


def test_approval_from_the_edit_views_action_menu_lands_in_the_queue(as_user, office):
    policy = at_the_office(as_user, office)
    reviewer = as_user("gkb_reviewer")
    form = policy_form(**ON_REQUEST, **{"action-workflow-action": "true", "workflow-action-name": "approve"})
    landed(reviewer.post(edit_url(policy), form, follow=True), "已同意")
