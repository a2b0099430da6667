"""Admin wiring of the review: its URLs, the dashboard's 等待你的审查 opening the 三同步审签视图, and the edit view's
workflow actions landing in the reviewer's queue."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from interpretation.admin_views import bundle_preview, bundle_review, outcome, review_queue
from interpretation.admin_views.review import review_url


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path("three-sync/", review_queue, name="interpretation_review_queue"),
        path("three-sync/<int:page_id>/", bundle_review, name="interpretation_bundle_review"),
        path("three-sync/<int:policy_id>/preview/", bundle_preview, name="interpretation_bundle_preview"),
    ]


class ReviewTasksPanel(WorkflowObjectsToModeratePanel):
    """Wagtail's panel, with each policy's or material's task opening its review rather than the editor."""

    template_name = "interpretation/admin/review_tasks_panel.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        for state in context["states"]:
            state["review_url"] = review_url(state["obj"])
        return context


@hooks.register("construct_homepage_panels")
def open_tasks_in_review(request, panels):
    panels[:] = [ReviewTasksPanel() if isinstance(panel, WorkflowObjectsToModeratePanel) else panel for panel in panels]


hooks.register("after_edit_page", outcome.after_edit_page)
