"""Admin wiring for 依申请公开: the menu, the screens, the settings snippet and the dashboard's deadline lists."""

from django.urls import include, path, reverse
from django.utils.html import format_html
from laces.components import Component
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from bodies import scope

from . import admin_urls, lifecycle, privacy, queries
from .annual_report import deadline
from .models import AnnualReport, RequestOffice


@hooks.register("register_admin_urls")
def register_request_admin_urls():
    return [path("disclosure-requests/", include(admin_urls, namespace="disclosure_requests_admin"))]


class RequestMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return privacy.is_handler_anywhere(user) or privacy.is_auditor(user) or privacy.visible_requests(user).exists()


@hooks.register("register_admin_menu_item")
def register_request_menu_item():
    return RequestMenuItem("依申请公开", reverse("disclosure_requests_admin:index"), icon_name="mail", order=170)


class _InScope:
    def get_queryset(self):
        return scope.restrict(super().get_queryset(), self.request.user)


class OfficeIndexView(_InScope, IndexView):
    pass


class OfficeEditView(_InScope, EditView):
    pass


class RequestOfficeViewSet(SnippetViewSet):
    model = RequestOffice
    icon = "mail"
    menu_label = "政府信息公开工作机构"
    add_to_settings_menu = True
    list_display = [
        "disclosing_body",
        "name",
        "head_name",
        "phone",
        "retention_years",
        "fees_display",
        "catalogue_period",
    ]
    copy_view_enabled = False
    index_view_class = OfficeIndexView
    edit_view_class = OfficeEditView
    form_fields = [
        "disclosing_body",
        "name",
        "handlers",
        "head_name",
        "phone",
        "address",
        "postcode",
        "amendment_period_days",
        "retention_years",
        "fees_enabled",
        "catalogue_period",
    ]


register_snippet(RequestOfficeViewSet)


class AnnualReportForm(WagtailAdminModelForm):
    """Bodies in the editor's scope only; ticking 发布 freezes the tables (the model's save, on every path)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disclosing_body"].queryset = scope.bodies(self.for_user)


def _review_link(report: AnnualReport) -> str:
    url = reverse("disclosure_requests_admin:report", args=(report.pk,))
    return format_html('<a href="{}">{}</a>', url, "查看统计表" if report.published_at else "审阅与发布")


def _row(*names: str) -> FieldRowPanel:
    return FieldRowPanel([FieldPanel(name) for name in names])


class AnnualReportViewSet(SnippetViewSet):
    model = AnnualReport
    icon = "table"
    menu_label = "政府信息公开工作年度报告"
    add_to_settings_menu = True
    list_display = ["disclosing_body", "year", "publication", Column("review", label="审阅", accessor=_review_link)]
    copy_view_enabled = False
    index_view_class = OfficeIndexView
    edit_view_class = OfficeEditView
    edit_handler = ObjectList(
        [
            _row("disclosing_body", "year"),
            FieldPanel("includes_bodies"),
            FieldPanel("overview"),
            MultiFieldPanel(
                [
                    HelpPanel(
                        "第二十条第(一)项(规章、行政规范性文件)由政策文件库自动统计;以下数字从其他业务系统填报。"
                    ),
                    _row("licensing_decisions", "penalty_decisions", "enforcement_decisions"),
                    FieldPanel("fee_amount"),
                    FieldPanel("proactive"),
                ],
                heading="二、主动公开政府信息情况",
            ),
            HelpPanel("三、收到和处理政府信息公开申请情况:由本系统登记的申请自动统计,发布时固定。"),
            MultiFieldPanel(
                [
                    _row("review_upheld", "review_corrected", "review_other", "review_pending"),
                    _row("direct_upheld", "direct_corrected", "direct_other", "direct_pending"),
                    _row("after_review_upheld", "after_review_corrected", "after_review_other", "after_review_pending"),
                    FieldPanel("reviews"),
                ],
                heading="四、政府信息公开行政复议、行政诉讼情况",
            ),
            FieldPanel("problems"),
            FieldPanel("other"),
            FieldPanel("published"),
        ],
        base_form_class=AnnualReportForm,
    )


register_snippet(AnnualReportViewSet)


class DeadlinePanel(Component):
    """Dashboard: applications overdue and due within 5 working days, per handler and per body."""

    name = "disclosure_request_deadlines"
    order = 85
    template_name = "disclosure_requests/admin/dashboard_panel.html"

    def __init__(self, overdue, soon):
        self.overdue, self.soon = overdue, soon

    def get_context_data(self, parent_context):
        everything = self.overdue + self.soon
        return {
            "overdue": self.overdue,
            "soon": self.soon,
            "by_handler": queries.grouped(everything, "handler"),
            "by_body": queries.grouped(everything, "body"),
            "days": queries.DUE_SOON_DAYS,
            "index_url": reverse("disclosure_requests_admin:index"),
        }


@hooks.register("construct_homepage_panels")
def add_deadline_panel(request, panels):
    visible = privacy.visible_requests(request.user)
    overdue, soon = queries.needing_attention(visible)
    if overdue or soon:
        panels.append(DeadlinePanel(overdue, soon))


class ReportDeadlinePanel(Component):
    """Dashboard, 1 December to 31 January: each body's report for the year and the days left to 31 January."""

    name = "annual_report_deadline"
    order = 86
    template_name = "disclosure_requests/admin/report_deadline_panel.html"

    def __init__(self, year: int, rows, today, add_url):
        self.year, self.rows, self.today, self.add_url = year, rows, today, add_url

    def get_context_data(self, parent_context):
        due = deadline.due_on(self.year)
        days_left = (due - self.today).days
        return {
            "year": self.year,
            "rows": self.rows,
            "due": due,
            "days_left": days_left,
            "days_over": -days_left,
            "published": sum(1 for row in self.rows if row.state == "已发布"),
            "add_url": self.add_url,
        }


@hooks.register("construct_homepage_panels")
def add_report_deadline_panel(request, panels):
    user = request.user
    if not (user.has_perm("disclosure_requests.change_annualreport") or privacy.is_handler_anywhere(user)):
        return
    today = lifecycle.beijing_today()
    year = deadline.reporting_year(today)
    if year is None:
        return
    rows = deadline.states(list(scope.bodies(user).order_by("pk")), year)
    add_url = (
        reverse("wagtailsnippets_disclosure_requests_annualreport:add")
        if user.has_perm("disclosure_requests.add_annualreport")
        else None
    )
    panels.append(ReportDeadlinePanel(year, rows, today, add_url))
