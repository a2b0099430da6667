"""WeChat failures sorted into what to do about them, each with a Chinese message for editors and an
English one for logs.

  transient  retry with backoff:                 -1, HTTP 5xx, timeouts, connection errors, publish_status 3
  auth       refresh the token once, then retry:  40001, 40014, 41001, 42001
  rate       wait (about a minute), then retry:   45011, 53501, HTTP 429
  quota      park for a person (明天再发 or 取消):   45009, 45028
  content    stop and ask an editor:              45002/45003/45004/45110, 45166, 40005/40009, 40007, 53503,
                                                  publish_status 2, 4, 5, 6
  config     stop and disable the account:        40013, 40125, 40164, 40243, 48001, 48004, 50001, 50002, other HTTP 4xx

A config error is the account's for certain when it came from the token endpoint or its code cannot be about one
object (ACCOUNT_CODES: the AppID, the AppSecret, the IP allow-list, a restricted account); an API refused (48001,
48004, 50001) or an HTTP 4xx may be about one row's call only, and channels.adapters.wechat_scope asks the account
before the ledger pauses it. WeChat's own meaning of each code is in meanings.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from enum import StrEnum

import requests

from cms.foundation import vault

BEIJING = timezone(timedelta(hours=8))


class ErrorClass(StrEnum):
    TRANSIENT = "transient"
    AUTH = "auth"
    RATE = "rate"
    QUOTA = "quota"
    CONTENT = "content"
    CONFIG = "config"
    UNKNOWN = "unknown"


T, A, R, Q, C, G = (
    ErrorClass.TRANSIENT,
    ErrorClass.AUTH,
    ErrorClass.RATE,
    ErrorClass.QUOTA,
    ErrorClass.CONTENT,
    ErrorClass.CONFIG,
)

CODES: dict[int, tuple[ErrorClass, str, str]] = {
    -1: (T, "微信服务器繁忙，系统将稍后自动重试。", "WeChat system busy (-1)"),
    40001: (
        A,
        "微信接口凭证无效，自动刷新后仍被拒绝，请联系管理员。",
        "access_token invalid after one refresh",
    ),
    40014: (
        A,
        "微信接口凭证格式无效，自动刷新后仍被拒绝，请联系管理员。",
        "access_token malformed after one refresh",
    ),
    41001: (A, "调用微信接口时缺少凭证，请联系管理员。", "access_token missing"),
    42001: (
        A,
        "微信接口凭证已过期，自动刷新后仍被拒绝，请联系管理员。",
        "access_token expired after one refresh",
    ),
    45011: (R, "调用微信接口过于频繁，系统将在一分钟后自动重试。", "minute quota reached (45011)"),
    53501: (R, "发布请求过于频繁，系统将稍后自动重试。", "publish requests too frequent (53501)"),
    45009: (
        Q,
        "今日微信接口调用次数已用完，未自动延后。请选择“明天再发”（额度恢复后发出）或“取消”。",
        "daily API quota exhausted (45009)",
    ),
    45028: (
        Q,
        "公众号群发次数已用完，未群发。请选择“明天再发”（额度恢复后群发）或“取消”。",
        "no mass-send quota left (45028)",
    ),
    45002: (C, "正文过长：微信要求正文少于 2 万字且小于 1 MB，请精简正文或拆分发布。", "content too long"),
    45003: (C, "标题过长：微信标题最多 32 个字，请缩短标题。", "title longer than 32 characters"),
    45004: (C, "摘要过长：微信摘要最多 128 个字，请缩短摘要。", "digest longer than 128 characters"),
    45110: (C, "作者过长：微信作者栏最多 16 个字，请缩短作者名。", "author longer than 16 characters"),
    45166: (
        C,
        "正文含有指向微信以外网站的链接或图片，微信拒绝保存。请删除外部链接，或改为文字、脚注。",
        "content links to a host other than mp.weixin.qq.com / mmbiz.qpic.cn (45166)",
    ),
    40005: (
        C,
        "图片格式不受支持：微信正文图片只接受 JPG 或 PNG，封面缩略图只接受 JPG。",
        "image type refused",
    ),
    40009: (C, "图片过大：正文图片须小于 1 MB，封面缩略图须为不超过 64 KB 的 JPG。", "image too large"),
    40007: (
        C,
        "微信不认本条使用的素材或编号（media_id），它可能已在公众平台后台删除或已失效。",
        "media_id invalid or not permanent",
    ),
    53503: (C, "文章未通过微信的发布检查，请编辑修改后重新提交。", "draft failed the publish check (53503)"),
    40013: (
        G,
        "公众号 AppID 无效，请管理员检查后台“微信公众号”中的 AppID（或 WECHAT_APP_ID）。该公众号的推送已暂停。",
        "AppID invalid (40013)",
    ),
    40125: (
        G,
        "公众号 AppSecret 无效，请管理员核对或重置后更新配置。该公众号的推送已暂停。",
        "AppSecret invalid",
    ),
    40164: (
        G,
        "本服务器的出口 IP 不在公众号的 IP 白名单中，请管理员在公众平台添加后重新启用。该公众号的推送已暂停。",
        "caller IP not on the account's whitelist (40164)",
    ),
    40243: (
        G,
        "公众号 AppSecret 已被冻结，请管理员在公众平台解冻后重新启用。该公众号的推送已暂停。",
        "AppSecret frozen (40243)",
    ),
    48001: (
        G,
        "公众号没有该接口的权限（未认证或未开通），请管理员在公众平台“设置与开发—接口权限”中核实。该公众号的推送已暂停。",
        "API unauthorized (48001)",
    ),
    48004: (
        G,
        "公众号的该接口已被微信封禁，请管理员登录公众平台查看原因并处理。该公众号的推送已暂停。",
        "API blocked for the account (48004)",
    ),
    50001: (
        G,
        "公众号未获授权调用该接口，请管理员在公众平台核实接口权限。该公众号的推送已暂停。",
        "API not authorised for the account (50001)",
    ),
    50002: (
        G,
        "公众号已被微信限制（可能因违规被封禁接口），请管理员登录公众平台查看并处理。该公众号的推送已暂停。",
        "account restricted by WeChat (50002)",
    ),
}

#: Config errors that can only be the account's, whichever call met them: the AppID, the AppSecret (wrong or frozen),
#: the server's IP not on the allow-list, an account WeChat restricted.
ACCOUNT_CODES = frozenset({40013, 40125, 40164, 40243, 50002})
#: Where the token is fetched: every error there is the account's (its credentials, its allow-list).
TOKEN_ENDPOINTS = frozenset({"token", "stable_token"})

PUBLISH_STATUSES: dict[int, tuple[ErrorClass, str, str]] = {
    2: (
        C,
        "原创校验未通过，微信没有发布这篇文章，请编辑处理后重新提交。",
        "publish failed: originality check",
    ),
    3: (T, "微信发布失败（常规失败），系统将稍后重试。", "publish failed (status 3)"),
    4: (C, "文章未通过微信平台审核，请编辑修改后重新提交。", "publish failed: platform audit rejected"),
    5: (C, "文章已被公众号管理员在后台删除。", "article deleted by a user of the account"),
    6: (C, "文章已被微信封禁。", "article banned by WeChat"),
}


class WeChatError(Exception):
    error_class = ErrorClass.UNKNOWN

    def __init__(
        self,
        message_zh: str,
        message_en: str,
        *,
        errcode=None,
        errmsg="",
        http_status=None,
        publish_status=None,
        endpoint="",
        payload=None,
        retry_after=None,
    ):
        super().__init__(message_en)
        self.message_zh, self.message_en = message_zh, message_en
        self.errcode, self.errmsg, self.http_status = errcode, errmsg, http_status
        self.publish_status, self.endpoint = publish_status, endpoint
        self.payload = payload or {}
        self.retry_after = retry_after  # seconds to wait before trying again, when it is known

    def __str__(self):
        where = f" [{self.endpoint}]" if self.endpoint else ""
        code = f" errcode={self.errcode}" if self.errcode is not None else ""
        status = f" http={self.http_status}" if self.http_status else ""
        publish = f" publish_status={self.publish_status}" if self.publish_status is not None else ""
        detail = f" ({self.errmsg})" if self.errmsg else ""
        return f"{self.message_en}{where}{code}{status}{publish}{detail}"

    @property
    def account_wide(self) -> bool:
        """Certainly the account's, not one call's: from the token endpoint, from no call at all (credentials
        missing), or a code no single object can cause (ACCOUNT_CODES)."""
        return not self.endpoint or self.endpoint in TOKEN_ENDPOINTS or self.errcode in ACCOUNT_CODES

    @property
    def retryable(self) -> bool:
        return self.error_class in (ErrorClass.TRANSIENT, ErrorClass.AUTH, ErrorClass.RATE, ErrorClass.QUOTA)


class TransientError(WeChatError):
    error_class = ErrorClass.TRANSIENT


class AuthError(WeChatError):
    error_class = ErrorClass.AUTH


class RateLimitedError(WeChatError):
    error_class = ErrorClass.RATE


class QuotaExhaustedError(WeChatError):
    error_class = ErrorClass.QUOTA


class ContentRejectedError(WeChatError):
    error_class = ErrorClass.CONTENT


class ConfigurationError(WeChatError):
    error_class = ErrorClass.CONFIG


class UnknownWeChatError(WeChatError):
    error_class = ErrorClass.UNKNOWN


ERROR_TYPES = {
    cls.error_class: cls
    for cls in (
        TransientError,
        AuthError,
        RateLimitedError,
        QuotaExhaustedError,
        ContentRejectedError,
        ConfigurationError,
        UnknownWeChatError,
    )
}


class CallbackRejected(Exception):
    """A PUBLISHJOBFINISH push refused: reason is "signature", "stale", "replay", "malformed", or for 安全模式
    "plaintext" (a cleartext push to an account that encrypts), "decrypt" or "appid"."""

    MESSAGES = {
        "signature": "微信回调签名校验失败，已拒绝。",
        "stale": "微信回调时间戳与本机时间相差超过 5 分钟，已拒绝。",
        "replay": "微信回调重复（nonce 已使用过），已拒绝。",
        "malformed": "微信回调内容无法解析，已拒绝。",
        "plaintext": "该公众号使用安全模式，未加密的微信回调已拒绝。",
        "decrypt": "微信回调无法用该公众号的消息加解密密钥（EncodingAESKey）解密，已拒绝。",
        "appid": "微信回调解密后的 AppID 与公众号不符，已拒绝。",
    }

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"callback rejected: {reason}{': ' + detail if detail else ''}")
        self.reason = reason
        self.message_zh = self.MESSAGES.get(reason, "微信回调已拒绝。")


def classify(errcode: int | None = None, *, http_status: int | None = None) -> ErrorClass:
    if errcode is not None:
        return CODES[errcode][0] if errcode in CODES else ErrorClass.UNKNOWN
    if http_status is None or http_status >= 500 or http_status == 408:
        return ErrorClass.TRANSIENT
    if http_status == 429:
        return ErrorClass.RATE
    return ErrorClass.CONFIG if http_status >= 400 else ErrorClass.UNKNOWN


def seconds_until_next_day(now: datetime | None = None) -> int:
    """Quotas reset at midnight, Beijing time; a few minutes' margin after it."""
    now = (now or datetime.now(tz=BEIJING)).astimezone(BEIJING)
    tomorrow = (now + timedelta(days=1)).replace(hour=0, minute=5, second=0, microsecond=0)
    return int((tomorrow - now).total_seconds())


