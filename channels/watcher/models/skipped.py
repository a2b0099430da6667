"""Items a source listed but the watcher did not draft (too old, no 文号, an excluded keyword), kept so an
operator can see them and so they come back as drafts when the source's settings change."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SkippedItem(models.Model):
    """跳过的条目: enough of the upstream item to draft it later without the listing."""

    class Reason(models.TextChoices):
        TOO_OLD = "too_old", _("发布时间超出“只转载近几天发布的文件”的范围")
        NO_NUMBER = "no_number", _("没有文号")
        EXCLUDED = "excluded", _("命中不转载关键词")

    source = models.ForeignKey("watcher.Source", on_delete=models.CASCADE, related_name="skipped_items")
    identity = models.CharField(max_length=500)
    guid = models.CharField(max_length=500, blank=True)
    url = models.URLField(_("原文链接"), max_length=500)
    title = models.CharField(_("标题"), max_length=500)
    document_number = models.CharField(_("文号"), max_length=80, blank=True)
    published = models.DateTimeField(_("原文发布时间"), null=True, blank=True)
    summary = models.TextField(blank=True)
    body_html = models.TextField(null=True, blank=True)  # None: the detail page was never fetched
    attachments = models.JSONField(default=list, blank=True)
    reason = models.CharField(_("跳过原因"), max_length=20, choices=Reason.choices)
    reason_text = models.CharField(_("说明"), max_length=300, blank=True)
    first_seen_at = models.DateTimeField(_("首次发现"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("最近发现"), default=timezone.now)

    class Meta:
        verbose_name = _("跳过的条目")
        verbose_name_plural = _("跳过的条目")
        ordering = ["-published", "-first_seen_at"]
        constraints = [models.UniqueConstraint(fields=["source", "identity"], name="watcher_unique_skipped_item")]

    def __str__(self):
        return self.title
