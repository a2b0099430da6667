"""A disclosing body's own WeChat official account (微信公众号): its releases go out through it.

One account per body. The AppSecret, the callback token and the EncodingAESKey are stored encrypted
(cms.foundation.vault); the model exposes them as plain properties and never puts them in a repr or a form.
A body without a row uses no account, except the platform's, for which the WECHAT_* variables stand in
(channels.wechat.accounts).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.foundation import vault

APP_ID = RegexValidator(r"^[A-Za-z0-9_]{6,64}$", _("AppID 由字母、数字或下划线组成,如 wx1234567890abcdef。"))
#: The target of an account row in the ledger (the WECHAT_* account keeps the fixed target "account").
TARGET_PREFIX = "account:"


class MessageMode(models.TextChoices):
    """The 消息加解密方式 chosen in the account's 服务器配置: which callback pushes we accept from WeChat."""

    PLAIN = "plain", _("明文模式")
    COMPAT = "compat", _("兼容模式")
    SAFE = "safe", _("安全模式")


class WeChatAccount(models.Model):
    #: Columns holding cms.foundation.vault ciphertext (manage.py rotate_secrets re-encrypts them).
    ENCRYPTED_FIELDS = ("secret_ciphertext", "token_ciphertext", "aes_key_ciphertext")

    disclosing_body = models.OneToOneField(
        "bodies.DisclosingBody",
        verbose_name=_("公开主体"),
        on_delete=models.PROTECT,
        related_name="wechat_account",
        help_text=_("本主体发布的政策及解读通过该公众号推送"),
    )
    name = models.CharField(_("公众号名称"), max_length=64, help_text=_("如:和县发布"))
    app_id = models.CharField(_("AppID"), max_length=64, unique=True, validators=[APP_ID])
    secret_ciphertext = models.TextField(_("AppSecret(已加密)"), blank=True, editable=False)
    token_ciphertext = models.TextField(_("令牌 Token(已加密)"), blank=True, editable=False)
    aes_key_ciphertext = models.TextField(_("EncodingAESKey(已加密)"), blank=True, editable=False)
    message_mode = models.CharField(
        _("消息加解密方式"),
        max_length=10,
        choices=MessageMode.choices,
        default=MessageMode.SAFE,
        help_text=_(
            "与公众号后台“服务器配置”中的选择一致。安全模式只接受加密的回调,可防止伪造;兼容模式加密和明文都接受;"
            "未填写 EncodingAESKey 时按明文模式处理。"
        ),
    )
    enabled = models.BooleanField(_("启用"), default=True, help_text=_("停用后本主体的内容不再推送到该公众号"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("微信公众号")
        verbose_name_plural = _("微信公众号")
        ordering = ["disclosing_body__sort_order", "pk"]

    def __str__(self):
        return self.name

    def __repr__(self):
        return f"<WeChatAccount {self.pk} {self.app_id}>"

    @property
    def target(self) -> str:
        return f"{TARGET_PREFIX}{self.pk}"

    # -- the secrets, decrypted on use --------------------------------------------------------------------
    @property
    def app_secret(self) -> str:
        return vault.decrypt(self.secret_ciphertext)

    @app_secret.setter
    def app_secret(self, value: str) -> None:
        self.secret_ciphertext = vault.encrypt(value)

    @property
    def callback_token(self) -> str:
        return vault.decrypt(self.token_ciphertext)

    @callback_token.setter
    def callback_token(self, value: str) -> None:
        self.token_ciphertext = vault.encrypt(value)

    @property
    def encoding_aes_key(self) -> str:
        return vault.decrypt(self.aes_key_ciphertext)

    @encoding_aes_key.setter
    def encoding_aes_key(self, value: str) -> None:
        self.aes_key_ciphertext = vault.encrypt(value)

    # -- for people -----------------------------------------------------------------------------------------
    def _masked(self, stored: str) -> str:
        try:
            return vault.mask(vault.decrypt(stored))
        except vault.UndecryptableSecret:
            return "无法解密,请重新填写"

    @property
    def secret_display(self) -> str:
        return self._masked(self.secret_ciphertext)

    @property
    def token_display(self) -> str:
        return self._masked(self.token_ciphertext)

    @property
    def aes_key_display(self) -> str:
        return self._masked(self.aes_key_ciphertext)

    @property
    def message_mode_display(self) -> str:
        """The mode in force: without an EncodingAESKey nothing can be decrypted, so pushes are plaintext."""
        if not self.aes_key_ciphertext:
            return f"{MessageMode.PLAIN.label}(未设置 EncodingAESKey)"
        return str(self.get_message_mode_display())
