"""The one screen where an account's owner changes their password: by choice, at first login, after expiry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from . import passwords


class ChangeForm(PasswordChangeForm):
    """Django's form (old password, the new one twice, every validator) with Chinese labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("当前密码")
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password2"].label = _("再次输入新密码")
        self.fields["new_password1"].help_text = ""


def change_password(request):
    reason = passwords.change_reason(request.user)
    form = ChangeForm(request.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        from security import audit

        form.save()
        audit.record("auth.password_change", request=request, actor=request.user, target=request.user)
        logout(request)  # every session of the account ends with the old password, this one too
        messages.success(request, _("密码已修改，请用新密码重新登录。"))
        return redirect(reverse("wagtailadmin_login"))
    return TemplateResponse(
        request,
        "security/change_password.html",
        {
            "page_title": _("修改密码"),
            "form": form,
            "reason": reason,
            "rules": password_validators_help_texts(),
        },
    )
