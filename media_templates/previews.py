"""What the admin shows before release: the WeChat article and every generated image.

Pure: content in, preview out. Images come back as bytes and data: URLs, so a view can inline them
without storing anything. An error in one part (too long for WeChat, a glyph the font lacks) is
reported for that part and does not hide the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .common import resolve_style
from .content import GraphicSpec, PolicyContent, SiteStyle
from .images.base import GeneratedImage
from .images.cover import render_cover, render_thumbnail
from .images.fonts import FontNotFound, MissingGlyph
from .images.graphic import render_graphic
from .images.poster import render_poster
from .renderers.html import rewrite_images
from .renderers.wechat import ContentTooLong, WeChatArticle, render_wechat_article

IMAGE_LABELS = {
    "cover": "微信封面（900×383）",
    "thumbnail": "微信缩略图（正方形，≤64 KB）",
    "graphic": "图解长图",
    "poster": "分享海报（朋友圈）",
}


@dataclass(frozen=True)
class PreviewImage:
    key: str
    label: str
    alt: str
    text_equivalent: str
    text_equivalent_html: str
    data: bytes
    data_url: str
    mime_type: str
    width: int
    height: int

    @property
    def kilobytes(self) -> float:
        return round(len(self.data) / 1024, 1)

    @classmethod
    def of(cls, image: GeneratedImage) -> PreviewImage:
        return cls(
            image.name,
            IMAGE_LABELS.get(image.name, image.name),
            image.alt,
            image.text_equivalent,
            image.text_equivalent_html,
            image.data,
            image.data_url(),
            image.mime_type,
            *image.size,
        )


@dataclass
class Preview:
    article: WeChatArticle | None = None
    article_html: str = ""  # the content as WeChat will show it, generated images inlined
    article_error: str = ""
    summary_offered: bool = False  # the full article is too long; this is the summary version
    images: list[PreviewImage] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # per image key

    @property
    def ok(self) -> bool:
        return not self.article_error and not self.errors


def preview_images(
    policy: PolicyContent, *, spec: GraphicSpec | None = None, style: SiteStyle | None = None
) -> tuple[list[GeneratedImage], dict[str, str]]:
    """Every generated image for the bundle, and the error of each that could not be made."""
    style = resolve_style(style)
    makers = [
        ("cover", lambda: render_cover(policy, style=style)),
        ("thumbnail", lambda: render_thumbnail(policy, style=style)),
    ]
    if spec is not None:
        makers.append(("graphic", lambda: render_graphic(spec, style=style)))
    makers.append(("poster", lambda: render_poster(policy, style=style, spec=spec)))
    images, errors = [], {}
    for key, make in makers:
        try:
            images.append(make())
        except (MissingGlyph, FontNotFound, ValueError) as exc:
            errors[key] = str(exc)
    return images, errors


def article_preview_html(article: WeChatArticle) -> str:
    """The article content with generated images shown inline (external images stay as they are)."""
    mapping = {key: image.data_url() for key, image in article.generated_images.items()}
    return rewrite_images(article.content, mapping, strict=False)


def build_preview(
    policy: PolicyContent,
    *,
    spec: GraphicSpec | None = None,
    style: SiteStyle | None = None,
    summary_only: bool = False,
) -> Preview:
    """The WeChat article (falling back to the summary version when too long) and all images."""
    style = resolve_style(style)
    images, errors = preview_images(policy, spec=spec, style=style)
    graphic = next((i for i in images if i.name == "graphic"), None)
    preview = Preview(images=[PreviewImage.of(i) for i in images], errors=errors)
    try:
        article = render_wechat_article(policy, style=style, summary_only=summary_only, graphic=graphic)
    except ContentTooLong as exc:
        preview.article_error = str(exc)
        if summary_only:
            return preview
        try:
            article = render_wechat_article(policy, style=style, summary_only=True, graphic=graphic)
        except ContentTooLong as again:
            preview.article_error += f"\n{again}"
            return preview
        preview.summary_offered = True
    preview.article = article
    preview.article_html = article_preview_html(article)
    return preview
