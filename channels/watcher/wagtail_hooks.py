"""Admin wiring for the watcher: sources with their monitoring, the republication work list,
releases, and a dashboard panel for failing sources and republications at risk or overdue."""

import datetime as dt

from django.contrib import messages
from django.db.models import F, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    IndexView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from bodies import scope
from cms.foundation.admin_display import ReadableColumn, ReadableInspectMixin
from interpretation.models import PolicyDocumentPage

from . import internal, internal_views, source_check
from .admin_views import REPUBLICATION_COLUMNS, RepublicationIndexView, acknowledge_change, reconsider_skipped
from .forms import DETAIL_FIELDS, HTML_FIELDS, JSON_FIELDS, InternalRuleForm, SourceForm
from .models import InternalRepublicationRule, RepublicationPage, RepublicationRelease, SkippedItem, Source
from .models.sources import EMPTY_AFTER_POLLS

AT_RISK_WITHIN = dt.timedelta(hours=4)


@hooks.register("register_log_actions")
def register_watcher_log_actions(actions):
    actions.register_action("watcher.acknowledge_change", _("核对上游变更"), _("编辑已核对上游原文的变更"))
    actions.register_action(internal.LOG_ACTION, _("内部转载"), _("转载上级主体的政策文件"))


@hooks.register("register_admin_urls")
def register_watcher_admin_urls():
    return [
        path("watcher/acknowledge/<int:page_id>/", acknowledge_change, name="watcher_acknowledge_change"),
        path("watcher/reconsider/<int:source_id>/", reconsider_skipped, name="watcher_reconsider_skipped"),
        path("watcher/sources/check/", source_check.check_view, name=source_check.URL_NAME),
        path("watcher/sources/<int:source_id>/check/", source_check.check_view, name=source_check.URL_NAME_SAVED),
        path(
            "watcher/internal/<int:policy_id>/",
            internal_views.internal_republication,
            name=internal_views.URL_NAME,
        ),
    ]


@hooks.register("register_page_header_buttons")
def internal_republication_button(page, user, view_name, next_url=None):
    """转载到下级主体, on a live proactive policy of a body that has bodies below it in the editor's scope."""
    specific = page.specific_deferred
    if not isinstance(specific, PolicyDocumentPage) or not (page.live and specific.is_public):
        return
    if not scope.may_act_for(user, specific.disclosing_body_id):
        return
    if internal_views.targets_for(user, specific).exists():
        yield Button(
            _("转载到下级主体"),
            reverse(internal_views.URL_NAME, args=(page.pk,)),
            icon_name="doc-full-inverse",
            priority=68,
        )


def _config_panel(fields, heading):
    return MultiFieldPanel([FieldPanel(name) for name, *_ in fields], heading=heading, classname="collapsed")


SOURCE_PANELS = [
    FieldPanel("name"),
    FieldRowPanel([FieldPanel("disclosing_body"), FieldPanel("republish_for_own_body")]),
    FieldRowPanel([FieldPanel("kind"), FieldPanel("level"), FieldPanel("issuing_organ")]),
    FieldPanel("url"),
    FieldPanel("allowed_hosts"),
    FieldPanel("trusted_private_hosts", permission="watcher.trust_private_hosts"),
    FieldRowPanel([FieldPanel("enabled"), FieldPanel("auto_publish")]),
    _config_panel(HTML_FIELDS, _("HTML 列表页(类型为 HTML 列表页时填写)")),
    _config_panel(JSON_FIELDS, _("JSON 列表(类型为 JSON 列表时填写)")),
    _config_panel(DETAIL_FIELDS, _("详情页(需要到详情页抓取正文、文号、附件时填写)")),
    MultiFieldPanel(
        [FieldPanel("hanweb_pages")],
        heading=_("大汉网站栏目页(类型为大汉栏目页时填写;标题、链接、日期选择器填在“HTML 列表页”中,相对于每条记录)"),
        classname="collapsed",
    ),
    source_check.SourceCheckPanel(heading=_("试抓取")),
]
RULE_PANELS = [
    FieldRowPanel([FieldPanel("poll_minutes_working"), FieldPanel("poll_minutes_off")], heading=_("抓取频率")),
    FieldRowPanel(
        [FieldPanel("deadline_amount"), FieldPanel("deadline_rule"), FieldPanel("deadline_start")],
        heading=_("转载时限"),
    ),
    FieldPanel("ignore_older_than_days"),
    FieldRowPanel([FieldPanel("require_document_number"), FieldPanel("exclude_keywords")]),
    FieldRowPanel([FieldPanel("default_department"), FieldPanel("default_topic")]),
    InlinePanel("routing_rules", heading=_("分派规则(按顺序匹配标题和摘要)"), label=_("规则")),
    InlinePanel(
        "followers",
        heading=_("关注主体(各自生成转载草稿,按各自的工作日历计算时限;信息源只抓取一次)"),
        label=_("关注主体"),
        panels=[FieldPanel("disclosing_body"), FieldPanel("department")],
    ),
]


