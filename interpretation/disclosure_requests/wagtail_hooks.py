"""Admin wiring for 依申请公开: the menu, the screens, the settings snippet and the dashboard's deadline lists."""

from django.urls import include, path, reverse
from laces.components import Component
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from bodies import scope

from . import admin_urls, annual_report, privacy, queries
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
    list_display = ["disclosing_body", "name", "head_name", "phone", "retention_years", "fees_display"]
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
    ]


register_snippet(RequestOfficeViewSet)


class AnnualReportForm(WagtailAdminModelForm):
    """Bodies in the editor's scope only; ticking 发布 freezes the applications table once (annual_report.publish)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disclosing_body"].queryset = scope.bodies(self.for_user)

    def save(self, commit=True):
        report = super().save(commit=commit)
        if commit and report.published and report.published_at is None:
            annual_report.publish(report)
        return report


class AnnualReportViewSet(SnippetViewSet):
    model = AnnualReport
    icon = "table"
    menu_label = "政府信息公开工作年度报告"
    add_to_settings_menu = True
    list_display = ["disclosing_body", "year", "publication"]
    copy_view_enabled = False
    index_view_class = OfficeIndexView
    edit_view_class = OfficeEditView
    edit_handler = ObjectList(
        [
            FieldPanel(name)
            for name in (
                "disclosing_body",
                "year",
                "overview",
                "proactive",
                "reviews",
                "problems",
                "other",
                "published",
            )
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
