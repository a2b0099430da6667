"""Errors raised while fetching and parsing upstream sources.

``str(error)`` is English text for logs; ``error.user_message`` is Chinese text for editors.
``retryable`` tells the scheduler whether trying again later may help.
"""

from __future__ import annotations


class SourceError(Exception):
    """Base class for every problem with an upstream source."""

    user_message_template = "信息源处理失败。"
    retryable = False

    def __init__(self, message: str, *, user_message: str | None = None, **details):
        super().__init__(message)
        self.details = details
        self.user_message = user_message or self.user_message_template.format_map(_Blank(details))


class _Blank(dict):
    """Leave a placeholder empty instead of failing when a detail is missing."""

    def __missing__(self, key):
        return ""


class FetchError(SourceError):
    user_message_template = "抓取信息源失败，请稍后重试。"
    retryable = True


class UnsafeURLError(FetchError):
    """The URL or a redirect target was refused by the SSRF guard; nothing was sent to it."""

    user_message_template = "地址不安全或不被允许，已拒绝访问：{url}"
    retryable = False


class HostNotAllowed(UnsafeURLError):
    user_message_template = "域名 {host} 不在该信息源允许的域名列表中，已拒绝访问。"


class BlockedAddress(UnsafeURLError):
    user_message_template = "域名 {host} 指向内网或保留地址，已拒绝访问。"


class TooManyRedirects(FetchError):
    user_message_template = "信息源跳转次数过多（超过 {limit} 次），已停止抓取。"
    retryable = False


class FetchTimeout(FetchError):
    user_message_template = "信息源响应超时，稍后将自动重试。"


class FetchConnectionError(FetchError):
    user_message_template = "无法连接信息源，稍后将自动重试。"


class CertificateError(FetchConnectionError):
    user_message_template = "信息源的 HTTPS 证书校验失败，已停止抓取；请核实网站证书。"


class BodyTooLarge(FetchError):
    user_message_template = "信息源返回的内容超过 {limit} 字节上限（解压后计算），已放弃。"
    retryable = False


class SourceGone(FetchError):
    user_message_template = "信息源地址已永久失效（HTTP 410），请核实后更新或停用该信息源。"
    retryable = False


class RateLimited(FetchError):
    user_message_template = "信息源限制访问频率（HTTP {status}），将按要求稍后重试。"

    def __init__(self, message: str, *, retry_after: float | None = None, **details):
        super().__init__(message, **details)
        self.retry_after = retry_after


class HTTPStatusError(FetchError):
    user_message_template = "信息源返回错误状态（HTTP {status}）。"

    def __init__(self, message: str, *, status: int, **details):
        super().__init__(message, status=status, **details)
        self.status = status
        self.retryable = status >= 500


class ParseError(SourceError):
    user_message_template = "无法解析信息源内容，请检查信息源格式或配置。"
