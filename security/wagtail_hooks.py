"""Admin wiring of the security rules: the password change screen, 登录安全 for the 安全管理员, and the warning
shown whenever the superuser, meant for setting up only, is used."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from security.audit import admin_hooks  # noqa: F401 - registers the 审计日志 screen
from security.otp import wagtail_hooks as otp_hooks  # noqa: F401 - the 两步验证 screens

from . import lockout_views, password_views


@hooks.register("register_admin_urls")
def security_urls():
    return [
        path("security/password/", password_views.change_password, name="security_change_password"),
        path("security/lockouts/", lockout_views.lockouts, name="security_lockouts"),
        path("security/lockouts/unlock/", lockout_views.unlock, name="security_unlock"),
    ]


@hooks.register("insert_global_admin_js")
def confirm_script():
    """Forms marked data-confirm ask before submitting, without an inline handler (Content-Security-Policy)."""
    return format_html('<script src="{}"></script>', static("security/confirm.js"))


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(lockout_views.VIEW)


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return LockoutsMenuItem(
        "登录安全", reverse("security_lockouts"), name="security-lockouts", icon_name="lock", order=610
    )


@hooks.register("register_account_menu_item")
def change_password_menu_item(request):
    if not request.user.has_usable_password():
        return None
    return {
        "url": reverse("security_change_password"),
        "label": "修改密码",
        "help_text": "按安全策略修改登录密码;修改后需重新登录。",
    }


class SuperuserWarningPanel(Component):
    name = "superuser_warning"
    order = 1
    template_name = "security/superuser_warning.html"


@hooks.register("construct_homepage_panels")
def warn_superuser(request, panels):
    if request.user.is_superuser:
        panels.insert(0, SuperuserWarningPanel())