def _retry_after(error_class: ErrorClass) -> int | None:
    if error_class is ErrorClass.RATE:
        return 60
    if error_class is ErrorClass.QUOTA:
        return seconds_until_next_day()
    return None


def error_for_code(errcode: int, errmsg: str = "", *, endpoint: str = "", payload=None) -> WeChatError:
    error_class, zh, en = CODES.get(
        errcode,
        (ErrorClass.UNKNOWN, f"微信返回了未知错误（错误码 {errcode}），请联系管理员。", "unknown errcode"),
    )
    return ERROR_TYPES[error_class](
        zh,
        en,
        errcode=errcode,
        errmsg=errmsg,
        endpoint=endpoint,
        payload=payload,
        retry_after=_retry_after(error_class),
    )


def error_for_http(status: int | None, *, endpoint: str = "", detail: str = "") -> WeChatError:
    error_class = classify(http_status=status)
    if error_class is ErrorClass.TRANSIENT:
        zh, en = "微信服务器暂时不可用，系统将稍后自动重试。", "WeChat answered with a server error"
    elif error_class is ErrorClass.RATE:
        zh, en = "微信限制了请求频率，系统将稍后自动重试。", "WeChat answered 429"
    else:
        zh, en = (
            "微信接口地址或网络配置有误，请管理员检查 WECHAT_API_BASE_URL。",
            "WeChat answered a client error",
        )
    return ERROR_TYPES[error_class](
        zh,
        en,
        http_status=status,
        errmsg=detail[:200],
        endpoint=endpoint,
        retry_after=_retry_after(error_class),
    )


