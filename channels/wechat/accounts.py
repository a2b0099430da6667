"""Which WeChat official account speaks for which body, and with which credentials.

A body's own account is its `WeChatAccount` row (target "account:<id>"). The WECHAT_* variables are the default
account: the account of the body WECHAT_ACCOUNT_BODY names (by default the platform's top body) when that body has
no row; it keeps the fixed target "account", so rows written before accounts were per body still resolve. A body
with neither has no account: its releases reach the website and partners, and are offered to the nearest body
above it that has one (channels.county_queue).

Everything that talks to WeChat gets its credentials here, by target: the client, the token cache (per app id),
the pause of a target after a configuration error, the callback's token.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from django.conf import settings

from bodies.models import DisclosingBody
from channels.models import WeChatAccount
from channels.models.accounts import TARGET_PREFIX, MessageMode
from cms.foundation import vault

from .errors import ConfigurationError
from .events import callback_signature

DEFAULT_TARGET = "account"


@dataclass(frozen=True)
class Account:
    """Credentials of one account, decrypted for one use (never logged: the secrets are left out of the repr)."""

    target: str
    name: str
    app_id: str
    body_id: int | None
    secret: str = field(repr=False)
    token: str = field(repr=False, default="")
    aes_key: str = field(repr=False, default="")
    message_mode: str = MessageMode.SAFE

    @property
    def accepts_plaintext(self) -> bool:
        """A cleartext push is believed only in 明文/兼容模式, or when there is no key to encrypt with."""
        return not self.aes_key or self.message_mode in (MessageMode.PLAIN, MessageMode.COMPAT)


def env_account() -> Account | None:
    """The WECHAT_* account, when WECHAT_APP_ID and WECHAT_APP_SECRET are set."""
    app_id = getattr(settings, "WECHAT_APP_ID", "")
    secret = getattr(settings, "WECHAT_APP_SECRET", "")
    if not app_id or not secret:
        return None
    aes_key = getattr(settings, "WECHAT_ENCODING_AES_KEY", "")
    return Account(
        target=DEFAULT_TARGET,
        name="默认公众号(环境变量)",
        app_id=app_id,
        body_id=env_body_id(),
        secret=secret,
        token=getattr(settings, "WECHAT_TOKEN", ""),
        aes_key=aes_key,
        message_mode=getattr(settings, "WECHAT_MESSAGE_MODE", "")
        or (MessageMode.SAFE if aes_key else MessageMode.PLAIN),
    )


def env_body_id() -> int | None:
    """The body the WECHAT_* account belongs to: WECHAT_ACCOUNT_BODY's slug, else the platform's top body."""
    slug = getattr(settings, "WECHAT_ACCOUNT_BODY", "")
    body = DisclosingBody.objects.filter(slug=slug).first() if slug else DisclosingBody.platform()
    return body.pk if body else None


def from_row(row: WeChatAccount) -> Account:
    try:
        secret, token, aes_key = row.app_secret, row.callback_token, row.encoding_aes_key
    except vault.UndecryptableSecret:
        raise ConfigurationError(
            f"公众号“{row.name}”的密钥无法解密(ACCOUNT_ENCRYPTION_KEY 可能已更换),请管理员重新填写 AppSecret。",
            f"wechat account {row.pk}: secrets cannot be decrypted",
        ) from None
    return Account(row.target, row.name, row.app_id, row.disclosing_body_id, secret, token, aes_key, row.message_mode)


def for_body(body: DisclosingBody | int | None) -> Account | None:
    """The account a body's releases go out through, or None (a disabled row means none, not the default)."""
    body_id = body.pk if isinstance(body, DisclosingBody) else body
    if body_id is None:
        return None
    row = WeChatAccount.objects.filter(disclosing_body_id=body_id).first()
    if row is not None:
        return from_row(row) if row.enabled else None
    default = env_account()
    return default if default is not None and default.body_id == body_id else None


def has_account(body_id: int) -> bool:
    row = WeChatAccount.objects.filter(disclosing_body_id=body_id).values_list("enabled", flat=True).first()
    if row is not None:
        return bool(row)
    return env_account() is not None and env_body_id() == body_id


def nearest_above(body: DisclosingBody) -> DisclosingBody | None:
    """The nearest body above `body` with an account of its own (the county for a town), or None."""
    return next((ancestor for ancestor in body.ancestors() if has_account(ancestor.pk)), None)


def for_target(target: str) -> Account:
    """The credentials of a ledger target; a ConfigurationError (the ledger pauses the target) when gone or off."""
    if target == DEFAULT_TARGET:
        default = env_account()
        if default is None:
            raise ConfigurationError(
                "尚未配置微信公众号的 AppID 和 AppSecret,请管理员设置后再推送。",
                "WECHAT_APP_ID / WECHAT_APP_SECRET are not set",
            )
        return default
    pk = target.removeprefix(TARGET_PREFIX)
    row = (
        WeChatAccount.objects.filter(pk=int(pk)).first() if target.startswith(TARGET_PREFIX) and pk.isdigit() else None
    )
    if row is None:
        raise ConfigurationError("该微信公众号已被删除,请管理员处理。", f"no wechat account for target {target!r}")
    if not row.enabled:
        raise ConfigurationError(
            f"公众号“{row.name}”已停用,请管理员启用后再推送。", f"wechat account {row.pk} is disabled"
        )
    return from_row(row)


def any_configured() -> bool:
    return env_account() is not None or WeChatAccount.objects.filter(enabled=True).exists()


def label(target: str) -> str:
    """The account's name for people."""
    try:
        return for_target(target).name
    except ConfigurationError:
        return target


def for_callback(signature: str, timestamp: str, nonce: str, encrypt: str = "") -> list[Account]:
    """The accounts whose callback token signs this push (usually one; several only if they share a token); for an
    encrypted push, `signature` is its msg_signature, over the ciphertext `encrypt` as well."""
    candidates = [env_account()]
    for row in WeChatAccount.objects.filter(enabled=True).exclude(token_ciphertext=""):
        try:
            candidates.append(from_row(row))
        except ConfigurationError:
            continue
    given = str(signature or "").encode("utf-8")
    return [
        account
        for account in candidates
        if account is not None
        and account.token
        and given
        and hmac.compare_digest(callback_signature(account.token, timestamp, nonce, encrypt).encode("ascii"), given)
    ]
