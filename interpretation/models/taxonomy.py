"""Who drafts, what it is about, and the catalogue numbers: the office's controlled vocabularies."""

from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from bodies.models import DisclosingBody


class Topic(models.Model):
    """主题分类: an editable controlled vocabulary of subjects."""

    name = models.CharField(_("名称"), max_length=60, unique=True)
    code = models.SlugField(_("代码"), max_length=40, unique=True, allow_unicode=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class DraftingDepartment(models.Model):
    """起草部门: drafts a policy and so interprets it (谁起草、谁解读); one of a body's offices."""

    disclosing_body = models.ForeignKey(
        DisclosingBody, verbose_name=_("公开主体"), on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("部门名称"), max_length=80)
    code = models.SlugField(_("代码"), max_length=40, help_text=_("本部门栏目的网址,如 dangzheng"))
    first_interpreter = models.CharField(
        _("第一解读人"), max_length=40, blank=True, help_text=_("部门主要负责人,带头解读政策")
    )
    contact = models.CharField(_("联系方式"), max_length=80, blank=True)
    editors = models.ForeignKey(
        Group,
        verbose_name=_("编辑用户组"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("可在本部门栏目中起草政策文件和解读材料"),
    )
    leaders = models.ForeignKey(
        Group,
        verbose_name=_("审签用户组"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("部门负责人:对政策文件、解读方案和解读材料同步审签"),
    )

    class Meta:
        verbose_name = _("起草部门")
        verbose_name_plural = _("起草部门")
        ordering = ["disclosing_body__sort_order", "disclosing_body_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["disclosing_body", "name"], name="unique_department_name_per_body"),
            models.UniqueConstraint(fields=["disclosing_body", "code"], name="unique_department_code_per_body"),
        ]

    def __str__(self):
        return self.name


class IndexNumberSequence(models.Model):
    """The running number behind 索引号 {organ code}/{YYYY}-{NNNNN}, one counter per organ and year."""

    organ_code = models.CharField(max_length=40)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organ_code", "year"], name="unique_index_sequence")]

    def __str__(self):
        return f"{self.organ_code}/{self.year}: {self.last_number}"

    @classmethod
    def next_index_number(cls, organ_code: str, year: int) -> str:
        with transaction.atomic():
            sequence, _ = cls.objects.select_for_update().get_or_create(organ_code=organ_code, year=year)
            cls.objects.filter(pk=sequence.pk).update(last_number=models.F("last_number") + 1)
            sequence.refresh_from_db()
        return f"{organ_code}/{year}-{sequence.last_number:05d}"
