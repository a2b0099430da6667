"""The policy documents themselves (the library's tree of sections is in library.py)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from bodies.models import DisclosingBody
from interpretation.choices import (
    ALWAYS_INTERPRETED,
    RELEASE_WITHOUT_INTERPRETATION,
    SUPERSEDED_VALIDITY,
    DisclosureAttribute,
    DocumentType,
    OpennessArea,
    Validity,
)
from interpretation.forms import PolicyDocumentForm
from interpretation.models.guarded import GuardedReleaseMixin
from interpretation.models.page_rights import BodyScopedPagePermissions
from interpretation.models.plan import InterpretationPlanFields
from interpretation.models.taxonomy import DraftingDepartment, IndexNumberSequence, Topic
from interpretation.panels import SupersessionPanel, ThreeSyncPanel
from interpretation.public.search import SegmentedSearchMixin
from interpretation.slugs import ShortSlugMixin, from_document_number
from interpretation.supersession import NOTICE, is_linkable, replaced, successor


class PolicyDocumentPage(
    ShortSlugMixin,
    BodyScopedPagePermissions,
    GuardedReleaseMixin,
    SegmentedSearchMixin,
    InterpretationPlanFields,
    Page,
):
    """政策文件: published only together with its interpretation plan and materials (三同步)."""

    document_number = models.CharField(_("文号"), max_length=80, blank=True, help_text=_("例如 和历政〔2018〕12号"))
    index_number = models.CharField(_("索引号"), max_length=80, blank=True, editable=False, db_index=True)
    issuing_organ = models.CharField(_("发文机关"), max_length=100, blank=True, help_text=_("留空则为本公开主体名称"))
    disclosing_body = models.ForeignKey(
        DisclosingBody,
        verbose_name=_("公开主体"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="policies",
    )
    drafting_department = models.ForeignKey(
        DraftingDepartment,
        verbose_name=_("起草部门"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="policies",
    )
    date_written = models.DateField(_("成文日期"), null=True, blank=True)
    date_published = models.DateField(
        _("发布日期"), null=True, blank=True, db_index=True, help_text=_("留空则为首次发布之日")
    )
    effective_date = models.DateField(_("施行日期"), null=True, blank=True)
    topic = models.ForeignKey(
        Topic, verbose_name=_("主题分类"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    openness_area = models.CharField(_("五公开类别"), max_length=20, choices=OpennessArea.choices, blank=True)
    document_type = models.CharField(
        _("文件类型"), max_length=24, choices=DocumentType.choices, default=DocumentType.NORMATIVE
    )
    validity = models.CharField(_("有效性"), max_length=20, choices=Validity.choices, default=Validity.VALID)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("修改或废止本文件的新文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        help_text=_(
            "有效性为已修改、已废止或已失效时选择新文件(须已发布且主动公开):有效性为“已修改”即新文件修改本文件,"
            "“已废止”即新文件废止本文件。本文件页面显示“以新文件为准”,新文件页面显示“本文件修改/废止《本文件》”。"
        ),
    )
    summary = models.TextField(_("内容摘要"), blank=True)
    body = RichTextField(_("正文"), blank=True)

    disclosure_attribute = models.CharField(
        _("公开属性"), max_length=20, choices=DisclosureAttribute.choices, blank=True
    )
    withholding_reason = models.TextField(
        _("不公开理由"), blank=True, help_text=_("依申请公开或不予公开时必须依法说明理由")
    )
    attribute_change_reason = models.TextField(
        _("公开属性变更理由"), blank=True, help_text=_("发布后变更公开属性时必须填写,记入审计日志")
    )
    released_disclosure_attribute = models.CharField(max_length=20, blank=True, editable=False)

    override_reason = models.TextField(
        _("无解读发布理由"),
        blank=True,
        help_text=_("仅限有权限的用户:不附解读材料先行发布时填写理由,解读须在3个工作日内补齐。"),
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    override_at = models.DateTimeField(null=True, blank=True, editable=False)
    interpretation_due_at = models.DateTimeField(_("解读截止时间"), null=True, blank=True, editable=False)
    interpretation_due_provisional = models.BooleanField(default=False, editable=False)

    search_fields = [
        *Page.search_fields,
        index.SearchField("document_number"),
        index.SearchField("issuing_organ"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("topic", [index.SearchField("name")]),
        index.FilterField("document_type"),
        index.FilterField("validity"),
        index.FilterField("disclosure_attribute"),
        index.FilterField("disclosing_body"),
    ]

    #: Values that belong to the page's history, not to a revision: never restored from a draft.
    PRESERVED_FIELDS = (
        "index_number",
        "drafting_department_id",
        "disclosing_body_id",
        "released_disclosure_attribute",
        "override_by_id",
        "override_at",
        "interpretation_due_at",
        "interpretation_due_provisional",
    )
    exclude_fields_in_copy = [
        "index_number",
        "drafting_department",
        "disclosing_body",
        "released_disclosure_attribute",
        "override_by",
        "override_at",
        "interpretation_due_at",
        "interpretation_due_provisional",
    ]

    content_panels = [
        *Page.content_panels,
        ThreeSyncPanel(),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("issuing_organ")]),
                FieldRowPanel([FieldPanel("document_type"), FieldPanel("openness_area"), FieldPanel("topic")]),
                FieldRowPanel([FieldPanel("date_written"), FieldPanel("date_published"), FieldPanel("effective_date")]),
                FieldRowPanel([FieldPanel("validity"), FieldPanel("superseded_by")]),
                SupersessionPanel(),
            ],
            heading=_("文件信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("附件"), label=_("附件")),
    ]
    disclosure_panels = [
        MultiFieldPanel(
            [
                FieldPanel("disclosure_attribute"),
                FieldPanel("withholding_reason"),
                FieldPanel("attribute_change_reason"),
            ],
            heading=_("公开属性"),
        ),
    ]
    interpretation_panels = [
        InterpretationPlanFields.plan_panel,
        FieldPanel("override_reason", permission=RELEASE_WITHOUT_INTERPRETATION),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("文件")),
            ObjectList(interpretation_panels, heading=_("解读方案")),
            ObjectList(disclosure_panels, heading=_("公开属性")),
            ObjectList(Page.promote_panels, heading=_("推广")),
            ObjectList(Page.settings_panels, heading=_("设置")),
        ]
    )

    base_form_class = PolicyDocumentForm
    parent_page_types = ["interpretation.DepartmentSectionPage"]
    subpage_types = [
        "interpretation.TextMaterialPage",
        "interpretation.GraphicMaterialPage",
        "interpretation.AudioMaterialPage",
        "interpretation.VideoMaterialPage",
        "interpretation.QAMaterialPage",
    ]

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        permissions = [
            ("release_without_interpretation", _("可在说明理由后不附解读先行发布")),
            ("release_to_channels", _("可向渠道分发")),
        ]
        indexes = [
            # The few policies that are not 主动公开, which the admin's visibility rule excludes on every listing.
            models.Index(
                fields=["page_ptr"],
                condition=~models.Q(disclosure_attribute="proactive"),
                name="policy_not_proactive",
            ),
            # The library's facet counts (interpretation.public.facets.combinations) read from this index alone
            # on PostgreSQL, not from the wide policy rows (other databases build no covering index).
            models.Index(
                fields=["disclosing_body", "date_published", "issuing_organ", "topic", "document_type", "validity"],
                include=["page_ptr"],
                condition=models.Q(disclosure_attribute="proactive"),
                name="policy_facets",
            ),
        ]

    # -- the rule's vocabulary -------------------------------------------------------------------------

    @property
    def requires_interpretation(self) -> bool:
        return self.document_type in ALWAYS_INTERPRETED or self.interpretation_required

    @property
    def is_public(self) -> bool:
        return self.disclosure_attribute == DisclosureAttribute.PROACTIVE

    @property
    def shows_supersession_banner(self) -> bool:
        return self.validity in SUPERSEDED_VALIDITY

    @property
    def supersession_notice(self) -> str:
        """本文件已废止 / 已被修改 / 已失效: the banner's words when no public newer policy can be linked."""
        return NOTICE.get(self.validity, "")

    def successor_link(self):
        """The public policy that amends or repeals this one (see interpretation.supersession)."""
        return successor(self)

    def replaced_links(self):
        """The public policies this one amends or repeals."""
        return replaced(self)

    @cached_property
    def materials(self):
        """Every interpretation material under this policy, newest last, drafts included."""
        from interpretation.models.materials import MaterialPage  # lazy: materials import this module

        return MaterialPage.objects.child_of(self).specific().order_by("path")

    def live_materials(self):
        from interpretation.models.materials import MaterialPage  # lazy: materials import this module

        return MaterialPage.objects.child_of(self).live().specific().order_by("path")

    # -- persistence --------------------------------------------------------------------------------

    def clean(self):
        super().clean()
        if self.disclosure_attribute and self.disclosure_attribute != DisclosureAttribute.PROACTIVE:
            if not self.withholding_reason.strip():
                raise ValidationError({"withholding_reason": _("依申请公开或不予公开的文件必须说明理由。")})
        self._clean_supersession()

    def _clean_supersession(self):
        """A link to a newer policy says how it changed this one (the validity) and leads to a public page."""
        if not self.superseded_by_id:
            return
        if self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("文件不能被自己替代。")})
        if self.validity not in SUPERSEDED_VALIDITY:
            raise ValidationError({"validity": _("选择了新文件时,有效性须为已修改、已废止或已失效。")})
        newer = self.superseded_by
        if not is_linkable(newer):
            raise ValidationError({"superseded_by": _("新文件须已发布且主动公开。")})
        if self.pk and newer.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("新文件不能反过来被本文件修改或废止。")})

    def save(self, *args, **kwargs):
        if self.drafting_department_id is None and self.path:
            parent = self.get_parent()
            self.drafting_department_id = getattr(parent.specific, "department_id", None) if parent else None
        if self.disclosing_body_id is None and self.drafting_department_id is not None:
            self.disclosing_body_id = DraftingDepartment.objects.values_list("disclosing_body_id", flat=True).get(
                pk=self.drafting_department_id
            )
        if self.disclosing_body_id is not None and (not self.index_number or not self.issuing_organ):
            body = DisclosingBody.objects.get(pk=self.disclosing_body_id)
            self.issuing_organ = self.issuing_organ or body.name
            if not self.index_number:
                year = (self.date_written or timezone.localdate()).year
                self.index_number = IndexNumberSequence.next_index_number(body.index_prefix, year)
        from interpretation import three_sync  # lazy: the rule imports these models

        save = super().save
        return self._guarded_save(save, three_sync.save_policy_going_live, *args, **kwargs)

    def short_slug_base(self) -> str | None:
        """历政办〔2018〕12号 → 2018-12: the address readers and other portals already cite."""
        return from_document_number(self.document_number)

    def slug_date(self):
        return self.date_published or self.date_written

    def with_content_json(self, content):
        """Restoring a revision never changes the catalogue number or the release history."""
        obj = super().with_content_json(content)
        for field in self.PRESERVED_FIELDS:
            setattr(obj, field, getattr(self, field))
        return obj

    def get_admin_display_title(self):
        return f"{self.draft_title}({self.document_number})" if self.document_number else self.draft_title

    # -- public reading -----------------------------------------------------------------------------

    def serve(self, request, *args, **kwargs):
        if not self.is_public:
            raise Http404  # the same 404 as any missing page: nothing says the document exists
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_public else []


class PolicyAttachment(Orderable):
    """附件: a Wagtail document attached to a policy, revised with it."""

    page = ParentalKey(PolicyDocumentPage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("文件"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("显示名称"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")

    @property
    def display_title(self):
        return self.title or self.document.title


def public_policies():
    """Live, proactively disclosed policies: the only ones any public page may show."""
    return PolicyDocumentPage.objects.live().public().filter(disclosure_attribute=DisclosureAttribute.PROACTIVE)
