"""Admin wiring of the second factor: its URLs, the 两步验证 entry in the account page, the reset button a
安全管理员 sees in the user listing, and the reset permission in the group editor."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import policy, urls
from .views import ENROL_URL_NAME, RESET_URL_NAME

# django-otp names its model in English without a translation; the group editor shows this name beside the
# permission to reset devices.
TOTPDevice._meta.verbose_name = gettext_lazy("两步验证身份验证器")
TOTPDevice._meta.verbose_name_plural = gettext_lazy("两步验证身份验证器")


@hooks.register("register_admin_urls")
def register_otp_admin_urls():
    return [path("", include(urls))]


@hooks.register("register_account_menu_item")
def otp_account_menu_item(request):
    return {
        "url": reverse(ENROL_URL_NAME),
        "label": _("两步验证"),
        "help_text": _("登录时除密码外，再输入手机身份验证器上的 6 位验证码。"),
    }


@hooks.register("register_user_listing_buttons")
def otp_reset_button(user, request_user):
    if user.pk == request_user.pk or not request_user.has_perm(policy.RESET_PERMISSION):
        return []
    return [Button(_("重置两步验证"), reverse(RESET_URL_NAME, args=(user.pk,)), icon_name="key", priority=60)]


@hooks.register("register_permissions")
def otp_reset_permission():
    """The group editor offers the reset permission (meant for the 安全管理员 group only)."""
    app_label, codename = policy.RESET_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
