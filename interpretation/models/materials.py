"""解读材料: one page type per form, all children of the policy they interpret."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from interpretation.choices import InterpreterKind, MaterialForm
from interpretation.forms import MaterialForm as MaterialPageForm
from interpretation.models.guarded import GuardedReleaseMixin
from interpretation.models.page_rights import BodyScopedPagePermissions
from interpretation.public.search import SegmentedSearchMixin
from interpretation.slugs import ShortSlugMixin


class MaterialPage(ShortSlugMixin, BodyScopedPagePermissions, GuardedReleaseMixin, SegmentedSearchMixin, Page):
    """What every material shares; never created itself, only through a form-specific page type."""

    form = models.CharField(_("解读形式"), max_length=20, choices=MaterialForm.choices, editable=False)
    interpreter_kind = models.CharField(
        _("解读主体"), max_length=20, choices=InterpreterKind.choices, default=InterpreterKind.BY_DEPARTMENT
    )
    interpreter_name = models.CharField(
        _("解读人"), max_length=80, blank=True, help_text=_("部门负责人、专家姓名或媒体名称")
    )
    summary = models.TextField(_("摘要"), blank=True)
    is_follow_up = models.BooleanField(_("追加解读"), default=False, editable=False)

    search_fields = [*Page.search_fields, index.SearchField("summary"), index.FilterField("form")]
    common_panels = [
        FieldRowPanel([FieldPanel("interpreter_kind"), FieldPanel("interpreter_name")]),
        FieldPanel("summary"),
    ]
    base_form_class = MaterialPageForm
    parent_page_types = ["interpretation.PolicyDocumentPage"]
    subpage_types = []
    is_creatable = False
    FORM: MaterialForm | None = None
    SLUG_PREFIX = "jd"  # 解读: jd-1234

    class Meta:
        verbose_name = _("解读材料")
        verbose_name_plural = _("解读材料")

    def save(self, *args, **kwargs):
        if self.FORM and not self.form:
            self.form = self.FORM
        if not self.pk and self.path:
            policy = self.get_parent()
            # Added after the policy went live: a follow-up interpretation (分段、多次解读).
            self.is_follow_up = bool(policy and policy.first_published_at)
        from interpretation import three_sync  # lazy: the rule imports these models

        return self._guarded_save(super().save, three_sync.save_material_going_live, *args, **kwargs)

    @property
    def policy(self):
        return self.get_parent().specific

    def serve(self, request, *args, **kwargs):
        from django.http import Http404

        if not self.policy.is_public:
            raise Http404  # the same 404 as any missing page: nothing says the document exists
        return super().serve(request, *args, **kwargs)


class TextMaterialPage(MaterialPage):
    """文字解读."""

    body = RichTextField(_("解读正文"))
    FORM = MaterialForm.TEXT

    search_fields = [*MaterialPage.search_fields, index.SearchField("body")]
    content_panels = [*Page.content_panels, *MaterialPage.common_panels, FieldPanel("body")]
    parent_page_types = ["interpretation.PolicyDocumentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("文字解读")
        verbose_name_plural = _("文字解读")


class GraphicMaterialPage(MaterialPage):
    """图解: images with alt text, plus key points and figures that also form the text equivalent."""

    subtitle = models.CharField(_("副标题"), max_length=120, blank=True)
    steps = models.TextField(_("办理步骤"), blank=True, help_text=_("每行一步"))
    FORM = MaterialForm.GRAPHIC

    search_fields = [
        *MaterialPage.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("steps"),
        index.RelatedFields(
            "key_points", [index.SearchField("title"), index.SearchField("text"), index.SearchField("figure")]
        ),
        index.RelatedFields("images", [index.SearchField("alt_text")]),
    ]
    content_panels = [
        *Page.content_panels,
        *MaterialPage.common_panels,
        FieldPanel("subtitle"),
        InlinePanel("key_points", heading=_("要点与数据"), label=_("要点"), min_num=1),
        FieldPanel("steps"),
        InlinePanel("images", heading=_("图片"), label=_("图片")),
    ]
    parent_page_types = ["interpretation.PolicyDocumentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("图解")
        verbose_name_plural = _("图解")

    @property
    def step_list(self):
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class GraphicKeyPoint(Orderable):
    page = ParentalKey(GraphicMaterialPage, related_name="key_points", on_delete=models.CASCADE)
    title = models.CharField(_("要点"), max_length=60)
    text = models.TextField(_("说明"), blank=True)
    figure = models.CharField(_("数据"), max_length=40, blank=True, help_text=_("例如 17项、5月底前"))

    panels = [FieldRowPanel([FieldPanel("title"), FieldPanel("figure")]), FieldPanel("text")]


class GraphicImage(Orderable):
    page = ParentalKey(GraphicMaterialPage, related_name="images", on_delete=models.CASCADE)
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("图片"), on_delete=models.PROTECT, related_name="+")
    alt_text = models.CharField(_("替代文本"), max_length=250, help_text=_("为读屏软件描述图片内容"))

    panels = [FieldPanel("image"), FieldPanel("alt_text")]


class MediaMaterialFields(models.Model):
    """Audio and video share a file or address, a duration and a transcript."""

    media_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("媒体文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    media_url = models.URLField(_("媒体地址"), blank=True)
    duration = models.CharField(_("时长"), max_length=20, blank=True)
    transcript = RichTextField(_("文字实录"), blank=True)

    media_panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("media_file"), FieldPanel("media_url")]), FieldPanel("duration")],
            heading=_("媒体"),
        ),
        FieldPanel("transcript"),
    ]

    class Meta:
        abstract = True


class AudioMaterialPage(MediaMaterialFields, MaterialPage):
    """音频解读."""

    template = "interpretation/media_material.html"
    FORM = MaterialForm.AUDIO
    search_fields = [*MaterialPage.search_fields, index.SearchField("transcript")]
    content_panels = [*Page.content_panels, *MaterialPage.common_panels, *MediaMaterialFields.media_panels]
    parent_page_types = ["interpretation.PolicyDocumentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("音频解读")
        verbose_name_plural = _("音频解读")


class VideoMaterialPage(MediaMaterialFields, MaterialPage):
    """视频 or 动漫 解读."""

    is_animation = models.BooleanField(_("动漫"), default=False)
    template = "interpretation/media_material.html"
    FORM = MaterialForm.VIDEO
    search_fields = [*MaterialPage.search_fields, index.SearchField("transcript")]
    content_panels = [
        *Page.content_panels,
        *MaterialPage.common_panels,
        FieldPanel("is_animation"),
        *MediaMaterialFields.media_panels,
    ]
    parent_page_types = ["interpretation.PolicyDocumentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("视频解读")
        verbose_name_plural = _("视频解读")

    def save(self, *args, **kwargs):
        self.form = MaterialForm.ANIMATION if self.is_animation else MaterialForm.VIDEO
        return super().save(*args, **kwargs)


class QAMaterialPage(MaterialPage):
    """问答解读: question and answer pairs, each with an anchor on the public page."""

    FORM = MaterialForm.QA
    search_fields = [
        *MaterialPage.search_fields,
        index.RelatedFields("qa_pairs", [index.SearchField("question"), index.SearchField("answer")]),
    ]
    content_panels = [
        *Page.content_panels,
        *MaterialPage.common_panels,
        InlinePanel("qa_pairs", heading=_("问答"), label=_("问答"), min_num=1),
    ]
    parent_page_types = ["interpretation.PolicyDocumentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("问答解读")
        verbose_name_plural = _("问答解读")


class QAPair(Orderable):
    page = ParentalKey(QAMaterialPage, related_name="qa_pairs", on_delete=models.CASCADE)
    question = models.CharField(_("问题"), max_length=200)
    answer = RichTextField(_("回答"))

    panels = [FieldPanel("question"), FieldPanel("answer")]


MATERIAL_PAGE_TYPES = (
    TextMaterialPage,
    GraphicMaterialPage,
    AudioMaterialPage,
    VideoMaterialPage,
    QAMaterialPage,
)
