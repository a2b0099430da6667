"""The share poster for WeChat Moments (朋友圈): title, summary, key figures and a QR code to the page."""

from __future__ import annotations

from html import escape

import qrcode
from PIL import Image, ImageDraw

from ..common import display_title, host_of, resolve_style
from ..content import GraphicSpec, PolicyContent, SiteStyle, format_date
from .base import GeneratedImage, encode_jpeg
from .draw import Fonts, colour, draw_lines, fit, load_logo, mix, text_height, wrap

POSTER_SIZE = (750, 1334)
WHITE = (255, 255, 255)


def qr_image(url: str, side: int, fill, *, border: int = 2) -> tuple[Image.Image, int, int]:
    """The QR code of `url` (error correction M) in about `side` pixels, whole pixels per module.

    Returns (image, pixels per module, modules per side without the quiet zone).
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=border)
    code.add_data(url)
    code.make(fit=True)
    module = max(3, side // (code.modules_count + 2 * border))
    code.box_size = module
    image = code.make_image(fill_color=fill, back_color="white").get_image().convert("RGB")
    return image, module, code.modules_count


def _figures(spec: GraphicSpec | None) -> list[tuple[str, str]]:
    if spec is None:
        return []
    return [(p.figure, p.title) for p in spec.key_points if p.figure][:3]


def render_poster(
    policy: PolicyContent,
    *,
    style: SiteStyle | None = None,
    spec: GraphicSpec | None = None,
    url: str | None = None,
    quality: int = 90,
) -> GeneratedImage:
    """A 750×1334 JPEG poster whose QR code opens `url` (default: the policy's page)."""
    style = resolve_style(style, policy.publisher)
    url = url or policy.url
    w, h = POSTER_SIZE
    fonts = Fonts(style)
    title = display_title(policy)
    organ = policy.issuing_organ or style.organ_name
    meta_line = "　".join(x for x in (policy.document_number, format_date(policy.date_published)) if x)
    figures = _figures(spec)
    cta, cta2 = "长按识别二维码", "查看政策原文及解读"
    fonts.check(
        title,
        organ,
        meta_line,
        policy.summary,
        style.site_name,
        cta,
        cta2,
        "政策解读内容摘要",
        *(f + t for f, t in figures),
    )

    red, gold, ink, muted = (colour(style, n) for n in ("primary", "accent", "text", "muted"))
    image = Image.new("RGB", POSTER_SIZE, colour(style, "background"))
    draw = ImageDraw.Draw(image)
    m = 48

    # Header: label, title, document number and date.
    title_font, title_lines = fit(title, fonts, w - 2 * m, 4, range(50, 33, -2))
    header_h = 150 + text_height(title_lines, title_font, 1.38) + 90
    draw.rectangle((0, 0, w, header_h), fill=red)
    for i, r in enumerate(range(520, 120, -70)):
        draw.ellipse((w - 60 - r, -80 - r, w - 60 + r, -80 + r), outline=mix(red, WHITE, 0.05 + 0.02 * i), width=3)
    draw.rectangle((0, header_h, w, h), fill=colour(style, "background"))  # arcs stay in the header
    draw.rectangle((0, header_h - 6, w, header_h), fill=gold)
    x = m
    logo = load_logo(style, 44)
    if logo is not None:
        image.paste(logo, (x, 56), logo)
        x += logo.width + 14
    tag = fonts.bold(24)
    tw = tag.getlength("政策解读") + 32
    draw.rounded_rectangle((x, 58, x + tw, 100), radius=8, outline=gold, width=2)
    draw.text((x + 16, 79), "政策解读", font=tag, fill=gold, anchor="lm")
    draw.text((x + tw + 16, 79), style.site_name, font=fonts.regular(24), fill=mix(WHITE, gold, 0.3), anchor="lm")
    y = draw_lines(draw, title_lines, title_font, (m, 140), WHITE, leading=1.38)
    if meta_line:
        draw.text((m, y + 22), meta_line, font=fonts.regular(24), fill=mix(WHITE, gold, 0.4), anchor="lt")

    # Body card: key figures, then as much of the summary as fits above the QR card.
    qr_card_top = h - 96 - 300
    card_top = header_h + 36
    draw.rounded_rectangle((m - 16, card_top, w - m + 16, qr_card_top - 28), radius=16, fill=WHITE)
    y = card_top + 32
    if figures:
        col = (w - 2 * m) / len(figures)
        big, small = fonts.bold(44 if len(figures) < 3 else 38), fonts.regular(22)
        for i, (figure, label) in enumerate(figures):
            cx = m + col * (i + 0.5)
            fig_line = wrap(figure, big, col - 16, 1)[0]
            draw.text((cx, y), fig_line, font=big, fill=red, anchor="mt")
            draw.text((cx, y + 62), wrap(label, small, col - 16, 1)[0], font=small, fill=muted, anchor="mt")
        y += 116
        draw.line((m, y, w - m, y), fill=colour(style, "border"), width=2)
        y += 24
    body = fonts.regular(28)
    draw.text((m, y), "内容摘要", font=fonts.bold(28), fill=red, anchor="lt")
    y += 52
    room = max(1, int((qr_card_top - 60 - y) // round(28 * 1.6)))
    draw_lines(draw, wrap(policy.summary or title, body, w - 2 * m, room), body, (m, y), ink, leading=1.6)

    # QR card: the code on the left, the call to action on the right.
    draw.rounded_rectangle((m - 16, qr_card_top, w - m + 16, h - 120), radius=16, fill=WHITE)
    qr, module_px, count = qr_image(url, 230, ink)
    qx, qy = m + 8, qr_card_top + (h - 120 - qr_card_top - qr.height) // 2
    image.paste(qr, (qx, qy))
    tx = qx + qr.width + 36
    draw.text((tx, qy + 40), cta, font=fonts.bold(34), fill=ink, anchor="lt")
    draw.text((tx, qy + 100), cta2, font=fonts.regular(28), fill=muted, anchor="lt")
    draw.text((tx, qy + 150), host_of(url), font=fonts.regular(22), fill=muted, anchor="lt")

    draw.rectangle((0, h - 96, w, h), fill=red)
    footer = f"{organ} · {style.site_name}"
    draw.text((w / 2, h - 48), footer, font=fonts.bold(24), fill=WHITE, anchor="mm")

    summary = policy.summary or ""
    text = "\n".join(
        x for x in (title, meta_line, summary, *(f"{t}：{f}" for f, t in figures), f"政策页面：{url}", footer) if x
    )
    return GeneratedImage(
        name="poster",
        data=encode_jpeg(image, quality),
        format="JPEG",
        size=POSTER_SIZE,
        alt=f"分享海报：{title}。长按识别二维码可打开政策页面。",
        text_equivalent=text,
        text_equivalent_html="<p>" + "<br>".join(escape(line) for line in text.split("\n")) + "</p>",
        meta={"qr_box": (qx, qy, module_px, count, 2), "url": url},
    )
