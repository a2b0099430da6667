"""The WeChat cover (900×383, 2.35:1) and the square thumbnail (JPEG, at most 64 KB).

Field notes: a draft's cover is a permanent material; `type=thumb` takes a JPEG of at most 64 KB.
The thumbnail is encoded at falling JPEG qualities, then at smaller sizes, until it fits.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PIL import Image, ImageDraw

from ..common import display_title, resolve_style
from ..content import PolicyContent, SiteStyle, format_date
from .base import GeneratedImage, encode_jpeg
from .draw import Fonts, colour, draw_lines, fit, line_height, load_logo, mix, text_height

COVER_SIZE = (900, 383)
THUMB_MAX_BYTES = 64 * 1024
QUALITIES = (92, 86, 80, 74, 68, 60, 52, 44, 36)
WHITE = (255, 255, 255)


class ImageTooHeavy(ValueError):
    pass


def _decorate(draw: ImageDraw.ImageDraw, style: SiteStyle, w: int, h: int) -> None:
    """Quiet concentric arcs at the right: depth without clutter."""
    base = colour(style, "primary")
    cx, cy = int(w * 0.92), int(h * 0.18)
    for i, r in enumerate(range(int(h * 1.1), int(h * 0.25), -int(h * 0.14) or -1)):
        tone = mix(base, WHITE, 0.05 + 0.018 * i)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=tone, width=max(2, h // 90))


def _label(draw, fonts: Fonts, style: SiteStyle, text: str, x: int, y: int, size: int) -> int:
    """A gold-outlined label; returns its right edge."""
    font = fonts.bold(size)
    pad_x, pad_y = size // 2, size // 4
    w = round(font.getlength(text)) + 2 * pad_x
    h = size + 2 * pad_y
    gold = colour(style, "accent")
    draw.rounded_rectangle((x, y, x + w, y + h), radius=size // 5, outline=gold, width=max(2, size // 12))
    draw.text((x + pad_x, y + pad_y), text, font=font, fill=gold, anchor="lt")
    return x + w


def draw_cover(policy: PolicyContent, style: SiteStyle, size=COVER_SIZE, label: str = "政策解读") -> Image.Image:
    w, h = size
    fonts = Fonts(style)
    title = display_title(policy)
    organ = policy.issuing_organ or style.organ_name
    footer_right = "　".join(x for x in (policy.document_number, format_date(policy.date_published)) if x)
    fonts.check(title, organ, footer_right, label)

    image = Image.new("RGB", size, colour(style, "primary"))
    draw = ImageDraw.Draw(image)
    _decorate(draw, style, w, h)
    band = round(h * 0.17)
    draw.rectangle((0, h - band, w, h), fill=colour(style, "primary_dark"))
    draw.rectangle((0, h - band - 3, w, h - band), fill=colour(style, "accent"))

    margin = round(w * 0.062)
    top = round(h * 0.1)
    x = margin
    logo = load_logo(style, round(h * 0.11))
    if logo is not None:
        image.paste(logo, (x, top), logo)
        x += logo.width + 12
    _label(draw, fonts, style, label, x, top, round(h * 0.062))

    width = w - 2 * margin
    font, lines = fit(title, fonts, width, 2, range(52, 35, -2))
    if lines[-1].endswith("…") and not title.endswith("…"):  # too long for two lines: three, smaller
        font, lines = fit(title, fonts, width, 3, range(36, 27, -2))
    area_top, area_bottom = top + round(h * 0.14), h - band - 6
    y = area_top + (area_bottom - area_top - text_height(lines, font, 1.35)) / 2
    draw_lines(draw, lines, font, (margin, y), WHITE, leading=1.35)

    small = fonts.regular(round(band * 0.36))
    light = mix(WHITE, colour(style, "accent"), 0.25)
    mid = h - band / 2
    draw.text((margin, mid), organ, font=small, fill=light, anchor="lm")
    if footer_right:
        draw.text((w - margin, mid), footer_right, font=small, fill=light, anchor="rm")
    return image


def draw_thumbnail(policy: PolicyContent, style: SiteStyle, side: int, label: str = "政策解读") -> Image.Image:
    fonts = Fonts(style)
    title = policy.short_title or display_title(policy)
    organ = policy.issuing_organ or style.organ_name
    fonts.check(title, organ, label)
    image = Image.new("RGB", (side, side), colour(style, "primary"))
    draw = ImageDraw.Draw(image)
    _decorate(draw, style, side, side)
    unit = side / 360
    margin = round(28 * unit)
    label_size = max(10, round(20 * unit))
    _label(draw, fonts, style, label, margin, margin, label_size)
    organ_font = fonts.regular(max(9, round(17 * unit)))
    organ_y = side - margin - line_height(organ_font, 1.2)
    width = side - 2 * margin
    font, lines = fit(title, fonts, width, 4, range(round(46 * unit), max(10, round(26 * unit)) - 1, -2))
    area_top = margin + label_size * 1.5 + 8 * unit
    area_bottom = organ_y - 8 * unit
    y = area_top + (area_bottom - area_top - text_height(lines, font, 1.3)) / 2
    draw_lines(draw, lines, font, (margin, y), WHITE, leading=1.3)
    draw.rectangle((margin, organ_y - 10 * unit, margin + 36 * unit, organ_y - 8 * unit), fill=colour(style, "accent"))
    draw.text((margin, organ_y), organ, font=organ_font, fill=mix(WHITE, colour(style, "accent"), 0.25), anchor="lt")
    return image


def encode_within(
    draw: Callable[[int], Image.Image], side: int, max_bytes: int, *, min_side: int = 120
) -> tuple[bytes, int, int]:
    """JPEG bytes of draw(side) within max_bytes: qualities first, then sides shrunk by 15 %.

    Returns (data, side, quality); ImageTooHeavy if even min_side at the lowest quality is too big.
    """
    while True:
        image = draw(side)
        for quality in QUALITIES:
            data = encode_jpeg(image, quality)
            if len(data) <= max_bytes:
                return data, side, quality
        if side <= min_side:
            raise ImageTooHeavy(f"缩略图无法压缩到 {max_bytes // 1024} KB 以内（已降到 {side}px、质量 {quality}）")
        side = max(min_side, int(side * 0.85))


def _text_equivalent(policy: PolicyContent, style: SiteStyle) -> tuple[str, str]:
    lines = [display_title(policy), policy.issuing_organ or style.organ_name]
    lines += [x for x in (policy.document_number, format_date(policy.date_published)) if x]
    return "\n".join(lines), "<p>" + "<br>".join(escape(line) for line in lines) + "</p>"


def render_cover(
    policy: PolicyContent, *, style: SiteStyle | None = None, label: str = "政策解读", quality: int = 90
) -> GeneratedImage:
    """The 900×383 JPEG cover for the WeChat article (and the website's share card)."""
    style = resolve_style(style, policy.publisher)
    image = draw_cover(policy, style, COVER_SIZE, label)
    text, html = _text_equivalent(policy, style)
    return GeneratedImage(
        name="cover",
        data=encode_jpeg(image, quality),
        format="JPEG",
        size=image.size,
        alt=f"封面图：{display_title(policy)}（{policy.issuing_organ or style.organ_name}）",
        text_equivalent=text,
        text_equivalent_html=html,
        meta={"quality": quality},
    )


def render_thumbnail(
    policy: PolicyContent,
    *,
    style: SiteStyle | None = None,
    size: int = 360,
    max_bytes: int = THUMB_MAX_BYTES,
    label: str = "政策解读",
) -> GeneratedImage:
    """The square JPEG thumbnail, always at most `max_bytes` (64 KB: WeChat's thumb limit)."""
    style = resolve_style(style, policy.publisher)
    data, side, quality = encode_within(lambda s: draw_thumbnail(policy, style, s, label), size, max_bytes)
    text, html = _text_equivalent(policy, style)
    return GeneratedImage(
        name="thumbnail",
        data=data,
        format="JPEG",
        size=(side, side),
        alt=f"缩略图：{policy.short_title or display_title(policy)}",
        text_equivalent=text,
        text_equivalent_html=html,
        meta={"quality": quality},
    )
