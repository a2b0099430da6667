"""The signed and released bundle: which revisions of the policy and its materials went together."""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.foundation.acting import display_name


class BundleSignature(models.Model):
    """同步审签: the department leader's approval of a policy revision with its materials' revisions."""

    policy = models.ForeignKey(
        "interpretation.PolicyDocumentPage",
        on_delete=models.CASCADE,
        related_name="signatures",
        verbose_name=_("政策文件"),
    )
    policy_revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="+", verbose_name=_("政策文件版本")
    )
    material_revisions = models.JSONField(_("解读材料版本"), default=dict, help_text=_("页面 ID → 版本 ID"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("审签人"),
    )
    signed_at = models.DateTimeField(_("审签时间"), default=timezone.now)
    comment = models.TextField(_("审签意见"), blank=True)

    class Meta:
        verbose_name = _("同步审签记录")
        verbose_name_plural = _("同步审签记录")
        ordering = ["-signed_at"]

    def __str__(self):
        return f"{self.policy_id}@{self.policy_revision_id}"


class BundleRelease(models.Model):
    """政策包发布: one row per release event, written in the publishing transaction.

    The distribution ledger consumes these; a row exists if and only if the release committed.
    """

    class Kind(models.TextChoices):
        RELEASE = "release", _("同步发布")
        FOLLOW_UP = "follow_up", _("追加解读")
        UPDATE = "update", _("更新")
        OVERRIDE = "override", _("无解读先行发布")

    policy = models.ForeignKey(
        "interpretation.PolicyDocumentPage",
        on_delete=models.CASCADE,
        related_name="releases",
        verbose_name=_("政策文件"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    policy_revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.PROTECT, related_name="+", verbose_name=_("政策文件版本")
    )
    material_revisions = models.JSONField(_("解读材料版本"), default=dict)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("发布人"),
    )
    released_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    # A follow-up (追加解读, a material released after its policy) is its own item, linked to the policy.
    follow_up = models.ForeignKey(
        "interpretation.MaterialPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("追加的解读材料"),
    )
    # The releaser's choice for WeChat: a follow-up becomes a new article only when chosen (never by default).
    wechat_article = models.BooleanField(
        _("发布微信公众号文章"),
        default=False,
        help_text=_("追加解读默认不发新文章;选择后以追加解读自己的标题发布一篇新文章"),
    )

    class Meta:
        verbose_name = _("政策包发布")
        verbose_name_plural = _("政策包发布")
        ordering = ["-released_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.policy_id} {self.released_at:%Y-%m-%d %H:%M}"

    @property
    def is_follow_up(self) -> bool:
        """Released by itself after its policy: an update of the policy and an item of its own."""
        return self.follow_up_id is not None

    @admin.display(description=_("发布人"))
    def released_by_name(self) -> str:
        """People's names in the record, not their login names."""
        return display_name(self.released_by) or str(_("系统"))


class DisclosureApproval(models.Model):
    """政务公开办审核: the openness office agreed to this revision's non-proactive disclosure attribute.

    The release guard asks for one of these before a 依申请公开 or 不予公开 document goes live.
    """

    policy = models.ForeignKey(
        "interpretation.PolicyDocumentPage",
        on_delete=models.CASCADE,
        related_name="disclosure_approvals",
        verbose_name=_("政策文件"),
    )
    policy_revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="+", verbose_name=_("政策文件版本")
    )
    disclosure_attribute = models.CharField(_("公开属性"), max_length=20)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("审核人"),
    )
    approved_at = models.DateTimeField(_("审核时间"), default=timezone.now)
    comment = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("公开属性审核记录")
        verbose_name_plural = _("公开属性审核记录")
        ordering = ["-approved_at"]

    def __str__(self):
        return f"{self.policy_id}@{self.policy_revision_id}"
