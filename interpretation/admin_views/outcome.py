"""Where a reviewer lands after acting, and what they are told.

After an approval the reviewer may no longer edit the page (the task moved on, or the page went live under another
department's rights), so Wagtail's default landing, the edit view, answers 对不起,你没有权限访问. Every review
action ends in the reviewer's queue instead, with a confirmation in Chinese; the workflow tasks call `conclude`
from `on_action` (whose return value Wagtail's action view redirects to) and the edit view's action menu is sent
to the same queue by the `after_edit_page` hook.
"""

from __future__ import annotations

from django.contrib import messages
from django.urls import reverse
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from cms.foundation import acting

QUEUE_URL_NAMES = ("wagtailadmin_home", "interpretation_review_queue")


def queue_url(request=None) -> str:
    """The reviewer's queue: the dashboard or the review list the form came from, else the review list."""
    queues = {reverse(name) for name in QUEUE_URL_NAMES}
    if request is not None:
        next_url = get_valid_next_url_from_request(request)
        if next_url.split("?")[0] in queues:
            return next_url
    return reverse("interpretation_review_queue")


def _message(task, page, policy, action_name: str, comment: str) -> str:
    from interpretation.workflows import OpennessOfficeReviewTask  # lazy: the tasks call this module

    title = f"《{page.get_latest_revision_as_object().title}》"
    after = Page.objects.get(pk=page.pk).specific
    follow_up = page.pk != policy.pk
    noted = ",意见已记录" if comment else ""
    if isinstance(task, OpennessOfficeReviewTask):
        if action_name == "reject":
            return f"已将{title}的公开属性退回修改{noted}。"
        attribute = policy.get_latest_revision_as_object().get_disclosure_attribute_display()
        outcome = f"已同意{title}的公开属性:{attribute}{noted}。"
    elif action_name == "reject":
        what = "追加解读" if follow_up else "政策文件、解读方案和解读材料"
        return f"已将{title}退回修改({what}一并退回){noted}。"
    else:
        outcome = f"{'追加解读' if follow_up else ''}{title}已同步审签通过{noted}。"
    next_task = after.current_workflow_task
    if next_task is not None:
        return f"{outcome}已转「{next_task.name}」。"
    if after.live and not after.has_unpublished_changes:
        return f"{outcome}{'已发布' if follow_up else '政策文件和解读材料已同步发布'}。"
    return outcome


def conclude(task, task_state, action_name: str, comment: str = "") -> str | None:
    """Confirm the action to the person who took it; the queue to land on (None outside a request)."""
    from interpretation.workflows import _policy_of  # lazy: the tasks call this module

    request = acting.current_request()
    if request is None:
        return None
    page = task_state.workflow_state.content_object.specific
    policy = _policy_of(page) or page
    messages.success(request, _message(task, page, policy, action_name, comment))
    return queue_url(request)


def after_edit_page(request, page):
    """The edit view's own action menu (审签 from the editor): land in the queue, as the action view does."""
    from interpretation.workflows import _policy_of  # lazy: the tasks import the page models

    if request.method == "POST" and request.POST.get("action-workflow-action") and _policy_of(page) is not None:
        from django.shortcuts import redirect

        return redirect(queue_url(request))
    return None
