"""The status panel on the event edit view: where the event stands and the actions that move it on."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class EventStatusPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            event = self.instance
            saved = bool(event.pk)
            context.update(
                event=event,
                saved=saved,
                schedule_url=reverse("events_admin:schedule", args=(event.pk,)) if saved else "",
                live_url=reverse("events_admin:live", args=(event.pk,)) if saved and event.is_interactive else "",
                record_url=reverse("events_admin:record", args=(event.pk,)) if saved else "",
            )
            return context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("活动状态"))
        super().__init__(*args, **kwargs)
