"""PUBLISHJOBFINISH: WeChat tells us a publish job ended. Genuine, fresh and new pushes only (events.py);
the matching submitted row is completed at once, and WeChat always hears "success" for a genuine push.

Every account (the WECHAT_* one and each body's) uses the same callback URL: the push is checked against the
token of the account whose token signed it, and settles only rows of that account's target. An encrypted push
(安全模式, 兼容模式) is decrypted with that account's EncodingAESKey (safe_mode.py); a cleartext one is refused
for an account in 安全模式, so leaving out the encryption does not get round it."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict
from typing import TYPE_CHECKING

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from channels.adapters.base import Checkpoints, Outcome, OutcomeState
from channels.ledger import runs
from channels.models import Delivery
from channels.wechat import accounts, safe_mode
from channels.wechat.client import PublishResult
from channels.wechat.errors import CallbackRejected
from channels.wechat.events import PublishEvent, parse_publish_event, verify_callback

if TYPE_CHECKING:
    from channels.adapters.wechat import WeChatAdapter

logger = logging.getLogger(__name__)
BUSY_TRIES, BUSY_WAIT = 5, 0.5  # within WeChat's 5 seconds
EVENT_TTL = 86400


def handle_publish_callback(adapter: WeChatAdapter, request: HttpRequest) -> HttpResponse:
    query = request.GET
    signature, timestamp, nonce = query.get("signature", ""), query.get("timestamp", ""), query.get("nonce", "")
    try:
        if request.method == "GET":  # the server URL check in the account's settings: echo echostr back
            signers = accounts.for_callback(signature, timestamp, nonce)
            verify_callback(signature, timestamp, nonce, signers[0].token if signers else None)
            return HttpResponse(query.get("echostr", ""), content_type="text/plain")
        if safe_mode.is_encrypted(query):  # 安全模式 or 兼容模式
            event, signers = safe_mode.parse_encrypted_event(
                request.body, query.get("msg_signature", ""), timestamp, nonce
            )
        else:
            event, signers = _plaintext_event(request.body, signature, timestamp, nonce)
    except CallbackRejected as rejected:
        logger.warning("wechat callback refused: %s", rejected)
        return HttpResponse(rejected.message_zh, status=403, content_type="text/plain; charset=utf-8")
    targets = [account.target for account in signers]
    if event is not None:
        if not event.result.publishing:  # an unfinished job's status would hide its end from the polls
            remember(event.result)
        result, settle = "busy", lambda checkpoints: _settle(adapter, checkpoints, event)
        for _ in range(BUSY_TRIES):  # a worker may be recording the submission right now
            result = runs.complete_submitted(adapter.channel, event.publish_id, settle, targets=targets)
            if result == "unknown" and _being_submitted(event.publish_id, targets):
                result = "busy"  # the worker that submitted it has not recorded the submission yet
            if result != "busy":
                break
            time.sleep(BUSY_WAIT)
        logger.info("wechat PUBLISHJOBFINISH %s status %s: %s", event.publish_id, event.status, result)
    return HttpResponse("success", content_type="text/plain")


def _plaintext_event(
    body: bytes, signature: str, timestamp: str, nonce: str
) -> tuple[PublishEvent | None, list[accounts.Account]]:
    """A cleartext push, believed only from accounts in 明文/兼容模式: an account in 安全模式 encrypts every push,
    so a cleartext one in its name is forged (or WeChat's setting and ours disagree)."""
    signers = accounts.for_callback(signature, timestamp, nonce)
    believed = [account for account in signers if account.accepts_plaintext]
    if signers and not believed:
        raise CallbackRejected("plaintext", f"{signers[0].target} is in safe mode: a plaintext push is refused")
    keyed = [account.target for account in believed if account.aes_key]
    if keyed:  # 兼容模式 (or 明文模式 chosen despite a key): allowed, but the operator should know it happens
        logger.warning(
            "wechat callback: plaintext push accepted for %s although an EncodingAESKey is set (message mode %s); "
            "switch the account to 安全模式 to refuse plaintext",
            ", ".join(keyed),
            believed[0].message_mode,
        )
    token = believed[0].token if believed else None  # None: the WECHAT_TOKEN check, which refuses it
    return parse_publish_event(body, signature, timestamp, nonce, token), believed


def _being_submitted(publish_id: str, targets: list[str] | None = None) -> bool:
    """A worker holds a row of these targets (any, without) whose submission it has not recorded yet."""
    rows = Delivery.objects.filter(
        channel="wechat", state=Delivery.State.IN_PROGRESS, checkpoints__publish__publish_id=str(publish_id)
    )
    return (rows if targets is None else rows.filter(target__in=targets)).exists()


def _key(publish_id: str) -> str:
    return f"wechat:publish-event:{publish_id}"


def remember(result: PublishResult) -> None:
    """Kept for a day in the shared cache: a worker that held the row when the push came reads it there."""
    caches["default"].set(_key(result.publish_id), asdict(result), timeout=EVENT_TTL)


def remembered(publish_id: str) -> PublishResult | None:
    data = caches["default"].get(_key(publish_id))
    return PublishResult(**data) if data else None


def _settle(adapter: WeChatAdapter, checkpoints: Checkpoints, event: PublishEvent) -> Outcome:
    if not checkpoints.get("published"):
        adapter.record_result(checkpoints, event.result)  # raises for a failed job
    published = checkpoints.get("published")
    if checkpoints.get("mass_send") and not checkpoints.get("mass_sent"):
        # The mass send is a call to WeChat: a worker makes it, not this 5-second reply.
        return Outcome(OutcomeState.SUBMITTED, external_id=event.publish_id, poll_after=0.5)
    return Outcome(OutcomeState.DELIVERED, external_id=published["article_id"], external_url=published["url"])
