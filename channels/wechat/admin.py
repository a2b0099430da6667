"""后台“微信公众号”: each body's official account, seen and edited only by superusers and the people of that body
(and the bodies above it: bodies.scope), with the model permissions on WeChatAccount.

The AppSecret, token and EncodingAESKey are typed into password fields that never show the stored value; the
listing and the form show only whether each is set (and its last four characters). A field left empty on edit
keeps the stored secret. An EncodingAESKey is checked when typed (43 characters of base64 for 32 bytes), and the
消息加解密方式 must match the account's 服务器配置: in 安全模式 cleartext callbacks are refused. The WECHAT_*
variables, when set, stay the default account of the platform's body while that body has no row here
(channels.wechat.accounts).
"""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from bodies import scope
from channels.models import WeChatAccount
from channels.models.accounts import MessageMode
from cms.foundation import links
from cms.foundation.admin_display import ReadableColumn

from .safe_mode import aes_key_problem

SECRETS = {
    "app_secret": ("AppSecret", "secret_display", "公众号后台“设置与开发 → 基本配置”中的开发者密码"),
    "callback_token": ("令牌(Token)", "token_display", "服务器配置中的令牌,用于校验发布结果回调"),
    "encoding_aes_key": ("消息加解密密钥(EncodingAESKey)", "aes_key_display", "服务器配置中的 43 位密钥"),
}
KEEP = "出于安全考虑不显示已保存的值;不修改请留空。"


def _secret_field(label: str, help_text: str) -> forms.CharField:
    widget = forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"})
    return forms.CharField(label=label, required=False, max_length=200, strip=True, widget=widget, help_text=help_text)


class WeChatAccountForm(WagtailAdminModelForm):
    app_secret = _secret_field(*SECRETS["app_secret"][::2])
    callback_token = _secret_field(*SECRETS["callback_token"][::2])
    encoding_aes_key = _secret_field(*SECRETS["encoding_aes_key"][::2])

    class Meta:
        model = WeChatAccount
        fields = [
            "disclosing_body",
            "name",
            "app_id",
            "app_secret",
            "callback_token",
            "encoding_aes_key",
            "message_mode",
            "enabled",
        ]
        widgets = {"message_mode": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["disclosing_body"]
        taken = WeChatAccount.objects.exclude(pk=self.instance.pk).values("disclosing_body_id")
        field.queryset = scope.bodies(self.for_user).exclude(pk__in=taken)
        for name, (_label, display, _help) in SECRETS.items():
            if self.instance.pk:
                current = getattr(self.instance, display)
                self.fields[name].help_text = f"当前:{current}。{KEEP}"
            elif name == "app_secret":
                self.fields[name].required = True
        callback = links.absolute(reverse("channels_wechat_callback"))
        self.fields["callback_token"].help_text += f" 服务器地址(URL)填写 {callback}(各公众号共用)。"
        self.fields["message_mode"].required = False  # not posted: the stored mode stays

    def clean_encoding_aes_key(self):
        value = self.cleaned_data.get("encoding_aes_key", "")
        problem = aes_key_problem(value) if value else None
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean(self):
        """安全/兼容模式 decrypt with the EncodingAESKey: one must be typed or stored when such a mode is chosen."""
        cleaned = super().clean()
        mode = cleaned.get("message_mode")
        has_key = bool(cleaned.get("encoding_aes_key")) or bool(self.instance.aes_key_ciphertext)
        if mode in (MessageMode.SAFE, MessageMode.COMPAT) and not has_key and not self.errors.get("encoding_aes_key"):
            self.add_error(
                "message_mode",
                f"{MessageMode(mode).label}需要填写消息加解密密钥(EncodingAESKey);公众号使用明文模式时请选择“明文模式”。",
            )
        return cleaned

    def save(self, commit=True):
        for name in SECRETS:
            value = self.cleaned_data.get(name)
            if value:  # empty: keep what is stored
                setattr(self.instance, name, value)
        self.instance.updated_by = self.for_user
        return super().save(commit)


class ScopedMixin:
    """Rows of the bodies in the person's scope only; any other row is a 404, as if it did not exist."""

    def get_scoped_queryset(self):
        return scope.restrict(WeChatAccount.objects.select_related("disclosing_body"), self.request.user)

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_scoped_queryset(), pk=self.kwargs[self.pk_url_kwarg])


class AccountIndexView(generic.IndexView):
    def get_base_queryset(self):
        return scope.restrict(super().get_base_queryset().select_related("disclosing_body"), self.request.user)


class AccountEditView(ScopedMixin, generic.EditView):
    pass


class AccountDeleteView(ScopedMixin, generic.DeleteView):
    pass


class WeChatAccountViewSet(ModelViewSet):
    model = WeChatAccount
    icon = "mail"
    menu_label = "微信公众号"
    menu_order = 330
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = AccountIndexView
    edit_view_class = AccountEditView
    delete_view_class = AccountDeleteView
    search_fields = ["name", "app_id"]
    list_display = [
        "name",
        Column("disclosing_body", label="公开主体"),
        "app_id",
        Column("secret_display", label="AppSecret"),
        Column("token_display", label="令牌"),
        Column("message_mode_display", label="消息加解密方式"),
        ReadableColumn("enabled", label="启用", sort_key="enabled"),
    ]

    def get_form_class(self, for_update=False):
        return WeChatAccountForm


@hooks.register("register_admin_viewset")
def register_wechat_accounts():
    return WeChatAccountViewSet("wechat_accounts", url_prefix="wechat-accounts")
