"""The audit log's rows: one `AuditRecord` per event, chained by hash, and an `AuditAnchor` per retention pruning.

Rows are only ever added. Python refuses to change or delete them (the instance and the queryset alike); on
PostgreSQL triggers refuse it too (migration 0001_audit), except the retention pruning, which says so inside its own
transaction. The actor and the object are kept as ids and text without database constraints: deleting a user or a
page must neither cascade into the log nor rewrite it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AppendOnlyError(Exception):
    """Someone tried to change or delete an audit row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def _raw_delete(self, using):
        raise AppendOnlyError("审计日志只能追加，不能删除。")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除。")


class AuditRecord(AppendOnlyModel):
    class Outcome(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"
        REFUSED = "refused", "拒绝"

    sequence = models.PositiveBigIntegerField("序号", unique=True)
    time = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField("操作人账号", max_length=150, blank=True, db_index=True)
    actor_name = models.CharField("操作人姓名", max_length=255, blank=True)
    address = models.CharField("来源地址", max_length=64, blank=True)
    action = models.CharField("事件", max_length=64, db_index=True)
    label = models.CharField("事件名称", max_length=64, blank=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name="对象类型",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=255, blank=True)
    outcome = models.CharField("结果", max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    detail = models.JSONField("详情", default=dict, blank=True)
    prev_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-sequence"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.sequence} {self.label or self.action}"


class AuditAnchor(AppendOnlyModel):
    """Where the chain starts after retention pruned its beginning: the last pruned entry's sequence and hash."""

    sequence = models.PositiveBigIntegerField("截至序号", unique=True)
    hash = models.CharField("该条哈希", max_length=64)
    time = models.DateTimeField("该条时间")
    pruned_at = models.DateTimeField("清理时间")
    count = models.PositiveIntegerField("清理条数")

    class Meta:
        verbose_name = "审计日志清理锚点"
        verbose_name_plural = "审计日志清理锚点"
        ordering = ["-sequence"]
        default_permissions = ("view",)
