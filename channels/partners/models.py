"""Press partners (新闻媒体): who receives our policies, how, and which ones."""

from __future__ import annotations

import base64
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cms.foundation import vault
from interpretation.choices import DocumentType

TOKEN_PREFIX = "ppt_"
HINT_LENGTH = 4  # the token's last characters kept in clear so staff can tell tokens apart


def new_webhook_secret() -> str:
    """A Standard Webhooks secret: whsec_ + base64 of 32 random bytes (standardwebhooks decodes this form)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def new_pull_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class PressPartnerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def for_pull_token(self, token: str):
        """The partner a pull token belongs to (any state); None for a malformed or unknown token."""
        if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 80:
            return None
        return self.filter(pull_token_hash=vault.digest(token)).first()


class PressPartner(models.Model):
    """A newspaper, broadcaster or news site that republishes our policies and their interpretation."""

    #: Columns holding cms.foundation.vault ciphertext (manage.py rotate_secrets re-encrypts them).
    ENCRYPTED_FIELDS = ("webhook_secret_ciphertext",)

    disclosing_body = models.ForeignKey(
        "bodies.DisclosingBody",
        verbose_name=_("公开主体"),
        on_delete=models.PROTECT,
        related_name="press_partners",
        help_text=_("向本主体发布的内容分发到该媒体"),
    )
    name = models.CharField(_("媒体名称"), max_length=100)
    contact_person = models.CharField(_("联系人"), max_length=40, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True, help_text=_("选择“邮件发送”时,政策文件发往此地址"))

    webhook_enabled = models.BooleanField(_("接口推送"), default=False, help_text=_("向对方服务器推送签名的 JSON"))
    webhook_url = models.URLField(_("推送地址"), max_length=500, blank=True)
    # The signing secret is needed on every push, so it is kept encrypted (cms.foundation.vault), never in clear.
    webhook_secret_ciphertext = models.TextField(_("签名密钥(已加密)"), blank=True, editable=False)
    webhook_secret_set_at = models.DateTimeField(_("签名密钥生成时间"), null=True, blank=True, editable=False)
    email_enabled = models.BooleanField(_("邮件发送"), default=False, help_text=_("发送政策原文、解读和附件"))
    pull_enabled = models.BooleanField(
        _("主动获取"), default=False, help_text=_("对方凭令牌从接口或订阅源(Atom)获取,适合没有服务器的媒体")
    )
    # The pull token only needs checking: its SHA-256 is kept, and its last characters to tell tokens apart.
    pull_token_hash = models.CharField(_("获取令牌摘要"), max_length=64, unique=True, editable=False)
    pull_token_hint = models.CharField(_("获取令牌末四位"), max_length=HINT_LENGTH, blank=True, editable=False)
    pull_token_set_at = models.DateTimeField(_("获取令牌生成时间"), null=True, blank=True, editable=False)

    document_types = models.JSONField(
        _("文件类型"), default=list, blank=True, help_text=_("只接收这些类型的文件;不选则接收全部类型")
    )
    topics = models.ManyToManyField(
        "interpretation.Topic",
        verbose_name=_("主题分类"),
        blank=True,
        related_name="+",
        help_text=_("只接收这些主题的文件;不选则接收全部主题"),
    )

    active = models.BooleanField(_("启用"), default=True)
    disabled_reason = models.TextField(_("停用原因"), blank=True)
    disabled_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    last_pulled_at = models.DateTimeField(_("最近获取时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)

    objects = PressPartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("合作媒体")
        verbose_name_plural = _("合作媒体")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["disclosing_body", "name"], name="unique_partner_per_body")]

    def __str__(self):
        return self.name

    def __repr__(self):
        return f"<PressPartner {self.pk} {self.name}>"

    def save(self, *args, **kwargs):
        if self.active and (self.disabled_reason or self.disabled_at):  # ticked back on in the form
            self.disabled_reason, self.disabled_at = "", None
        if not self.webhook_secret_ciphertext:
            self.webhook_secret = new_webhook_secret()
        if not self.pull_token_hash:
            self.pull_token = new_pull_token()
        super().save(*args, **kwargs)

    def refresh_from_db(self, *args, **kwargs):
        """A reloaded partner no longer knows the secret or token it issued: they were for showing once."""
        self.__dict__.pop("issued_secret", None)
        self.__dict__.pop("issued_token", None)
        super().refresh_from_db(*args, **kwargs)

    # -- the credentials ------------------------------------------------------------------------
    @property
    def webhook_secret(self) -> str:
        """The signing secret, decrypted for one push (UndecryptableSecret when the key changed unrotated)."""
        return vault.decrypt(self.webhook_secret_ciphertext)

    @webhook_secret.setter
    def webhook_secret(self, value: str) -> None:
        self.webhook_secret_ciphertext = vault.encrypt(value)
        self.webhook_secret_set_at = timezone.now()
        self.issued_secret = value

    @property
    def pull_token(self) -> str:
        """The token as just issued to this instance (creation or rotation); it is stored only as a digest."""
        issued = getattr(self, "issued_token", "")
        if not issued:
            raise TokenNotKept(f"partner {self.pk}: the pull token is kept only as a digest")
        return issued

    @pull_token.setter
    def pull_token(self, value: str) -> None:
        self.pull_token_hash = vault.digest(value)
        self.pull_token_hint = value[-HINT_LENGTH:]
        self.pull_token_set_at = timezone.now()
        self.issued_token = value

    @property
    def secret_display(self) -> str:
        """What the admin shows once the secret has been shown: set, when, its last four characters."""
        if not self.webhook_secret_ciphertext:
            return str(_("未设置"))
        try:
            last = self.webhook_secret[-HINT_LENGTH:]
        except vault.UndecryptableSecret:
            return str(_("无法解密(ACCOUNT_ENCRYPTION_KEY 可能已更换),请轮换签名密钥"))
        return _display(last, self.webhook_secret_set_at)

    @property
    def token_display(self) -> str:
        return _display(self.pull_token_hint, self.pull_token_set_at) if self.pull_token_hash else str(_("未设置"))

    # -- admin ------------------------------------------------------------------------------
    def clean(self):
        super().clean()
        errors = {}
        if self.webhook_enabled and not self.webhook_url:
            errors["webhook_url"] = _("选择接口推送时必须填写推送地址。")
        if self.webhook_url and not self.webhook_url.lower().startswith(("http://", "https://")):
            errors["webhook_url"] = _("推送地址必须以 http:// 或 https:// 开头。")
        if self.email_enabled and not self.email:
            errors["email"] = _("选择邮件发送时必须填写电子邮箱。")
        unknown = set(self.document_types or []) - set(DocumentType.values)
        if unknown:
            errors["document_types"] = _("未知的文件类型:%s") % "、".join(sorted(unknown))
        if errors:
            raise ValidationError(errors)

    @property
    def state_label(self) -> str:
        return str(_("启用")) if self.active else str(_("已停用"))

    @property
    def modes_label(self) -> str:
        modes = [
            str(label)
            for enabled, label in (
                (self.webhook_enabled, _("接口推送")),
                (self.email_enabled, _("邮件")),
                (self.pull_enabled, _("主动获取")),
            )
            if enabled
        ]
        return "、".join(modes) or str(_("未选择"))

    # -- state changes (each saves only its own fields) ----------------------------------------
    def rotate_secret(self) -> str:
        """A new signing secret; returned (and on `issued_secret`) to be shown once, the old one is gone."""
        secret = new_webhook_secret()
        self.webhook_secret = secret
        self.save(update_fields=["webhook_secret_ciphertext", "webhook_secret_set_at"])
        return secret

    def rotate_token(self) -> str:
        """A new pull token; returned to be shown once: only its digest is stored."""
        token = new_pull_token()
        self.pull_token = token
        self.save(update_fields=["pull_token_hash", "pull_token_hint", "pull_token_set_at"])
        return token

    def disable(self, reason: str) -> None:
        """Stop every delivery to this partner until an administrator re-enables it."""
        now = timezone.now()
        PressPartner.objects.filter(pk=self.pk).update(active=False, disabled_reason=reason, disabled_at=now)
        self.active, self.disabled_reason, self.disabled_at = False, reason, now

    def enable(self) -> None:
        PressPartner.objects.filter(pk=self.pk).update(active=True, disabled_reason="", disabled_at=None)
        self.active, self.disabled_reason, self.disabled_at = True, "", None

    # -- what it receives -------------------------------------------------------------------
    def receives(self, document_type: str | None, topic_id: int | None) -> bool:
        """Empty filters mean everything; a policy without a topic passes only an empty topic filter."""
        if self.document_types and document_type not in self.document_types:
            return False
        topic_ids = {t.pk for t in self.topics.all()}  # prefetched by the callers
        return not topic_ids or topic_id in topic_ids

    @property
    def target(self) -> str:
        return f"partner:{self.pk}"


class TokenNotKept(LookupError):
    """The plaintext pull token exists only on the instance that issued it."""


def _display(last: str, set_at) -> str:
    """The last characters as code (what staff compare with the partner's copy), never the value itself."""
    when = timezone.localtime(set_at).strftime("%Y-%m-%d %H:%M") if set_at else ""
    text = format_html(str(_("已设置,末四位 {}")), format_html("<code>{}</code>", last))
    return format_html("{},{} {}", text, _("生成于"), when) if when else text


def partner_for_target(target: str) -> PressPartner | None:
    kind, _, pk = target.partition(":")
    if kind != "partner" or not pk.isdigit():
        return None
    return PressPartner.objects.filter(pk=int(pk)).first()
