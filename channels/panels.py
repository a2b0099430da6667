"""A panel for a page's edit view: where its released content stands on every channel.

Add it to an edit handler, e.g. ``DeliveryPanel(heading="分发状态")`` in a tab; it shows the latest row per channel
target and links to the full view: 分发状态 for a policy, the deliveries listing filtered to the page for a
republication (转载) or an event.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, Panel

from channels.models import Delivery
from interpretation.models import PolicyDocumentPage


def deliveries_of_page(page):
    """The ledger rows of a page (a policy, a republication, an event; none for any other page)."""
    return Delivery.objects.filter(page_id=page.pk)


def deliveries_url(page) -> str:
    """分发状态 of a policy (its rows by release, with corrections); the deliveries listing filtered to the page
    for other kinds."""

    if issubclass(page.specific_class, PolicyDocumentPage):
        return reverse("channels_policy_deliveries", args=(page.pk,))
    return f"{reverse('delivery_channels_delivery:index')}?{urlencode({'page': page.pk})}"


class DeliveryPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "channels/delivery_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            latest = {}
            if page.pk:
                for delivery in deliveries_of_page(page).order_by("-pk"):
                    latest.setdefault((delivery.channel, delivery.target, delivery.subject_title), delivery)
            context.update(
                deliveries=sorted(latest.values(), key=lambda d: (d.channel, d.target, -d.pk)),
                url=deliveries_url(page) if page.pk else "",
            )
            return context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("分发状态"))
        super().__init__(*args, **kwargs)


def add_delivery_tab(page_model, *, before: str = "推广") -> None:
    """Give a page type's tabbed edit view a 分发 tab (before its `before` tab, else last).

    Called from channels' ready(): the content apps sit below channels and must not import this panel.
    """
    tabs = page_model.edit_handler.children
    if any(isinstance(child, DeliveryPanel) for tab in tabs for child in getattr(tab, "children", ())):
        return
    headings = [str(tab.heading) for tab in tabs]
    position = headings.index(before) if before in headings else len(tabs)
    tabs.insert(position, ObjectList([DeliveryPanel()], heading=_("分发")))