class _InScope:
    """Rows of bodies outside the editor's scope are neither listed nor opened."""

    def get_queryset(self):
        return scope.restrict(super().get_queryset(), self.request.user)


class SourceIndexView(_InScope, IndexView):
    def get_queryset(self):
        return super().get_queryset().prefetch_related("followers__disclosing_body")


class SourceEditView(_InScope, EditView):
    def save_instance(self):
        """Saving reconsiders the skipped items when what the source skips changed (receivers); say what came of it."""
        source = super().save_instance()
        reconsidered = getattr(source, "reconsidered", None)
        if reconsidered is not None:
            messages.info(self.request, reconsidered.message)
        return source


class SourceDeleteView(_InScope, DeleteView):
    pass


class SourceInspectView(_InScope, ReadableInspectMixin, InspectView):
    """The source's monitoring, then its skipped items with the button that reconsiders them."""

    template_name = "watcher/admin/source_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["skipped_items"] = SkippedItem.objects.filter(source=self.object)[:200]
        context["skipped_count"] = SkippedItem.objects.filter(source=self.object).count()
        context["reconsider_url"] = reverse("watcher_reconsider_skipped", args=(self.object.pk,))
        return context


class ReleaseInspectView(ReadableInspectMixin, InspectView):
    pass


class RuleIndexView(_InScope, IndexView):
    pass


class RuleEditView(_InScope, EditView):
    pass


class RuleDeleteView(_InScope, DeleteView):
    pass


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "site"
    menu_label = _("信息源")
    list_display = [
        "name",
        "disclosing_body",
        "level",
        "kind",
        "followers_label",
        "status_label",
        ReadableColumn("last_success_at", label=_("最近成功"), sort_key="last_success_at"),
        ReadableColumn("next_poll_at", label=_("下次抓取"), sort_key="next_poll_at"),
        "items_found",
    ]
    list_filter = ["level", "kind", "enabled"]
    index_view_class = SourceIndexView
    edit_view_class = SourceEditView
    delete_view_class = SourceDeleteView
    inspect_view_class = SourceInspectView
    search_fields = ["name", "url", "issuing_organ"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "name",
        "disclosing_body",
        "url",
        "level",
        "kind",
        "enabled",
        "status_label",
        "last_polled_at",
        "last_success_at",
        "last_error_at",
        "last_error",
        "last_warnings",
        "consecutive_failures",
        "items_found",
        "empty_polls",
        "drafts_created",
        "next_poll_at",
        "etag",
        "last_modified",
        "content_hash",
    ]
    edit_handler = TabbedInterface(
        [ObjectList(SOURCE_PANELS, heading=_("信息源")), ObjectList(RULE_PANELS, heading=_("频率、时限与分派"))],
        base_form_class=SourceForm,
    )


class ReleaseViewSet(SnippetViewSet):
    model = RepublicationRelease
    icon = "resubmit"
    menu_label = _("转载发布记录")
    list_display = [
        "page",
        "kind",
        ReadableColumn("released_by", label=_("发布人")),
        ReadableColumn("released_at", label=_("发布时间"), sort_key="released_at"),
        ReadableColumn("on_time", label=_("按时转载"), sort_key="on_time"),
    ]
    list_filter = ["kind", "on_time"]
    inspect_view_enabled = True
    inspect_view_class = ReleaseInspectView


