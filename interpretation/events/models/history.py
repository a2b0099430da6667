"""What happened to an event: every date change with its reason, and each phase released to channels."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interpretation.events.choices import ReleasePhase
from interpretation.events.models.pages import EventPage


class EventDateChange(models.Model):
    """改期记录: kept for every change; a change of a confirmed date carries a public reason."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="date_changes")
    old_start = models.DateTimeField(_("原开始时间"))
    old_end = models.DateTimeField(_("原结束时间"))
    new_start = models.DateTimeField(_("新开始时间"))
    new_end = models.DateTimeField(_("新结束时间"))
    was_confirmed = models.BooleanField(_("变更已确定的时间"), default=False)
    reason = models.TextField(_("变更理由"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("变更时间"), default=timezone.now)

    class Meta:
        verbose_name = _("改期记录")
        verbose_name_plural = _("改期记录")
        ordering = ["changed_at", "pk"]


class EventRelease(models.Model):
    """One row per phase released (预告, 回顾): the idempotency key the delivery ledger builds on."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="releases")
    phase = models.CharField(_("阶段"), max_length=20, choices=ReleasePhase.choices)
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(_("发布时间"), default=timezone.now)

    class Meta:
        verbose_name = _("活动发布记录")
        verbose_name_plural = _("活动发布记录")
        constraints = [models.UniqueConstraint(fields=["event", "phase"], name="events_one_release_per_phase")]

    def __str__(self):
        return f"{self.event_id} {self.phase}"
