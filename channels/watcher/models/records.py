"""What the watcher has seen upstream, and what was released: the watcher's memory and its outbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from channels.sources.items import UpstreamItem


class UpstreamRecord(models.Model):
    """One item of one source, known by its identity there (guid or URL, http and https alike).

    Across sources the same policy shares ``dedup_key`` (文号 + normalised title): one record is
    the primary, with the republication; the others point at it through ``duplicate_of``.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("正文待抓取")
        REPUBLISHED = "republished", _("已生成转载")
        DUPLICATE = "duplicate", _("重复(已由其他信息源转载)")
        TOO_OLD = "too_old", _("发布过早,未转载")  # before skipped items were kept apart (SkippedItem)
        INTERPRETATION = "interpretation", _("解读材料(已附到原文的转载)")

    source = models.ForeignKey("watcher.Source", on_delete=models.CASCADE, related_name="records")
    identity = models.CharField(max_length=500)
    guid = models.CharField(max_length=500, blank=True)
    url = models.URLField(_("原文链接"), max_length=500)
    title = models.CharField(_("标题"), max_length=500)
    document_number = models.CharField(_("文号"), max_length=80, blank=True)
    published = models.DateTimeField(_("原文发布时间"), null=True, blank=True)
    summary = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)  # [{"url": ..., "title": ...}]
    dedup_key = models.CharField(max_length=600, blank=True, db_index=True)
    title_key = models.CharField(max_length=500, blank=True, db_index=True)
    # Across kinds: the normalised 文号 alone, and the URL as compared (no scheme, tracking or trailing slash).
    number_key = models.CharField(max_length=80, blank=True, db_index=True)
    url_key = models.CharField(max_length=500, blank=True, db_index=True)
    listing_hash = models.CharField(max_length=64, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PENDING)
    detail_attempts = models.PositiveSmallIntegerField(default=0)
    detail_error = models.TextField(blank=True)
    republication = models.ForeignKey(
        "watcher.RepublicationPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    first_seen_at = models.DateTimeField(_("首次发现"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("最近发现"), default=timezone.now)
    changed_at = models.DateTimeField(_("上游最近变更"), null=True, blank=True)

    #: Not stored: the item as this run of the intake read it (set by channels.watcher.intake before use).
    item_cache: UpstreamItem

    class Meta:
        verbose_name = _("上游条目")
        verbose_name_plural = _("上游条目")
        ordering = ["-first_seen_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "identity"], name="watcher_unique_record_identity"),
            # One republication per 文号 + title, even when two workers find it at the same moment.
            models.UniqueConstraint(
                fields=["dedup_key"],
                condition=models.Q(state="republished")
                & ~models.Q(dedup_key="")
                & ~models.Q(dedup_key__startswith="|"),
                name="watcher_one_republication_per_key",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def strong_key(self) -> bool:
        """A key with a 文号: two such records with equal keys are the same policy."""
        return bool(self.dedup_key) and not self.dedup_key.startswith("|")


class RepublicationRelease(models.Model):
    """转载发布: one row per release of a republication, written in the publishing transaction.

    The watcher's counterpart of ``interpretation.BundleRelease``: a row exists if and only if
    the release committed, and ``signals.republication_released`` is sent with it.
    """

    class Kind(models.TextChoices):
        RELEASE = "release", _("转载发布")
        UPDATE = "update", _("更新")

    page = models.ForeignKey(
        "watcher.RepublicationPage", on_delete=models.CASCADE, related_name="releases", verbose_name=_("转载")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.PROTECT, related_name="+", verbose_name=_("页面版本")
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("发布人"),
    )
    released_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    deadline_at = models.DateTimeField(_("转载截止时间"), null=True, blank=True)
    on_time = models.BooleanField(_("按时转载"), null=True)

    class Meta:
        verbose_name = _("转载发布")
        verbose_name_plural = _("转载发布")
        ordering = ["-released_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.page_id} {self.released_at:%Y-%m-%d %H:%M}"
