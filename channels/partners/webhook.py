"""One signed POST to a partner's server, and what its answer means for the ledger.

Standard Webhooks: `webhook-id` stays the same on every retry (the partner drops duplicates by it), the
timestamp is the attempt's, the signature covers id.timestamp.body. We connect only to the address the SSRF
guard checked, never follow redirects, and cap time and the size of the answer we read.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import requests
from standardwebhooks.webhooks import Webhook

from channels.adapters.base import DeliveryError, ErrorClass
from channels.sources import guard
from channels.sources.errors import BlockedAddress, UnsafeURLError
from channels.sources.fetch import PinnedAddressAdapter, parse_retry_after
from cms.foundation import vault

from .conf import private_ok_hosts, webhook_timeouts
from .models import PressPartner

logger = logging.getLogger(__name__)

USER_AGENT = "PolicyPlatformPartnerPush/1.0"
MAX_ANSWER_BYTES = 64 * 1024
MAX_KEPT_ANSWER = 2000  # bytes of the answer worth keeping on the ledger row
DEFAULT_RATE_WAIT = 60.0  # 429 without Retry-After
MAX_RATE_WAIT = 24 * 3600.0  # a partner asking for more is asking for a person
GONE_REASON = "对方接口已注销(410),已停止推送"
ACK_KEYS = ("ack_id", "id", "message_id", "receipt", "webhook_id")


@dataclass(frozen=True)
class Answer:
    status: int
    ack_id: str
    body: dict | str


def signed_headers(secret: str, webhook_id: str, body: str) -> dict[str, str]:
    now = datetime.now(tz=UTC)
    try:
        signature = Webhook(secret).sign(webhook_id, now, body)
    except Exception as exc:  # empty or not base64: the library raises several kinds
        raise DeliveryError(
            ErrorClass.CONFIG,
            f"Invalid webhook secret: {type(exc).__name__}",
            "签名密钥无效,请在后台轮换密钥后告知对方",
        ) from exc
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature,
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
    }


def post_signed(partner: PressPartner, webhook_id: str, body: str) -> Answer:
    """POST `body` to the partner; return its 2xx answer or raise a classified DeliveryError."""
    url = partner.webhook_url
    try:
        target = guard.check_url(url, allowed_hosts=[urlsplit(url).hostname or ""], private_ok_hosts=private_ok_hosts())
    except BlockedAddress as exc:
        if "address" not in exc.details:  # the name did not resolve: DNS may come back
            raise DeliveryError(ErrorClass.TRANSIENT, str(exc), "无法解析推送地址的域名,将自动重试") from exc
        raise _unsafe(exc) from exc
    except UnsafeURLError as exc:
        raise _unsafe(exc) from exc

    try:
        secret = partner.webhook_secret
    except vault.UndecryptableSecret as exc:
        raise DeliveryError(
            ErrorClass.CONFIG,
            f"Partner {partner.pk}: the webhook secret cannot be decrypted with {vault.VARIABLE}",
            "签名密钥无法解密(加密密钥可能已更换),请在后台轮换密钥后告知对方",
        ) from exc
    headers = signed_headers(secret, webhook_id, body)
    session = requests.Session()
    session.trust_env = False  # no proxies from the environment
    adapter = PinnedAddressAdapter()
    adapter.pins[target.host] = target.address
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    connect, read = webhook_timeouts()
    deadline = time.monotonic() + connect + 2 * read
    started = time.monotonic()
    try:
        with (
            session,
            session.post(
                url,
                data=body.encode("utf-8"),
                headers=headers,
                timeout=(connect, read),
                allow_redirects=False,
                stream=True,
            ) as response,
        ):
            status = response.status_code
            raw = _read(response, deadline)
            retry_after = response.headers.get("Retry-After")
    except requests.exceptions.SSLError as exc:
        raise DeliveryError(ErrorClass.CONFIG, f"TLS failed for {url}: {exc}", "对方证书校验失败,已停止推送") from exc
    except requests.Timeout as exc:
        raise DeliveryError(ErrorClass.TRANSIENT, f"Timed out posting to {url}", "对方接口响应超时,将自动重试") from exc
    except (requests.RequestException, OSError) as exc:
        raise DeliveryError(
            ErrorClass.TRANSIENT, f"Connection to {url} failed: {exc}", "无法连接对方接口,将自动重试"
        ) from exc
    logger.info(
        "Partner %s answered %s to %s in %.0f ms", partner.pk, status, webhook_id, (time.monotonic() - started) * 1000
    )
    if 200 <= status < 300:
        parsed = _parse(raw)
        kept = parsed if len(raw) <= MAX_KEPT_ANSWER else raw[:MAX_KEPT_ANSWER].decode("utf-8", "ignore")
        return Answer(status, _ack_id(parsed), kept)
    raise _classify_status(partner, status, retry_after, url)


def _read(response: requests.Response, deadline: float) -> bytes:
    body = bytearray()
    for chunk in response.iter_content(8192):
        body += chunk
        if len(body) >= MAX_ANSWER_BYTES or time.monotonic() > deadline:
            break  # we only want an acknowledgement id; the rest is not our business
    return bytes(body[:MAX_ANSWER_BYTES])


def _parse(raw: bytes) -> dict | str:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return raw.decode("utf-8", "replace")[:500]
    return value if isinstance(value, dict) else str(value)[:500]


def _ack_id(parsed: dict | str) -> str:
    if isinstance(parsed, dict):
        for key in ACK_KEYS:
            if isinstance(parsed.get(key), str | int) and str(parsed[key]):
                return str(parsed[key])[:200]
    return ""


def _unsafe(exc: UnsafeURLError) -> DeliveryError:
    return DeliveryError(ErrorClass.CONFIG, str(exc), f"推送地址不安全或不被允许:{exc.user_message}")


def _classify_status(partner: PressPartner, status: int, retry_after: str | None, url: str) -> DeliveryError:
    message = f"{url} answered HTTP {status}"
    if status == 429:
        wait = parse_retry_after(retry_after)
        wait = DEFAULT_RATE_WAIT if wait is None else min(wait, MAX_RATE_WAIT)
        return DeliveryError(
            ErrorClass.RATE, f"{message}; retry after {wait:.0f} s", "对方要求降低推送频率,将按要求稍后重试",
            retry_after=wait, code=status,
        )  # fmt: skip
    if status == 410:
        partner.disable(GONE_REASON)
        logger.warning("Partner %s disabled: its endpoint answered 410 Gone", partner.pk)
        return DeliveryError(ErrorClass.CONFIG, f"{message}; partner disabled", GONE_REASON, code=status)
    if status >= 500 or status in (408, 425):
        wait = parse_retry_after(retry_after) if status == 503 else None
        return DeliveryError(
            ErrorClass.TRANSIENT, message, f"对方接口暂时出错(HTTP {status}),将自动重试", retry_after=wait, code=status
        )
    if 300 <= status < 400:
        return DeliveryError(
            ErrorClass.CONFIG, f"{message} (redirects are not followed)", "推送地址发生跳转,请核实地址", code=status
        )
    if status in (401, 403):
        return DeliveryError(ErrorClass.CONFIG, message, f"对方拒绝了签名(HTTP {status}),请核对签名密钥", code=status)
    if status == 404:
        return DeliveryError(ErrorClass.CONFIG, message, "推送地址不存在(HTTP 404),请核实地址", code=status)
    return DeliveryError(ErrorClass.CONTENT, message, f"对方拒收了此条内容(HTTP {status}),请人工处理", code=status)