class InternalRuleViewSet(SnippetViewSet):
    model = InternalRepublicationRule
    icon = "resubmit"
    menu_label = _("内部转载规则")
    list_display = [
        "disclosing_body",
        "from_body",
        ReadableColumn("department", label=_("接收部门")),
        ReadableColumn("document_type", label=_("只转载此类文件"), accessor="get_document_type_display"),
        ReadableColumn("topic", label=_("只转载此主题")),
        ReadableColumn("enabled", label=_("启用"), sort_key="enabled"),
    ]
    copy_view_enabled = False
    index_view_class = RuleIndexView
    edit_view_class = RuleEditView
    delete_view_class = RuleDeleteView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("disclosing_body"), FieldPanel("from_body")]),
            FieldPanel("department"),
            FieldRowPanel([FieldPanel("document_type"), FieldPanel("topic")]),
            FieldPanel("enabled"),
        ],
        base_form_class=InternalRuleForm,
    )


class WatcherSettingsGroup(SnippetViewSetGroup):
    items = (SourceViewSet, InternalRuleViewSet, ReleaseViewSet)
    menu_icon = "site"
    menu_label = _("转载信息源")
    menu_order = 170


register_snippet(WatcherSettingsGroup)


class RepublicationListingViewSet(PageListingViewSet):
    model = RepublicationPage
    name = "republications"
    icon = "doc-full-inverse"
    menu_label = _("上级政策转载")
    menu_order = 155
    add_to_admin_menu = True
    index_view_class = RepublicationIndexView
    columns = REPUBLICATION_COLUMNS


@hooks.register("register_admin_viewset")
def register_republication_listing():
    return RepublicationListingViewSet()


def failing_sources():
    """Sources that need a look: failing (失败、已失效、限流中), or listing nothing for a while (无内容)."""
    attention = Q(consecutive_failures__gt=0) | Q(empty_polls__gte=EMPTY_AFTER_POLLS)
    return Source.objects.filter(attention, enabled=True).order_by("-consecutive_failures", "name")


_UNRELEASED = Q(live=False, first_published_at__isnull=True)
_FOUND_LATE = Q(deadline_at__lte=F("found_at"))


def urgent_republications(now=None):
    """Unpublished republications overdue since they were found or due within ``AT_RISK_WITHIN``, and flagged
    changes. Items found already past their deadline (补转, 发现时已超期) are listed apart: ``late_republications``."""
    now = now or timezone.now()
    due_soon = _UNRELEASED & Q(deadline_at__lte=now + AT_RISK_WITHIN) & ~_FOUND_LATE
    return RepublicationPage.objects.filter(due_soon | Q(upstream_changed_at__isnull=False)).order_by("deadline_at")


def late_republications():
    """Unpublished republications whose deadline had passed when they were found: 补转 and 发现时已超期."""
    return RepublicationPage.objects.filter(_UNRELEASED & _FOUND_LATE).order_by("-backfill", "deadline_at")


class WatcherDashboardPanel(Component):
    """Failing sources, and republications at risk, overdue or changed upstream."""

    template_name = "watcher/admin/dashboard_panel.html"
    order = 80

    def __init__(self, sources, pages, late=(), late_count=0):
        self.sources, self.pages, self.late, self.late_count = sources, pages, late, late_count

    def get_context_data(self, parent_context=None):
        def rows(pages):
            return [
                {"page": p, "urgency": p.urgency(), "url": reverse("wagtailadmin_pages:edit", args=(p.pk,))}
                for p in pages
            ]

        return {
            "sources": [
                {"source": s, "url": reverse("wagtailsnippets_watcher_source:inspect", args=(s.pk,))}
                for s in self.sources
            ],
            "pages": rows(self.pages),
            "late": rows(self.late),
            "late_count": self.late_count,
            "sources_url": reverse("wagtailsnippets_watcher_source:list"),
            "listing_url": reverse("republications:index"),
            "late_url": reverse("republications:index") + "?late=1",
        }


@hooks.register("construct_homepage_panels")
def add_watcher_panel(request, panels):
    sources = list(scope.restrict(failing_sources(), request.user)[:20])
    pages = list(scope.restrict(urgent_republications(), request.user)[:20])
    late_query = scope.restrict(late_republications(), request.user)
    late = list(late_query[:20])
    if sources or pages or late:
        panels.append(WatcherDashboardPanel(sources, pages, late, late_query.count() if late else 0))
