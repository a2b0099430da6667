"""Who gets a republication draft: bodies following a source watched once at the county, and towns
republishing their county's own policies (内部转载)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from interpretation.choices import DocumentType

from .sources import Source


def _department_of(body_id, department) -> None:
    if department is not None and body_id is not None and department.disclosing_body_id != body_id:
        raise ValidationError({"department": _("负责部门必须属于该公开主体。")})


class SourceFollower(Orderable):
    """关注: a body below the watching one gets its own draft of every new item, in its own department.

    The source is fetched once, by its owner; a follower never causes a second fetch.
    """

    source = ParentalKey(Source, related_name="followers", on_delete=models.CASCADE)
    disclosing_body = models.ForeignKey(
        "bodies.DisclosingBody",
        verbose_name=_("关注的公开主体"),
        on_delete=models.CASCADE,
        related_name="followed_sources",
    )
    department = models.ForeignKey(
        "interpretation.DraftingDepartment",
        verbose_name=_("接收部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("留空则交给该主体的第一个部门"),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("关注主体")
        verbose_name_plural = _("关注主体")
        constraints = [
            models.UniqueConstraint(fields=["source", "disclosing_body"], name="watcher_one_follow_per_body")
        ]

    def __str__(self):
        return f"{self.disclosing_body} ← {self.source}"

    def clean(self):
        super().clean()
        _department_of(self.disclosing_body_id, self.department)
        if self.source_id and self.disclosing_body_id == self.source.disclosing_body_id:
            raise ValidationError({"disclosing_body": _("监测本信息源的主体无需再关注它。")})


class InternalRepublicationRule(models.Model):
    """内部转载规则: this body republishes every proactive policy another body (its county) releases."""

    disclosing_body = models.ForeignKey(
        "bodies.DisclosingBody",
        verbose_name=_("转载的公开主体"),
        on_delete=models.CASCADE,
        related_name="internal_republication_rules",
        help_text=_("如:历阳镇人民政府"),
    )
    from_body = models.ForeignKey(
        "bodies.DisclosingBody",
        verbose_name=_("转载来源主体"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("其主动公开的政策发布后,自动为本主体生成转载草稿,如:和县人民政府"),
    )
    department = models.ForeignKey(
        "interpretation.DraftingDepartment",
        verbose_name=_("接收部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("留空则交给本主体的第一个部门"),
    )
    document_type = models.CharField(
        _("只转载此类文件"), max_length=24, choices=DocumentType.choices, blank=True, help_text=_("留空则不限")
    )
    topic = models.ForeignKey(
        "interpretation.Topic",
        verbose_name=_("只转载此主题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("留空则不限"),
    )
    enabled = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("内部转载规则")
        verbose_name_plural = _("内部转载规则")
        ordering = ["disclosing_body__sort_order", "disclosing_body_id", "pk"]

    def __str__(self):
        return f"{self.disclosing_body} 转载 {self.from_body}"

    def clean(self):
        super().clean()
        _department_of(self.disclosing_body_id, self.department)
        if self.disclosing_body_id and self.from_body_id:
            if self.from_body_id == self.disclosing_body_id:
                raise ValidationError({"from_body": _("不能转载本主体自己的政策。")})
            if self.from_body_id not in {b.pk for b in self.disclosing_body.ancestors()}:
                raise ValidationError({"from_body": _("只能转载上级主体的政策。")})

    def applies_to(self, policy) -> bool:
        return (
            self.enabled
            and policy.disclosing_body_id == self.from_body_id
            and (not self.document_type or policy.document_type == self.document_type)
            and (self.topic_id is None or policy.topic_id == self.topic_id)
        )
