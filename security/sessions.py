"""Admin sessions end after SESSION_IDLE_MINUTES without a click and SESSION_ABSOLUTE_HOURS after login, whatever
the browser says (the cookie's own age is the absolute limit too). A password change ends every other session of
the account (Django's session hash) and this one too: the owner signs in again with the new password.

Background calls a page makes by itself (Wagtail's editing-session pings, autosave) are not a person's activity,
so they do not keep an idle session alive.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

LOGIN_AT = "security.login_at"
SEEN_AT = "security.seen_at"
#: Requests a page sends on its own, not a person's click.
BACKGROUND_MARKERS = ("/editing-sessions/", "/autosave/", "/ping/")
#: A session's last activity is written at most this often (seconds), not on every request.
SEEN_RESOLUTION = 30


def may_be_signed_in(request) -> bool:
    """Only a request with a session cookie can be a signed-in user's: the gates ask nothing of the others, so a
    reader's page never loads a session (and never varies by Cookie, which would defeat the page caches)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


@receiver(user_logged_in, dispatch_uid="security.sessions.login")
def _stamp_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


def _expired(session, now: int) -> str | None:
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT, login_at)
    if login_at is None:
        return None  # a session from before these rules: stamped below
    if now - login_at > settings.SESSION_ABSOLUTE_HOURS * 3600:
        return _("登录已超过 %(hours)s 小时，请重新登录。") % {"hours": settings.SESSION_ABSOLUTE_HOURS}
    if seen_at is not None and now - seen_at > settings.SESSION_IDLE_MINUTES * 60:
        return _("您已 %(minutes)s 分钟未操作，为保护账号安全已自动退出，请重新登录。") % {
            "minutes": settings.SESSION_IDLE_MINUTES
        }
    return None


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None) if may_be_signed_in(request) else None
        if user is not None and user.is_authenticated:
            now = int(time.time())
            reason = _expired(request.session, now)
            if reason is not None:
                return self._end(request, reason)
            if LOGIN_AT not in request.session:
                request.session[LOGIN_AT] = now
            background = any(marker in request.path for marker in BACKGROUND_MARKERS)
            if not background and now - request.session.get(SEEN_AT, 0) >= SEEN_RESOLUTION:
                request.session[SEEN_AT] = now
        return self.get_response(request)

    def _end(self, request, reason: str):
        from security import audit

        user = request.user
        audit.record("auth.session_timeout", request=request, actor=user, target=user, detail={"reason": reason})
        logout(request)
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return self.get_response(request)  # a public page: served to the reader as anyone else
        messages.warning(request, reason)
        login = reverse("wagtailadmin_login")
        if request.method == "GET" and not request.headers.get("x-requested-with"):
            return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
        return redirect(login)
