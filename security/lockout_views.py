"""登录安全: what the 安全管理员 sees and does about lockouts, with the password and session rules in force."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import lockout

VIEW = "axes.view_accessattempt"
UNLOCK = "axes.delete_accessattempt"


def locked_accounts() -> list[dict]:
    since = timezone.now() - lockout.lockout()
    rows = (
        AccessAttempt.objects.filter(failures_since_start__gte=settings.LOGIN_FAILURE_LIMIT, attempt_time__gte=since)
        .values("username")
        .annotate(last=Max("attempt_time"), failures=Max("failures_since_start"))
        .order_by("-last")
    )
    return [{**row, "until": row["last"] + lockout.lockout()} for row in rows]


def locked_addresses() -> list[dict]:
    since = timezone.now() - lockout.window()
    rows = (
        AccessFailureLog.objects.filter(attempt_time__gte=since)
        .values("ip_address")
        .annotate(failures=Count("id"), last=Max("attempt_time"))
        .filter(failures__gte=settings.LOGIN_ADDRESS_FAILURE_LIMIT)
        .order_by("-last")
    )
    return [{**row, "until": row["last"] + lockout.lockout()} for row in rows]  # as address_locked_until says


def lockouts(request):
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "security/lockouts.html",
        {
            "page_title": _("登录安全"),
            "accounts": locked_accounts(),
            "addresses": locked_addresses(),
            "may_unlock": request.user.has_perm(UNLOCK),
            "policy": settings,
        },
    )


@require_POST
def unlock(request):
    if not request.user.has_perm(UNLOCK):
        raise PermissionDenied
    from security import audit

    username = request.POST.get("username", "").strip()
    address = request.POST.get("ip_address", "").strip()
    if username:
        reset(username=username)
        audit.record("auth.unlock", request=request, actor=request.user, detail={"username": username})
        messages.success(request, _("已解锁账号 %(name)s。") % {"name": username})
    elif address:
        reset(ip=address)
        AccessFailureLog.objects.filter(
            ip_address=address, attempt_time__gte=timezone.now() - lockout.window()
        ).delete()
        audit.record("auth.unlock", request=request, actor=request.user, detail={"ip_address": address})
        messages.success(request, _("已解除对地址 %(address)s 的限制。") % {"address": address})
    return redirect("security_lockouts")
