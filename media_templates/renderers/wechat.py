"""The WeChat official-account article (draft/add payload) for a policy bundle.

Field notes: title ≤32, author ≤16, digest ≤128 characters; content under 20,000 characters and
1 MB; CSS only inline; scripts stripped; a link to any host but mp.weixin.qq.com fails with 45166;
images must be re-hosted on mmbiz.qpic.cn; no attachments (the website page is 阅读原文).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..common import display_title, host_of, inline_css, render, resolve_style
from ..content import PolicyContent, SiteStyle, metadata_rows
from ..images.base import GeneratedImage
from . import limits
from .html import (
    GENERATED_SCHEME,
    WECHAT_LINK_HOSTS,
    Footnote,
    collect_images,
    footnote_number,
    html_to_text,
    links_to_footnotes,
    rewrite_images,
    sanitize_body,
    wechat_clean,
)

__all__ = ["ContentTooLong", "WeChatArticle", "render_wechat_article", "rewrite_images"]

GRAPHIC_PLACEHOLDER = f"{GENERATED_SCHEME}graphic"


class ContentTooLong(ValueError):
    """The article body is beyond one of WeChat's limits; the editor may send the summary version."""

    def __init__(self, limit: str, actual: int, maximum: int, *, summary_only: bool = False):
        self.limit, self.actual, self.maximum, self.summary_only = limit, actual, maximum, summary_only
        if limit == "chars":
            what, now = f"{maximum:,} 字符", f"{actual:,} 字符"
        else:
            what, now = f"{maximum / 1_000_000:g} MB", f"{actual:,} 字节"
        if summary_only:
            message = f"摘要版正文仍超过微信限制({what})：当前 {now}。请缩短摘要或解读材料列表。"
        else:
            message = f"正文超过微信限制({what})：当前 {now}。可选择发送摘要版，正文以“阅读原文”链接到网站。"
        super().__init__(message)


@dataclass(frozen=True)
class WeChatArticle:
    title: str
    author: str
    digest: str
    content: str
    content_source_url: str
    images: list[str]
    footnotes: list[Footnote]
    full_title: str
    summary_only: bool = False
    generated_images: dict[str, GeneratedImage] = field(default_factory=dict)

    @property
    def title_truncated(self) -> bool:
        return self.title != self.full_title

    def draft_article(self, thumb_media_id: str, *, open_comment: bool = False) -> dict[str, Any]:
        """One element of draft/add's `articles` (call rewrite_images on `content` first)."""
        return {
            "title": self.title,
            "author": self.author,
            "digest": self.digest,
            "content": self.content,
            "content_source_url": self.content_source_url,
            "thumb_media_id": thumb_media_id,
            "need_open_comment": int(open_comment),
            "only_fans_can_comment": 0,
        }

    def with_images(self, mapping: dict[str, str]) -> WeChatArticle:
        """A copy whose content points at the re-hosted images (see rewrite_images)."""
        return replace(self, content=rewrite_images(self.content, mapping))


def render_wechat_article(
    policy: PolicyContent,
    *,
    style: SiteStyle | None = None,
    summary_only: bool = False,
    graphic: GeneratedImage | None = None,
    author: str | None = None,
) -> WeChatArticle:
    """The article for draft/add. Raises ContentTooLong when the content exceeds WeChat's limits."""
    style = resolve_style(style, policy.publisher)
    body = sanitize_body(policy.body_html)
    digest_source = policy.summary or html_to_text(body)
    footnotes: list[Footnote] = []
    images: list[str] = []
    if summary_only:
        body = ""  # left out, with its links and images
    else:
        body, footnotes = links_to_footnotes(body, base_url=policy.url, footnotes=footnotes)
        body, images = collect_images(body, base_url=policy.url)
    materials = []
    for m in policy.materials:
        link = m.url if host_of(m.url) in WECHAT_LINK_HOSTS else ""
        note = footnote_number(footnotes, m.url, m.title) if m.url and not link else None
        materials.append({**m.__dict__, "link": link, "note": note})

    full_title = display_title(policy)
    title = limits.truncate(policy.short_title or full_title, limits.WECHAT_TITLE)
    graphic_ctx = None
    generated: dict[str, GeneratedImage] = {}
    if graphic is not None:
        generated[GRAPHIC_PLACEHOLDER] = graphic
        graphic_ctx = {"src": GRAPHIC_PLACEHOLDER, "alt": graphic.alt, "text_html": graphic.text_equivalent_html}
    html = render(
        "wechat/article.html",
        {
            "policy": policy,
            "style": style,
            "full_title": full_title if title != full_title else "",
            "metadata": metadata_rows(policy),
            "body": body,
            "summary_only": summary_only,
            "materials": materials,
            "attachments": policy.attachments,
            "footnotes": footnotes,
            "graphic": graphic_ctx,
        },
    )
    content = wechat_clean(inline_css(html, "article.css", style))
    content = re.sub(r"\n\s*\n+", "\n", content).strip()
    check_limits(content, summary_only=summary_only)
    return WeChatArticle(
        title=title,
        author=limits.truncate(author or policy.issuing_organ or style.organ_name, limits.WECHAT_AUTHOR),
        digest=limits.truncate(digest_source, limits.WECHAT_DIGEST),
        content=content,
        content_source_url=policy.url,
        images=images,
        footnotes=footnotes,
        full_title=full_title,
        summary_only=summary_only,
        generated_images=generated,
    )


def check_limits(content: str, *, summary_only: bool = False) -> None:
    if len(content) >= limits.WECHAT_CONTENT_CHARS:
        raise ContentTooLong("chars", len(content), limits.WECHAT_CONTENT_CHARS, summary_only=summary_only)
    size = len(content.encode("utf-8"))
    if size >= limits.WECHAT_CONTENT_BYTES:
        raise ContentTooLong("bytes", size, limits.WECHAT_CONTENT_BYTES, summary_only=summary_only)
