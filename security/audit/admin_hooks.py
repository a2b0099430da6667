"""The 审计日志 menu item and URLs, shown only to those with security.view_auditrecord (the 审计管理员)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_audit_urls():
    return [
        path("audit-log/", views.index, name="security_audit_log"),
        path("audit-log/export.csv", views.export, name="security_audit_log_export"),
    ]


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_view(request.user)


@hooks.register("register_admin_menu_item")
def register_audit_menu_item():
    return AuditMenuItem("审计日志", reverse("security_audit_log"), name="audit-log", icon_name="history", order=9000)
