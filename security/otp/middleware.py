"""The gate of the second factor: a signed-in user who has a confirmed device but has not entered a code in this
session is sent to the code screen; an administrator who must enrol (SECURITY_OTP_REQUIRED="admins") and has no
device is sent to the enrolment screen. Nothing else answers such a user, admin or site, until that is done.

Placed after django_otp's OTPMiddleware (which installs user.is_verified()) and after MessageMiddleware (the
screens show messages)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse

from security.sessions import may_be_signed_in

from . import policy
from .views import ENROL_URL_NAME, VERIFY_URL_NAME


def _always_open(path: str) -> bool:
    """Paths a half-signed-in user may still reach: signing out, the admin's script translations and static files."""
    # The icon sprite is fetched by script into every admin page: redirected, it would insert the code screen there.
    open_paths = (
        reverse("wagtailadmin_logout"),
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_sprite"),
        settings.STATIC_URL,
        "/healthz",
    )
    return path.startswith(open_paths) or path.startswith(reverse("wagtailadmin_home") + "jsi18n")


def _with_next(url: str, request: HttpRequest) -> str:
    if request.method != "GET":
        return url
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


def second_factor_redirect(request: HttpRequest) -> str | None:
    """Where the request must go instead, or None when it may proceed."""
    user = getattr(request, "user", None) if may_be_signed_in(request) else None
    if user is None or not user.is_authenticated or policy.is_verified(user) or _always_open(request.path):
        return None
    verify_url = reverse(VERIFY_URL_NAME)
    if policy.confirmed_device(user) is not None:
        return None if request.path == verify_url else _with_next(verify_url, request)
    if policy.must_enrol(user):
        enrol_url = reverse(ENROL_URL_NAME)
        return None if request.path == enrol_url else _with_next(enrol_url, request)
    return None


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        target = second_factor_redirect(request)
        return redirect(target) if target else self.get_response(request)
