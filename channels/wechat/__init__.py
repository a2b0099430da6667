"""The WeChat official account channel: our wrapper over wechatpy (client.py), the error classes
(errors.py), the shared token (tokens.py) and the PUBLISHJOBFINISH callback (events.py)."""

from .client import (
    ConfiguredWeChatClient,
    MassSendResult,
    PublishResult,
    add_draft,
    add_thumb,
    get_client,
    get_publish_status,
    make_client_msg_id,
    mass_send,
    submit_publish,
    upload_article_image,
)
from .errors import CallbackRejected, ErrorClass, WeChatError, classify
from .events import PublishEvent, parse_publish_event, verify_callback

__all__ = [
    "CallbackRejected",
    "ConfiguredWeChatClient",
    "ErrorClass",
    "MassSendResult",
    "PublishEvent",
    "PublishResult",
    "WeChatError",
    "add_draft",
    "add_thumb",
    "classify",
    "get_client",
    "get_publish_status",
    "make_client_msg_id",
    "mass_send",
    "parse_publish_event",
    "submit_publish",
    "upload_article_image",
    "verify_callback",
]