def error_for_exception(exc: requests.RequestException, *, endpoint: str = "") -> WeChatError:
    """Timeouts and connection failures: transient, whatever happened on the other side."""
    if isinstance(exc, requests.Timeout):
        zh, en = "连接微信服务器超时，系统将稍后自动重试。", "timed out talking to WeChat"
    else:
        zh, en = "无法连接微信服务器（网络中断），系统将稍后自动重试。", "connection to WeChat failed"
    # requests names the URL, whose query carries the access_token: scrubbed before it is stored or logged
    return TransientError(zh, en, errmsg=vault.scrub(f"{type(exc).__name__}: {exc}")[:300], endpoint=endpoint)


def error_for_publish_status(status: int, *, publish_id: str = "", fail_idx=None) -> WeChatError | None:
    """The error a finished publish job stands for, or None (0 published, 1 still publishing)."""
    if status in (0, 1):
        return None
    error_class, zh, en = PUBLISH_STATUSES.get(
        status,
        (ErrorClass.UNKNOWN, f"微信返回了未知的发布状态 {status}，请联系管理员。", "unknown publish status"),
    )
    return ERROR_TYPES[error_class](
        zh,
        en,
        publish_status=status,
        endpoint="freepublish/get",
        payload={"publish_id": publish_id, "fail_idx": list(fail_idx or [])},
    )
