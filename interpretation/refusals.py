"""How a refused release reaches people: an error message in the admin (never a 500), one message per item of a
bulk publish, and the dashboard for scheduled releases refused while nobody was watching."""

from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction

from interpretation import three_sync


class ReleaseRefusalMiddleware:
    """Any admin view whose publish the guard refused answers with the reasons on the page's edit screen.

    The refused transaction has already rolled back; the draft the editor saved on the way stays saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, three_sync.ReleaseRefused):
            return None
        three_sync.record_refusal(exception)
        messages.error(request, exception.message)
        return redirect(reverse("wagtailadmin_pages:edit", args=(exception.page.pk,)))


class GuardedPublishBulkAction(PublishBulkAction):
    """批量发布 through the release guard item by item: what passes is published, each refusal is reported."""

    def execute_action(self, objects, include_descendants=False, user=None, **kwargs):  # an instance method here
        published, children = 0, 0
        self.refusals = []
        for page in objects:
            if self._publish(page, user):
                published += 1
            if include_descendants:
                for descendant in page.get_descendants().not_live().specific().iterator():
                    if descendant.permissions_for_user(user).can_publish() and self._publish(descendant, user):
                        children += 1
        for refusal in self.refusals:
            messages.error(self.request, refusal.message)
        return published, children

    def _publish(self, page, user) -> bool:
        revision = page.get_latest_revision() or page.specific.save_revision(user=user)
        try:
            with transaction.atomic():
                revision.publish(user=user)
        except three_sync.ReleaseRefused as refusal:
            three_sync.record_refusal(refusal)
            self.refusals.append(refusal)
            return False
        return True

    def get_success_message(self, num_parent_objects, num_child_objects):
        if not num_parent_objects and not num_child_objects:
            return None
        if num_child_objects:
            return _("已发布 %(parents)d 个页面及 %(children)d 个子页面") % {
                "parents": num_parent_objects,
                "children": num_child_objects,
            }
        return ngettext("已发布 %(count)d 个页面", "已发布 %(count)d 个页面", num_parent_objects) % {
            "count": num_parent_objects
        }


class RefusedSchedulePanel(Component):
    """Dashboard: scheduled releases the guard refused at go-live time, with the reasons."""

    name = "refused_schedules"
    order = 85
    template_name = "interpretation/admin/refused_schedules_panel.html"

    def __init__(self, entries):
        self.entries = entries

    def get_context_data(self, parent_context):
        return {
            "items": [
                {
                    "entry": entry,
                    "title": entry.page.get_admin_display_title(),
                    "reasons": (entry.data or {}).get("reasons") or [],
                    "actor": (entry.data or {}).get("actor", ""),
                    "edit_url": reverse("wagtailadmin_pages:edit", args=(entry.page_id,)),
                }
                for entry in self.entries
            ]
        }
