"""公开主体 (disclosing bodies): the governments, departments and towns one platform publishes for.

A county platform hosts a tree of bodies: the county government, its departments, its towns (乡镇/街道). Each
publishes under its own name and 索引号 prefix (its 统一社会信用代码), has its own people, partners and WeChat
account, and its own disclosure column on the one portal. A body oversees the bodies below it: the county's 政务公开办
sees every town's work, a town sees only its own.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

#: GB 32100-2015: 18 characters from digits and capital letters without I, O, Z, S, V.
CREDIT_CODE = RegexValidator(
    r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$",
    _("统一社会信用代码应为18位,由数字和大写字母组成(不含 I、O、Z、S、V)。"),
)


class DisclosingBodyQuerySet(models.QuerySet["DisclosingBody"]):
    def roots(self) -> DisclosingBodyQuerySet:
        return self.filter(parent__isnull=True)


# django-stubs cannot resolve the reverse managers of page models (policies, events, republications) and
# clusterable models (sources) pointing here; the relations are ordinary foreign keys.
class DisclosingBody(models.Model):  # type: ignore[django-manager-missing]
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("人民政府")
        DEPARTMENT = "department", _("政府工作部门")
        TOWN = "town", _("乡镇(街道)")
        OTHER = "other", _("其他公开主体")

    name = models.CharField(_("名称"), max_length=100, unique=True, help_text=_("如:历阳镇人民政府"))
    short_name = models.CharField(_("简称"), max_length=40, help_text=_("如:历阳镇;用于栏目和筛选"))
    slug = models.SlugField(
        _("栏目地址"),
        max_length=40,
        unique=True,
        help_text=_("英文字母、数字或连字符,如 liyang;本主体栏目的网址为 /policies/liyang/"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.GOVERNMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("上级主体可查看和督办本主体的工作;县政府为最上级,不填。"),
    )
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        validators=[CREDIT_CODE],
        help_text=_("索引号的前缀;生成过索引号后不应再改。"),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("标志"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    guide = RichTextField(_("政府信息公开指南"), blank=True)
    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("独立站点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disclosing_body",
        help_text=_("本主体有自己的域名时选择;该站点只显示本主体的内容。"),
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("文件与图片库"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="disclosing_body",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    objects = DisclosingBodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开主体")
        verbose_name_plural = _("公开主体")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("上级主体不能是本主体或其下级。")})
            ancestor = ancestor.parent

    @property
    def index_prefix(self) -> str:
        """The prefix of every 索引号 this body gives out."""
        return self.credit_code

    def ancestors(self) -> list[DisclosingBody]:
        """Parent first, the root last."""
        found, body = [], self.parent
        while body is not None:
            found.append(body)
            body = body.parent
        return found

    def descendant_ids(self) -> set[int]:
        """This body and every body below it (one query: a platform has tens of bodies, not thousands)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in DisclosingBody.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, todo = set(), [self.pk]
        while todo:
            pk = todo.pop()
            if pk not in found:
                found.add(pk)
                todo.extend(children.get(pk, ()))
        return found

    @classmethod
    def platform(cls) -> DisclosingBody | None:
        """The top body: the platform's own government, whose identity the portal wears."""
        return cls.objects.roots().order_by("sort_order", "pk").first()

    @classmethod
    def for_site(cls, site) -> DisclosingBody | None:
        """The body a Wagtail site belongs to: its own, or the platform's for the main portal."""
        if site is not None:
            own = cls.objects.filter(site=site).first()
            if own is not None:
                return own
        return cls.platform()


class BodyMembership(models.Model):
    """The body a person works for: it bounds everything they see and touch in the admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="body_membership"
    )
    body = models.ForeignKey(
        DisclosingBody, verbose_name=_("公开主体"), on_delete=models.PROTECT, related_name="memberships"
    )

    class Meta:
        verbose_name = _("所属主体")
        verbose_name_plural = _("所属主体")

    def __str__(self):
        return f"{self.user} @ {self.body}"
