"""The second-factor screens: the code after the password, enrolment (QR code, secret, confirming code), removal
by the user with a current code, and reset of another user's device by a 安全管理员."""

from __future__ import annotations

from base64 import b32encode

import django_otp
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from security import audit

from . import policy, qr
from .forms import CodeForm

VERIFY_URL_NAME = "security_otp_verify"
ENROL_URL_NAME = "security_otp_enrol"
REMOVE_URL_NAME = "security_otp_remove"
RESET_URL_NAME = "security_otp_reset"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _count_failure(request: HttpRequest) -> HttpResponse | None:
    """A wrong code is a failed login: django-axes counts it toward the account's lockout (and the audit log's
    receivers see it). When that locks the account the half-finished login ends, back at the login page."""
    credentials = {"username": request.user.get_username()}
    request.axes_credentials = credentials  # type: ignore[attr-defined]  # axes' lockout page names the account
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    # The audit log's receiver records this signal as a failed login (auth.login_failed).
    if getattr(request, "axes_locked_out", False):
        logout(request)
        request.axes_locked_out = False  # type: ignore[attr-defined]  # our answer, not axes' login form
        messages.error(request, _("验证码错误次数过多，账号已锁定。请稍后再试，或联系安全管理员解锁。"))
        return redirect("wagtailadmin_login")
    return None


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """The code screen between the password and the admin, for a user with a confirmed device."""
    device = policy.confirmed_device(request.user)
    if device is None or policy.is_verified(request.user):
        return redirect(_next_url(request))
    form = CodeForm(device, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            django_otp.login(request, device)
            audit.record("auth.otp_verified", request=request, actor=request.user)
            return redirect(_next_url(request))
        if form.wrong_code and (ended := _count_failure(request)):
            return ended
    return TemplateResponse(request, "security/otp/verify.html", {"form": form, "next": _next_url(request)})


def _manual_key(device) -> str:
    """The secret in base32, in groups of four, as authenticator apps ask for it when typed by hand."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    """两步验证 in the account area: the QR code and secret of a new device, confirmed by a first code; or, once a
    device is confirmed, its state and the form to remove it."""
    device = policy.confirmed_device(request.user)
    if device is not None:
        context = {"device": device, "form": CodeForm(device), "required": policy.must_enrol(request.user)}
        return TemplateResponse(request, "security/otp/enabled.html", context)
    pending = policy.pending_device(request.user)
    form = CodeForm(pending, request.POST or None)
    if request.method == "POST" and form.is_valid():
        policy.confirm(pending)
        django_otp.login(request, pending)
        audit.record("auth.otp_enrolled", request=request, actor=request.user)
        messages.success(request, _("两步验证已启用。今后登录时，输入密码后还需输入身份验证器上的验证码。"))
        return redirect(_next_url(request) if request.POST.get("next") else reverse(ENROL_URL_NAME))
    context = {
        "form": form,
        "qr_svg": qr.svg(pending.config_url),
        "manual_key": _manual_key(pending),
        "required": policy.must_enrol(request.user),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return TemplateResponse(request, "security/otp/enrol.html", context)


@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    """The user turns off their own second factor, proving it with a current code."""
    device = policy.confirmed_device(request.user)
    if device is None:
        return redirect(ENROL_URL_NAME)
    form = CodeForm(device, request.POST)
    if not form.is_valid():
        if form.wrong_code and (ended := _count_failure(request)):
            return ended
        context = {"device": device, "form": form, "required": policy.must_enrol(request.user)}
        return TemplateResponse(request, "security/otp/enabled.html", context)
    policy.remove_devices(request.user)
    audit.record("auth.otp_removed", request=request, actor=request.user)
    messages.success(request, _("两步验证已关闭。"))
    return redirect(ENROL_URL_NAME)


def reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """A 安全管理员 removes another user's device (a lost or replaced phone); the user enrols again at next login."""
    if not request.user.has_perm(policy.RESET_PERMISSION):
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=user_id)
    if target.pk == request.user.pk:
        return redirect(ENROL_URL_NAME)  # one's own device is removed with a current code
    users_url = reverse("wagtailusers_users:index")
    if request.method == "POST":
        count = policy.remove_devices(target)
        audit.record("auth.otp_reset", request=request, actor=request.user, target=target, detail={"devices": count})
        if count:
            messages.success(
                request, _("已重置用户“%(user)s”的两步验证，其下次登录时需重新绑定。") % {"user": target.get_username()}
            )
        else:
            messages.info(request, _("用户“%(user)s”未启用两步验证。") % {"user": target.get_username()})
        return redirect(users_url)
    context = {"target": target, "has_device": policy.confirmed_device(target) is not None, "users_url": users_url}
    return TemplateResponse(request, "security/otp/reset.html", context)
