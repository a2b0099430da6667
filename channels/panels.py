"""A panel for the policy edit view: where the released bundle stands on every channel.

Add it to PolicyDocumentPage's edit handler, e.g. ``DeliveryPanel(heading="分发状态")`` in a tab or after
the three-sync panel; it shows the latest row per channel target and links to the full 分发状态 view.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class DeliveryPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "channels/delivery_panel.html"

        def get_context_data(self, parent_context=None):
            from channels.models import Delivery

            context = super().get_context_data(parent_context)
            policy = self.instance
            latest = {}
            if policy.pk:
                for delivery in Delivery.objects.filter(policy_id=policy.pk).order_by("-pk"):
                    latest.setdefault((delivery.channel, delivery.target), delivery)
            context.update(
                deliveries=sorted(latest.values(), key=lambda d: (d.channel, d.target)),
                url=reverse("channels_policy_deliveries", args=(policy.pk,)) if policy.pk else "",
            )
            return context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("分发状态"))
        super().__init__(*args, **kwargs)
