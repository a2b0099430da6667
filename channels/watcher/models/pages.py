"""The republication (转载) page type and its index, "上级政策转载", under the home page."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from bodies import scope
from channels.panels import DeliveryPanel
from channels.sources.rich_text import DRAFT_FEATURES
from channels.watcher.panels import RepublicationStatusPanel
from interpretation.models.page_rights import BodyScopedPagePermissions
from interpretation.working_days.calendar import at_risk, overdue

from .sources import SourceLevel


class RepublicationIndexPage(Page):
    """上级政策转载: the public list of republished higher-level policies."""

    intro = models.TextField(_("简介"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["watcher.RepublicationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("上级政策转载栏目")
        verbose_name_plural = _("上级政策转载栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = RepublicationPage.objects.live().public().child_of(self).order_by("-first_published_at")[:50]
        return context


class RepublicationPage(BodyScopedPagePermissions, Page):
    """转载: a higher-level policy republished with its attribution, due within the source's deadline."""

    source = models.ForeignKey(
        "watcher.Source",
        verbose_name=_("信息源"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="republications",
    )
    disclosing_body = models.ForeignKey(
        "bodies.DisclosingBody",
        verbose_name=_("公开主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="republications",
    )
    source_level = models.CharField(_("层级"), max_length=20, choices=SourceLevel.choices, blank=True)
    source_organ = models.CharField(_("来源机关"), max_length=100)
    original_url = models.URLField(_("原文链接"), max_length=500)
    original_date = models.DateTimeField(_("原文发布时间"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=80, blank=True)
    summary = models.TextField(_("内容摘要"), blank=True)
    # Wagtail's default features and upstream images: only these drafts keep an image hotlinked from upstream.
    body = RichTextField(_("正文"), blank=True, features=DRAFT_FEATURES)
    department = models.ForeignKey(
        "interpretation.DraftingDepartment",
        verbose_name=_("负责部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(
        "interpretation.Topic",
        verbose_name=_("主题分类"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Where the draft came from: an upstream item (one draft per body) or a policy of a body above (内部转载).
    upstream_record = models.ForeignKey(
        "watcher.UpstreamRecord",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="pages",
    )
    original_policy = models.ForeignKey(
        "interpretation.PolicyDocumentPage",
        verbose_name=_("原政策文件"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="internal_republications",
    )

    # Kept by the watcher on the page row, never restored from a revision (see with_content_json).
    found_at = models.DateTimeField(_("发现时间"), default=timezone.now, editable=False)
    deadline_at = models.DateTimeField(_("转载截止时间"), null=True, blank=True, editable=False, db_index=True)
    deadline_provisional = models.BooleanField(_("截止时间为暂定"), default=False, editable=False)
    deadline_warning = models.CharField(max_length=200, blank=True, editable=False)
    # 补转: found by a source's first poll (or brought back from its skipped items) already past its deadline.
    backfill = models.BooleanField(_("补转"), default=False, editable=False)
    upstream_changed_at = models.DateTimeField(_("上游变更时间"), null=True, blank=True, editable=False)
    upstream_change_note = models.TextField(_("上游变更说明"), blank=True, editable=False)
    watcher_note = models.TextField(_("系统提示"), blank=True, editable=False)

    PRESERVED_FIELDS = (
        "source_id",
        "upstream_record_id",
        "original_policy_id",
        "found_at",
        "deadline_at",
        "deadline_provisional",
        "deadline_warning",
        "backfill",
        "upstream_changed_at",
        "upstream_change_note",
        "watcher_note",
    )
    exclude_fields_in_copy = [
        "upstream_changed_at",
        "upstream_change_note",
        "watcher_note",
        "upstream_record",
        "original_policy",
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("document_number"),
        index.SearchField("source_organ"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("live"),
    ]

    content_panels = [
        *Page.content_panels,
        RepublicationStatusPanel(),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("source_organ"), FieldPanel("source_level"), FieldPanel("document_number")]),
                FieldRowPanel([FieldPanel("original_url"), FieldPanel("original_date")]),
                FieldRowPanel([FieldPanel("department"), FieldPanel("topic")]),
            ],
            heading=_("转载信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("附件(链接原网站)"), label=_("附件")),
        InlinePanel("interpretations", heading=_("解读材料(随本文一并转载)"), label=_("解读")),
        DeliveryPanel(),
    ]

    parent_page_types = ["watcher.RepublicationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("转载")
        verbose_name_plural = _("转载")
        constraints = [
            models.UniqueConstraint(
                fields=["disclosing_body", "upstream_record"],
                condition=models.Q(upstream_record__isnull=False),
                name="watcher_one_republication_per_body_and_item",
            ),
            models.UniqueConstraint(
                fields=["disclosing_body", "original_policy"],
                condition=models.Q(original_policy__isnull=False),
                name="watcher_one_internal_republication_per_body",
            ),
        ]

    def save(self, *args, **kwargs):
        """A republication belongs to the body of its department, else to the body watching its source."""
        if self.disclosing_body_id is None:
            if self.department_id is not None:
                self.disclosing_body_id = self.department.disclosing_body_id
            elif self.source_id is not None:
                self.disclosing_body_id = self.source.disclosing_body_id
            else:
                self.disclosing_body = scope.acting_body()
        return super().save(*args, **kwargs)

    @property
    def attribution(self) -> str:
        """The attribution line (来源:国务院 原文链接), as plain text."""
        return f"来源:{self.source_organ} 原文链接:{self.original_url}"

    @property
    def found_late(self) -> bool:
        """The deadline had passed when the watcher found the item: late through no editor's fault."""
        return bool(self.deadline_at and self.found_at and self.deadline_at <= self.found_at)

    def urgency(self, now=None) -> str:
        """ "overdue", "at_risk", "pending", "done" (published), or for items found past their deadline
        "backfill" (补转) and "found_late" (发现时已超期), for listings and the dashboard."""
        if self.live or self.first_published_at or self.deadline_at is None:
            return "done"
        if self.found_late:
            return "backfill" if self.backfill else "found_late"
        if overdue(self.deadline_at, now=now):
            return "overdue"
        return "at_risk" if at_risk(self.deadline_at, now=now) else "pending"

    def with_content_json(self, content):
        """Publishing an older revision never resets the deadline or the watcher's flags."""
        obj = super().with_content_json(content)
        for field in self.PRESERVED_FIELDS:
            setattr(obj, field, getattr(self, field))
        return obj

    def get_admin_display_title(self):
        title = self.draft_title
        return f"{title}({self.document_number})" if self.document_number else title


class RepublicationAttachment(Orderable):
    """附件: a link to the attachment on the upstream site (not copied)."""

    page = ParentalKey(RepublicationPage, related_name="attachments", on_delete=models.CASCADE)
    title = models.CharField(_("名称"), max_length=200)
    url = models.URLField(_("链接"), max_length=500)

    panels = [FieldPanel("title"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")

    def __str__(self):
        return self.title


class RepublicationInterpretation(Orderable):
    """解读: an upstream interpretation (解读、图解) of the republished document, republished with it."""

    page = ParentalKey(RepublicationPage, related_name="interpretations", on_delete=models.CASCADE)
    title = models.CharField(_("标题"), max_length=255)
    url = models.URLField(_("链接"), max_length=500)
    source_organ = models.CharField(_("来源机关"), max_length=100, blank=True)

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("source_organ")]

    class Meta(Orderable.Meta):
        verbose_name = _("解读材料")
        verbose_name_plural = _("解读材料")

    def __str__(self):
        return self.title
