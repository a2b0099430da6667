"""The PUBLISHJOBFINISH event WeChat pushes to our callback URL (明文模式 here; 安全模式 decrypts in safe_mode.py
and reads the decrypted XML with read_publish_event).

A push is accepted only if its signature (SHA-1 over the sorted token, timestamp and nonce) matches,
compared in constant time; its timestamp is within 5 minutes of ours; and its (timestamp, nonce) has not
been seen before (remembered in Django's cache, shared by every process). The view answers "success" to
any accepted push, and should answer "success" to other events as well, so WeChat does not send them again.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

import xmltodict
from django.conf import settings
from django.core.cache import caches

from .client import PublishResult, publish_result
from .errors import CallbackRejected

MAX_SKEW = 300  # seconds either way
MAX_XML_BYTES = 64 * 1024
NONCE_TTL = 2 * MAX_SKEW + 60  # longer than any timestamp we would still accept


@dataclass
class PublishEvent:
    result: PublishResult
    to_user: str  # the account's original id (gh_...)
    create_time: int
    raw: dict

    @property
    def publish_id(self) -> str:
        return self.result.publish_id

    @property
    def status(self) -> int:
        return self.result.status


def callback_signature(token: str, timestamp: str, nonce: str, encrypt: str = "") -> str:
    """`signature`; with the ciphertext of an encrypted push, its `msg_signature` (an empty one adds nothing)."""
    parts = sorted([token, str(timestamp), str(nonce), str(encrypt)])
    return hashlib.sha1("".join(parts).encode("utf-8")).hexdigest()


def verify_callback(
    signature: str, timestamp: str, nonce: str, token: str | None = None, *, now=None, encrypt: str = ""
):
    """Raise CallbackRejected unless the query arguments of a push are genuine, fresh and new (with `encrypt`, the
    signature is the msg_signature of an encrypted push)."""
    token = token if token is not None else getattr(settings, "WECHAT_TOKEN", "")
    if not token:
        raise CallbackRejected("signature", "WECHAT_TOKEN is not configured")
    if not signature or not timestamp or not nonce:
        raise CallbackRejected("signature", "signature, timestamp and nonce are required")
    expected = callback_signature(token, timestamp, nonce, encrypt)
    if not hmac.compare_digest(expected.encode("ascii"), str(signature).encode("utf-8")):
        raise CallbackRejected("signature")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise CallbackRejected("malformed", "timestamp is not a number") from None
    now = time.time() if now is None else now
    if abs(now - sent_at) > MAX_SKEW:
        raise CallbackRejected("stale", f"timestamp {sent_at} is {int(now - sent_at)} s off")
    key = "wechat:callback-nonce:" + hashlib.sha256(f"{token}:{timestamp}:{nonce}".encode()).hexdigest()
    if not caches["default"].add(key, 1, timeout=NONCE_TTL):
        raise CallbackRejected("replay", f"nonce {nonce} was already used")


def parse_publish_event(
    xml: bytes | str, signature: str, timestamp: str, nonce: str, token: str | None = None, *, now=None
) -> PublishEvent | None:
    """Verify a push and read it: a PublishEvent, or None for a genuine push of another event type."""
    if len(xml) > MAX_XML_BYTES:
        raise CallbackRejected("malformed", "body too large")
    verify_callback(signature, timestamp, nonce, token, now=now)
    return read_publish_event(xml)


def read_xml(xml: bytes | str) -> dict:
    """The fields of a pushed <xml> (entities refused: no billion laughs, no external files)."""
    if len(xml) > MAX_XML_BYTES:
        raise CallbackRejected("malformed", "body too large")
    try:
        message = xmltodict.parse(xml, disable_entities=True)["xml"]
    except Exception as exc:  # expat errors, a missing <xml> root, entity declarations
        raise CallbackRejected("malformed", f"{type(exc).__name__}: {exc}") from None
    if not isinstance(message, dict):
        raise CallbackRejected("malformed", "empty <xml>")
    return message


def read_publish_event(xml: bytes | str) -> PublishEvent | None:
    """A verified push (or a decrypted one) read: a PublishEvent, or None for another event type."""
    message = read_xml(xml)
    if (message.get("Event") or "").upper() != "PUBLISHJOBFINISH":
        return None
    info = message.get("PublishEventInfo")
    if not isinstance(info, dict):
        raise CallbackRejected("malformed", "PublishEventInfo is missing or has no fields")
    try:
        result = publish_result(info["publish_id"], int(info["publish_status"]), info)
        create_time = int(message.get("CreateTime") or 0)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CallbackRejected("malformed", f"PublishEventInfo: {exc!r}") from None
    return PublishEvent(result=result, to_user=message.get("ToUserName") or "", create_time=create_time, raw=message)
