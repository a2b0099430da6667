"""三同步审签视图: the policy, its plan and every material in full, what changed since the last signature, and the
reviewer's actions; and the queue of bundles awaiting the user."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import Page, TaskState

from interpretation import three_sync
from interpretation.admin_views.changes import since_last_signature
from interpretation.admin_views.outcome import queue_url
from interpretation.models import MaterialPage, PolicyDocumentPage


def review_url(obj) -> str | None:
    """The review of a policy, or of a material (a follow-up is signed on its own); None for other pages."""
    specific = getattr(obj, "specific", obj)
    if isinstance(specific, PolicyDocumentPage | MaterialPage):
        return reverse("interpretation_bundle_review", args=(specific.pk,))
    return None


def _action_forms(request, page):
    """The current task's actions on the page under review, each posting to Wagtail's action view with the queue
    as `next` (after approving, the reviewer may no longer open the page)."""
    task, task_state = page.current_workflow_task, page.current_workflow_task_state
    if task is None or task_state is None:
        return task, []
    next_url = queue_url(request)
    return task, [
        {
            "name": name,
            "label": label,
            "needs_comment": needs_comment,
            "url": reverse("wagtailadmin_pages:workflow_action", args=(page.pk, name, task_state.pk)),
            "next": next_url,
        }
        for name, label, needs_comment in task.specific.get_actions(page, request.user)
    ]


def bundle_review(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if isinstance(page, MaterialPage):
        policy = page.get_parent().specific
    elif isinstance(page, PolicyDocumentPage):
        policy = page
    else:
        raise Http404
    task, action_forms = _action_forms(request, page)
    if not (page.permissions_for_user(request.user).can_edit() or action_forms):
        raise PermissionDenied
    draft = policy.get_latest_revision_as_object()
    materials = [material.get_latest_revision_as_object() for material in policy.materials]
    changes = since_last_signature(policy, draft, materials, request)
    title = page.get_latest_revision_as_object().title
    return TemplateResponse(
        request,
        "interpretation/admin/bundle_review.html",
        {
            "policy": draft,
            "under_review": page,
            "follow_up": page is not policy,
            "materials": [(material, changes["materials"].get(material.pk)) for material in materials],
            "changes": changes,
            "gaps": three_sync.bundle_gaps(draft, materials),
            "task": task,
            "action_forms": action_forms,
            "signatures": policy.signatures.select_related("signed_by").order_by("-signed_at")[:5],
            "page_title": f"{'追加解读审签' if page is not policy else '三同步审签'}:{title}",
        },
    )


def queue_items(user) -> list[dict]:
    """Every policy and material whose current task the user may act on, newest first, each with its review."""
    states = (
        TaskState.objects.reviewable_by(user)
        .select_related("workflow_state", "task", "revision__user")
        .order_by("-started_at")
    )
    # The dashboard asks this on every visit: the pages come in one query, not two per task (the generic relation,
    # then the specific page). Snippets in a workflow have no review here.
    page_type = ContentType.objects.get_for_model(Page).pk
    states = [s for s in states if s.workflow_state.base_content_type_id == page_type]
    pages = Page.objects.filter(pk__in={int(s.workflow_state.object_id) for s in states}).specific().in_bulk()
    items = []
    for state in states:
        page = pages.get(int(state.workflow_state.object_id))
        url = review_url(page) if page is not None else None
        if url:
            items.append({"page": page, "task": state.task, "state": state, "url": url})
    return items


def review_queue(request):
    """待审签: the user's queue in full."""
    return TemplateResponse(
        request,
        "interpretation/admin/review_queue.html",
        {"items": queue_items(request.user), "page_title": "待审签文件"},
    )
