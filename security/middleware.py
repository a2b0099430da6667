"""Until the owner has chosen a new password (first login, a reset, expiry), the admin shows only the change
screen: every other admin address leads there."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from . import passwords, sessions

#: Admin addresses that stay open to an account that must change its password (names of URL patterns).
#: The icon sprite is fetched by script and inserted into every admin page: redirected, it would insert a whole page.
OPEN_URL_NAMES = (
    "security_change_password",
    "wagtailadmin_logout",
    "wagtailadmin_login",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
)


class PasswordPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_admin = request.path.startswith(reverse("wagtailadmin_home")) and sessions.may_be_signed_in(request)
        user = getattr(request, "user", None) if in_admin else None
        if user is not None and user.is_authenticated:
            if not self._open(request.path):
                reason = passwords.change_reason(user)
                if reason is not None:  # the change screen says why
                    return redirect("security_change_password")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        """The path's own URL name, looked up once, rather than reversing every open name on each request."""
        try:
            return resolve(path).url_name in OPEN_URL_NAMES
        except Resolver404:
            return False
