"""Login lockout on django-axes: an account is locked for LOGIN_LOCKOUT_MINUTES after LOGIN_FAILURE_LIMIT failures,
each within LOGIN_FAILURE_WINDOW_MINUTES of the one before; an address that fails LOGIN_ADDRESS_FAILURE_LIMIT times
over any accounts within the window is refused for the same time (so guessing across accounts is throttled too,
while one colleague's typos in a shared office do not lock out the rest).

Axes keeps one row per account with the count and the last failure's time; the row's expiry, set from cool_off()
at each failure, is the window until the account is locked and the lockout after: so the lock lasts its full 30
minutes however often the locked account is tried again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib import messages
from django.db.models import Max
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.forms.auth import LoginForm

from cms.foundation.client import UNKNOWN, client_address


def window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def lockout() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def client_ip(request) -> str | None:
    """None rather than "unknown" (a request without REMOTE_ADDR, the test client's force_login): axes stores it
    in an address column, which PostgreSQL refuses to fill with anything but an address."""
    address = client_address(request)
    return None if address == UNKNOWN else address


def _username(request) -> str | None:
    if request is None:
        return None
    return get_client_username(request, getattr(request, "axes_credentials", None)) or None


def account_locked_until(username: str | None) -> datetime | None:
    """When the account's lock ends; None when it is not locked."""
    if not username:
        return None
    last = (
        AccessAttempt.objects.filter(
            username=username,
            failures_since_start__gte=settings.LOGIN_FAILURE_LIMIT,
            attempt_time__gte=timezone.now() - lockout(),
        )
        .aggregate(last=Max("attempt_time"))
        .get("last")
    )
    return last + lockout() if last else None


def address_locked_until(address: str | None) -> datetime | None:
    if not address:
        return None
    recent = AccessFailureLog.objects.filter(ip_address=address, attempt_time__gte=timezone.now() - window())
    times = list(
        recent.order_by("-attempt_time").values_list("attempt_time", flat=True)[: settings.LOGIN_ADDRESS_FAILURE_LIMIT]
    )
    if len(times) < settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return None
    return times[0] + lockout()


def cool_off(request=None) -> timedelta:
    """The lockout for an account at its limit, the counting window for any other (axes calls this per request)."""
    return lockout() if account_locked_until(_username(request)) else window()


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, with the address throttle added to the account lock."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_locked_until(getattr(request, "axes_ip_address", None) or client_address(request)) is not None


def locked_until(request, credentials=None) -> datetime | None:
    username = get_client_username(request, credentials) if request is not None else None
    ends = [
        moment
        for moment in (account_locked_until(username), address_locked_until(client_address(request)))
        if moment is not None
    ]
    return max(ends) if ends else None


def lockout_message(until: datetime | None) -> str:
    if until is None:
        return _("登录失败次数过多，已暂时锁定，请稍后再试，或联系安全管理员解锁。")
    local = timezone.localtime(until)
    return _("登录失败次数过多，账号已锁定 %(minutes)s 分钟。请于 %(time)s 后再试，或联系安全管理员解锁。") % {
        "minutes": settings.LOGIN_LOCKOUT_MINUTES,
        "time": local.strftime("%Y-%m-%d %H:%M"),
    }


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the Chinese message saying until when (HTTP 429)."""
    username = get_client_username(request, credentials) or ""
    messages.error(request, lockout_message(locked_until(request, credentials)))
    form = LoginForm(request, initial={"username": username})
    context = {
        "form": form,
        "show_password_reset": False,
        "username_field": _("用户名"),
        "next": request.GET.get("next", "") or request.POST.get("next", ""),
    }
    return TemplateResponse(request, "wagtailadmin/login.html", context, status=429).render()
