"""System checks for the callback's 消息加解密方式: with an EncodingAESKey the callback should be in 安全模式
(plaintext refused). 兼容模式 or 明文模式 with a key set is the operator's explicit choice, and is warned about
on every start (and in `manage.py check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security)
def env_account_message_mode(app_configs=None, **kwargs):
    mode = getattr(settings, "WECHAT_MESSAGE_MODE", "")
    if getattr(settings, "WECHAT_ENCODING_AES_KEY", "") and mode in ("compat", "plain"):
        return [
            Warning(
                f"WECHAT_MESSAGE_MODE={mode} with WECHAT_ENCODING_AES_KEY set: the WeChat callback accepts "
                "plaintext pushes.",
                hint="Unset WECHAT_MESSAGE_MODE (安全模式 is the default with a key) once the account's "
                "服务器配置 is switched to 安全模式.",
                id="channels.W101",
            )
        ]
    return []


@register(Tags.security, Tags.database)
def account_message_modes(app_configs=None, databases=None, **kwargs):
    """The accounts kept in the admin: only when the check is asked to look at the database."""
    if not databases:
        return []
    from django.db import connections

    from channels.models import WeChatAccount
    from channels.models.accounts import MessageMode

    for alias in databases:  # `migrate` runs this before the table exists on a new database
        if WeChatAccount._meta.db_table not in connections[alias].introspection.table_names():
            return []

    loose = (
        WeChatAccount.objects.exclude(aes_key_ciphertext="")
        .filter(message_mode__in=(MessageMode.COMPAT, MessageMode.PLAIN), enabled=True)
        .values_list("name", "message_mode")
    )
    return [
        Warning(
            f"WeChat account {name!r} is in {mode} mode with an EncodingAESKey set: its callback accepts "
            "plaintext pushes.",
            hint="Choose 安全模式 for it in the admin (微信公众号) once its 服务器配置 uses 安全模式.",
            id="channels.W102",
        )
        for name, mode in loose
    ]
