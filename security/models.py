"""Models of the security app: what the rules remember about an account (when its password was last set and by
whom, the hashes of its recent passwords, never the passwords); the audit log keeps its own module
(security.audit.models)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from security.audit.models import AuditAnchor, AuditRecord

__all__ = ["AuditAnchor", "AuditRecord", "PasswordHistory", "PasswordState"]


class PasswordState(models.Model):
    """One row per account. `must_change` is set whenever someone other than the account's owner sets its password
    (a new account, an administrator's reset, the demo loader), so the owner chooses their own at the next login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_state", verbose_name=_("用户")
    )
    changed_at = models.DateTimeField(_("密码设置时间"))
    must_change = models.BooleanField(_("须修改密码"), default=True)

    class Meta:
        verbose_name = _("密码状态")
        verbose_name_plural = _("密码状态")

    def __str__(self) -> str:
        return f"{self.user} {self.changed_at:%Y-%m-%d}"


class PasswordHistory(models.Model):
    """The hashes of an account's last passwords (settings.PASSWORD_HISTORY of them), so none is chosen again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history", verbose_name=_("用户")
    )
    password = models.CharField(_("密码摘要"), max_length=128)
    set_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-set_at", "-pk"]
        indexes = [models.Index(fields=["user", "-set_at"])]
