"""The status panel on the republication edit view: deadline, sources, duplicates, upstream changes."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class RepublicationStatusPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "watcher/admin/status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            saved = bool(page.pk)
            records = []
            if saved:
                # Here, not at module level: the republication page model imports this panel.
                from channels.watcher.models import UpstreamRecord

                holder = Q(republication=page) | Q(pk=page.upstream_record_id)
                primary = UpstreamRecord.objects.filter(holder).select_related("source")
                duplicates = UpstreamRecord.objects.filter(duplicate_of__in=primary).select_related("source")
                records = [*primary, *duplicates]
            context.update(
                page=page,
                saved=saved,
                urgency=page.urgency() if saved else "",
                records=records,
                acknowledge_url=reverse("watcher_acknowledge_change", args=(page.pk,)) if saved else "",
                original_edit_url=(
                    reverse("wagtailadmin_pages:edit", args=(page.original_policy_id,))
                    if page.original_policy_id
                    else ""
                ),
            )
            return context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("转载状态"))
        super().__init__(*args, **kwargs)
