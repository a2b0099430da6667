"""Pure renderers: PolicyContent in, channel payload out (no database, no network)."""

from .atom import render_atom_entry, render_atom_feed
from .email import render_email
from .html import Footnote, UnmappedImage, rewrite_images
from .limits import truncate
from .ninjs import NinjsInvalid, render_ninjs, render_ninjs_json, validate_ninjs
from .wechat import ContentTooLong, WeChatArticle, render_wechat_article

__all__ = [
    "ContentTooLong",
    "Footnote",
    "NinjsInvalid",
    "UnmappedImage",
    "WeChatArticle",
    "render_atom_entry",
    "render_atom_feed",
    "render_email",
    "render_ninjs",
    "render_ninjs_json",
    "render_wechat_article",
    "rewrite_images",
    "truncate",
    "validate_ninjs",
]
