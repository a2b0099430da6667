"""A channel target paused after an error of its own (wrong secret, IP not whitelisted; never one row's trouble):
its rows wait, nothing is lost, and an administrator's re-enable sends them on. `reason_zh` is what the channel
said (WeChat's code and its meaning), for the administrator who fixes it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChannelTargetState(models.Model):
    channel = models.CharField(_("渠道"), max_length=40)
    target = models.CharField(_("分发对象"), max_length=120)
    enabled = models.BooleanField(_("启用"), default=True)
    reason_zh = models.TextField(_("暂停原因"), blank=True)
    reason_en = models.TextField(_("暂停原因（日志）"), blank=True)
    changed_at = models.DateTimeField(_("变更时间"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("渠道状态")
        verbose_name_plural = _("渠道状态")
        constraints = [models.UniqueConstraint(fields=["channel", "target"], name="unique_channel_target")]

    def __str__(self):
        return f"{self.channel}:{self.target}"

    @property
    def target_label(self) -> str:
        """The paused target as people name it (公众号“…”, a partner's name), not "account:3"; the name comes with
        the row from ChannelTargetState.objects.with_target_names(), else it is looked up."""
        from .delivery import label_of_target  # lazy: the ledger's rows import this model

        return label_of_target(self.target, self)

    @classmethod
    def disabled_targets(cls) -> set[tuple[str, str]]:
        return set(cls.objects.filter(enabled=False).values_list("channel", "target"))

    @classmethod
    def is_disabled(cls, channel: str, target: str) -> bool:
        return cls.objects.filter(channel=channel, target=target, enabled=False).exists()
