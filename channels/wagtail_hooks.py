"""Admin wiring of the delivery ledger: the deliveries listing, the per-policy 分发状态 view and its actions,
a button on every policy, and the dashboard panel for failed, parked and paused deliveries.

Listings, counts and the panel show the rows of the bodies in the person's scope only (admin_views.in_scope).
"""

from functools import cached_property

import django_filters
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from channels import actions, admin_views
from channels.adapters.base import all_adapters
from channels.models import Delivery
from channels.panels import deliveries_url
from channels.subjects import KIND_LABELS, KINDS
from interpretation.models import PolicyDocumentPage

DELIVERED_PAGES = admin_views.DELIVERED_PAGES


class LedgerPermissionPolicy(ModelPermissionPolicy):
    """The ledger is read in the admin by whoever may release to channels; rows change only through actions."""

    def user_has_permission(self, user, action):
        if action in ("view", "inspect"):
            return actions.can_release(user) or super().user_has_permission(user, "view")
        return False

    def user_has_any_permission(self, user, actions_):
        return any(self.user_has_permission(user, action) for action in actions_)


register_permission_policy(Delivery, LedgerPermissionPolicy(Delivery))


def channel_choices():
    return [(adapter.channel, adapter.label) for adapter in all_adapters()]


def delivered_pages(request=None):
    """The pages that have ledger rows the person may see, by title: the choices of the listing's page filter."""
    rows = Delivery.objects.all()
    if request is not None:
        rows = admin_views.in_scope(rows, request.user)
    return Page.objects.filter(pk__in=rows.values("page_id")).order_by("title")


class DeliveryFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=_("状态"), choices=Delivery.State.choices)
    channel = django_filters.ChoiceFilter(label=_("渠道"), choices=channel_choices)
    kind = django_filters.ChoiceFilter(label=_("内容类型"), choices=list(KIND_LABELS.items()), method="filter_kind")
    page = django_filters.ModelChoiceFilter(label=_("页面"), queryset=delivered_pages)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(**{f"{KINDS[value].field}__isnull": False})

    class Meta:
        model = Delivery
        fields: list[str] = []


class DeliveryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return admin_views.in_scope(super().get_base_queryset().for_people(), self.request.user)


class DeliveryInspectView(generic.InspectView):
    def get_object(self, queryset=None):
        delivery = super().get_object(queryset)
        if not admin_views.in_scope(Delivery.objects.filter(pk=delivery.pk), self.request.user).exists():
            raise Http404
        return delivery


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    icon = "resubmit"
    menu_label = _("分发记录")
    menu_order = 170
    add_to_admin_menu = True
    filterset_class = DeliveryFilterSet
    search_fields = [
        "page__title",
        "target",
        "external_id",
        "key",
    ]
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields: list[str] = []
    list_display = [
        Column("subject_title", label=_("分发内容"), accessor="subject_title"),
        Column("channel_label", label=_("渠道")),
        Column("target_label", label=_("分发对象")),
        Column("state", label=_("状态"), accessor="get_state_display"),
        "attempts",
        DateColumn("next_attempt_at", label=_("下次尝试")),
        Column("last_error_zh", label=_("说明")),
        DateColumn("updated_at", label=_("更新时间")),
    ]
    inspect_view_fields = [
        "subject_title",
        "page",
        "release",
        "republication_release",
        "event_release",
        "channel",
        "target",
        "key",
        "state",
        "attempts",
        "next_attempt_at",
        "external_id",
        "external_url",
        "last_error_class",
        "last_error_zh",
        "last_error_en",
        "options",
        "checkpoints",
        "created_at",
        "delivered_at",
    ]


@hooks.register("register_admin_viewset")
def register_delivery_listing():
    return DeliveryViewSet("delivery_channels_delivery", url_prefix="deliveries")


@hooks.register("register_admin_urls")
def register_delivery_urls():
    return [
        path("channels/policy/<int:policy_id>/", admin_views.policy_deliveries, name="channels_policy_deliveries"),
        path(
            "channels/policy/<int:policy_id>/correction/",
            admin_views.policy_correction,
            name="channels_policy_correction",
        ),
        path(
            "channels/release/<int:release_id>/wechat/",
            admin_views.follow_up_wechat,
            name="channels_follow_up_wechat",
        ),
        path(
            "channels/delivery/<int:delivery_id>/<slug:action>/",
            admin_views.delivery_action,
            name="channels_delivery_action",
        ),
        path("channels/targets/enable/", admin_views.enable_target, name="channels_enable_target"),
    ]


class DeliveryStatusButton(PageMenuItem):
    label = _("分发状态")
    icon_name = "resubmit"
    url_name = "channels_policy_deliveries"
    priority = 66

    def is_shown(self, user):
        if isinstance(self.page.specific_deferred, PolicyDocumentPage):
            return admin_views.may_view(user, self.page)
        allowed = actions.can_release(user) or user.has_perm("delivery_channels.view_delivery")
        return allowed and admin_views.may_see_page(user, self.page)

    @cached_property
    def url(self):
        return deliveries_url(self.page)


def _delivered_kind(page) -> bool:
    return page.specific_class in DELIVERED_PAGES


@hooks.register("register_page_header_buttons")
def delivery_header_button(page, user, view_name, next_url=None):
    if _delivered_kind(page):
        yield DeliveryStatusButton(page=page)


@hooks.register("register_page_listing_more_buttons")
def delivery_listing_button(page, user, next_url=None):
    if _delivered_kind(page):
        yield DeliveryStatusButton(page=page)


class DeliveriesAttentionPanel(Component):
    """Dashboard: failed and deferred deliveries, and channel targets paused by a configuration error."""

    name = "deliveries_attention"
    order = 95
    template_name = "channels/dashboard_panel.html"
    LIMIT = 15

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        labels = {adapter.channel: adapter.label for adapter in all_adapters()}
        queryset = admin_views.in_scope(Delivery.objects.needing_attention(), self.user)
        queryset = queryset.for_people().order_by("-updated_at")
        paused = list(admin_views.paused_in_scope(self.user))
        for item in paused:
            item.label = labels.get(item.channel, item.channel)
        total = queryset.count()
        return {
            "deliveries": list(queryset[: self.LIMIT]),
            "total": total,
            "more": total > self.LIMIT,
            "paused": paused,
            "can_release": actions.can_release(self.user),
            "request": parent_context.get("request"),
            "csrf_token": parent_context.get("csrf_token"),  # 重新启用 is a POST form
        }


@hooks.register("construct_homepage_panels")
def add_deliveries_panel(request, panels):
    if not actions.can_release(request.user) and not request.user.has_perm("delivery_channels.view_delivery"):
        return
    rows = admin_views.in_scope(Delivery.objects.needing_attention(), request.user)
    if rows.exists() or admin_views.paused_in_scope(request.user).exists():
        panels.append(DeliveriesAttentionPanel(request.user))


# Per-body WeChat accounts and the county's queue of subordinate bodies' releases: their own modules.
from channels import county_queue_admin  # noqa: E402, F401
from channels.sources import wagtail_features  # noqa: E402, F401  (the "upstream-image" rich-text feature)
from channels.wechat import admin as wechat_account_admin  # noqa: E402, F401
