"""Admin wiring of the review: its URLs, the dashboard's 等待你的审查 opening the 三同步审签视图, and the edit view's
workflow actions landing in the reviewer's queue."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from interpretation.admin_views import bundle_preview, bundle_review, outcome, review_queue
from interpretation.admin_views.review import queue_items
from interpretation.models import DraftingDepartment
from interpretation.workflows import OpennessOfficeReviewTask


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path("three-sync/", review_queue, name="interpretation_review_queue"),
        path("three-sync/<int:page_id>/", bundle_review, name="interpretation_bundle_review"),
        path("three-sync/<int:policy_id>/preview/", bundle_preview, name="interpretation_bundle_preview"),
    ]


class ReviewTasksPanel(Component):
    """等待您审签 on the dashboard, in place of Wagtail's 等待你的审查: each task opens the 三同步审签视图, where the
    reviewer reads the whole bundle before acting (Wagtail's panel opens the editor)."""

    name = "review_tasks"
    order = 100
    template_name = "interpretation/admin/review_tasks_panel.html"
    LIMIT = 10

    def __init__(self, items: list[dict]):
        self.items = items

    def get_context_data(self, parent_context):
        return {"items": self.items[: self.LIMIT], "total": len(self.items), "more": len(self.items) > self.LIMIT}


@hooks.register("construct_homepage_panels")
def open_tasks_in_review(request, panels):
    items = queue_items(request.user)
    others = [panel for panel in panels if not isinstance(panel, WorkflowObjectsToModeratePanel)]
    panels[:] = [ReviewTasksPanel(items), *others] if items else others


class ReviewQueueMenuItem(MenuItem):
    """待审签 in the menu of those who sign or review: a department's leader, 政务公开办, an administrator."""

    def is_shown(self, request):
        user = request.user
        if user.is_superuser:
            return True
        groups = user.groups.all()
        return (
            DraftingDepartment.objects.filter(leaders__in=groups).exists()
            or OpennessOfficeReviewTask.objects.filter(groups__in=groups).exists()
        )


@hooks.register("register_admin_menu_item")
def register_review_queue_menu_item():
    return ReviewQueueMenuItem(
        "待审签文件", reverse("interpretation_review_queue"), name="review-queue", icon_name="tasks", order=152
    )


hooks.register("after_edit_page", outcome.after_edit_page)
