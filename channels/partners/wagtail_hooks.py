"""Admin for press partners (合作媒体): listing with filters, edit form, rotate and re-enable actions.

Each partner belongs to a 公开主体: a person sees, edits and acts on the partners of the bodies in their scope
only (bodies.scope); another body's partner answers 404 on every view of it.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.functional import cached_property, lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    InspectView,
    SnippetViewSet,
    UsageView,
)

from bodies import scope
from cms.foundation import links
from cms.foundation.admin_display import ReadableColumn

from . import admin_views
from .forms import PressPartnerForm
from .models import PressPartner

MODES = [("webhook", "接口推送"), ("email", "邮件"), ("pull", "主动获取")]


class PressPartnerFilterSet(WagtailFilterSet):
    active = django_filters.BooleanFilter(label="启用")
    mode = django_filters.ChoiceFilter(label="接收方式", choices=MODES, method="filter_mode", empty_label="全部")

    class Meta:
        model = PressPartner
        fields = ["active", "mode"]

    def filter_mode(self, queryset, name, value):
        return queryset.filter(**{f"{value}_enabled": True}) if value else queryset


def _action_buttons(viewset, partner, *, menu: bool):
    """Rotate secret / token, and re-enable when stopped: as header buttons or listing menu items."""
    stopped = not partner.active or admin_views.paused_channels(partner)
    names = ["rotate_secret", "rotate_token"] + (["enable"] if stopped else [])
    make = MenuItem if menu else Button
    return [
        make(
            admin_views.ACTIONS[name].label,
            url=reverse(viewset.get_url_name(name), args=(partner.pk,)),
            icon_name="key" if name != "enable" else "tick",
            priority=50 + i,
        )
        for i, name in enumerate(names)
    ]


class InScope:
    """Another body's partner is not there for this person: 404, whatever the view."""

    def get_object(self, *args, **kwargs):
        partner = super().get_object(*args, **kwargs)
        if partner is not None and not scope.may_act_for(self.request.user, partner.disclosing_body_id):
            raise Http404
        return partner


class CredentialsPanel(Panel):
    """That a secret and a token are set, when, and their last four characters: never the values themselves."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "partners/credentials_panel.html"


class PressPartnerCreateView(CreateView):
    """Saving a new partner answers with its secret and token, shown this once (not a redirect to the listing)."""

    viewset = None

    def save_action(self):
        if self.expects_json_response:
            return super().save_action()
        partner = self.object
        message = self.get_success_message(partner)
        if message:
            messages.success(self.request, message)
        return admin_views.issued_response(
            self.request,
            partner,
            edit_url=reverse(self.viewset.get_url_name("edit"), args=(partner.pk,)),
            secret=getattr(partner, "issued_secret", ""),
            token=getattr(partner, "issued_token", ""),
        )


class PressPartnerEditView(InScope, EditView):
    viewset = None  # set by PressPartnerViewSet, for the action URLs

    @cached_property
    def header_more_buttons(self):
        return [*super().header_more_buttons, *_action_buttons(self.viewset, self.object, menu=False)]


class PressPartnerDeleteView(InScope, DeleteView):
    pass


class PressPartnerHistoryView(InScope, HistoryView):
    pass


class PressPartnerUsageView(InScope, UsageView):
    pass


class PressPartnerInspectView(InScope, InspectView):
    pass


class PressPartnerIndexView(IndexView):
    viewset = None

    def get_list_more_buttons(self, instance):
        return [*super().get_list_more_buttons(instance), *_action_buttons(self.viewset, instance, menu=True)]


def pull_help() -> str:
    """How a partner pulls: the addresses are made when the page is shown (SITE_URL may follow `make run`'s port)."""
    return (
        "<p>接口推送:对方按 Standard Webhooks 规范用<strong>签名密钥</strong>校验 webhook-signature 头。"
        "对方接口返回 410 时自动停用,原因显示在下方。</p>"
        f"<p>主动获取:<code>GET {links.absolute('/partners/api/releases')}?since=游标</code>,"
        "请求头 <code>Authorization: Bearer 获取令牌</code>;订阅源:"
        f"<code>{links.absolute('/partners/feed.atom')}?token=获取令牌</code>。</p>"
        "<p>需要更换密钥或令牌时,请使用页面右上角“更多”中的轮换操作。</p>"
    )


class PressPartnerViewSet(SnippetViewSet):
    model = PressPartner
    icon = "site"
    menu_label = "合作媒体"
    menu_name = "press_partners"
    menu_order = 320
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = PressPartnerIndexView
    add_view_class = PressPartnerCreateView
    edit_view_class = PressPartnerEditView
    delete_view_class = PressPartnerDeleteView
    history_view_class = PressPartnerHistoryView
    usage_view_class = PressPartnerUsageView
    inspect_view_class = PressPartnerInspectView
    filterset_class = PressPartnerFilterSet
    search_fields = ["name", "contact_person", "email"]
    search_backend_name = None
    list_display = [
        "name",
        Column("disclosing_body", label="公开主体"),
        Column("modes_label", label="接收方式"),
        Column("state_label", label="状态"),
        Column("disabled_reason", label="停用原因"),
        ReadableColumn("last_pulled_at", label="最近获取时间"),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("disclosing_body"),
                    FieldPanel("name"),
                    FieldRowPanel([FieldPanel("contact_person"), FieldPanel("phone")]),
                    FieldPanel("email"),
                    FieldPanel("active"),
                ],
                heading="基本信息",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("webhook_enabled"),
                    FieldPanel("webhook_url"),
                    FieldPanel("email_enabled"),
                    FieldPanel("pull_enabled"),
                ],
                heading="接收方式(可多选)",
            ),
            MultiFieldPanel(
                [FieldPanel("document_types"), FieldPanel("topics", widget=forms.CheckboxSelectMultiple)],
                heading="接收范围",
            ),
            MultiFieldPanel(
                [
                    CredentialsPanel(),
                    HelpPanel(content=lazy(pull_help, str)()),
                ],
                heading="签名密钥与获取令牌",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("disabled_reason", read_only=True),
                    FieldPanel("disabled_at", read_only=True),
                    FieldPanel("last_pulled_at", read_only=True),
                ],
                heading="状态",
            ),
        ],
        base_form_class=PressPartnerForm,
    )

    def get_queryset(self, request):
        return scope.restrict(PressPartner.objects.select_related("disclosing_body"), request.user)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(viewset=self, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(viewset=self, **kwargs)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(viewset=self, **kwargs)

    def get_urlpatterns(self):
        edit_url_name = self.get_url_name("edit")
        return [
            *super().get_urlpatterns(),
            *(
                path(
                    f"{name.replace('_', '-')}/<int:pk>/",
                    admin_views.partner_action,
                    {"action": name, "edit_url_name": edit_url_name},
                    name=name,
                )
                for name in admin_views.ACTIONS
            ),
        ]


register_snippet(PressPartnerViewSet)


@hooks.register("register_log_actions")
def register_partner_log_actions(actions):
    admin_views.register_log_actions(actions)


@hooks.register("before_bulk_action")
def refuse_partners_out_of_scope(request, action_type, objects, action_class_instance):
    if action_class_instance.model is PressPartner:
        if any(not scope.may_act_for(request.user, partner.disclosing_body_id) for partner in objects):
            raise PermissionDenied("只能处理本主体及下级主体的合作媒体。")
