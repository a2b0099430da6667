"""The six-digit code form: checks the code against one device, with django-otp's throttling (each wrong code
doubles the wait before the next is tried: 1, 2, 4, 8 … seconds) and Chinese messages."""

from __future__ import annotations

import math

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

WRONG_CODE = _("验证码不正确或已过期，请输入身份验证器上当前显示的 6 位数字。")
THROTTLED = _("验证码错误次数过多，请 %(seconds)s 秒后再试。")


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("6 位验证码"),
        min_length=6,
        max_length=6,
        strip=True,
        error_messages={
            "required": _("请输入 6 位验证码。"),
            "min_length": _("验证码为 6 位数字。"),
            "max_length": _("验证码为 6 位数字。"),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}", "autofocus": True}
        ),
    )

    def __init__(self, device: TOTPDevice, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        # True when a code was actually checked and was wrong (not when refused for waiting): a login failure.
        self.wrong_code = False

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if not token.isdigit():
            raise forms.ValidationError(_("验证码为 6 位数字。"), code="invalid")
        allowed, data = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(throttled_message(data), code="throttled")
        if not self.device.verify_token(token):
            self.wrong_code = True
            raise forms.ValidationError(WRONG_CODE, code="wrong")
        return token


def throttled_message(data: dict | None) -> str:
    until = (data or {}).get("locked_until")
    if (data or {}).get("reason") != VerifyNotAllowed.N_FAILED_ATTEMPTS or until is None:
        return str(THROTTLED % {"seconds": 1})
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    return str(THROTTLED % {"seconds": seconds})
