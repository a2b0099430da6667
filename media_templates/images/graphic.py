"""图解 (graphic interpretation): a long image from structured content, with its text equivalent.

Layout (750 px wide, the height follows the content): a red header with the title; 核心要点 as
numbered cards, a key figure in large red type; 办理流程 as numbered steps joined by arrows; 问答
pairs; the source line and a footer band. Everything is measured first, then drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw

from ..common import render, resolve_style
from ..content import GraphicSpec, SiteStyle
from .base import GeneratedImage, encode_jpeg, encode_png
from .draw import Fonts, colour, draw_lines, mix, text_height, wrap

WIDTH = 750
MAX_BYTES = 1_000_000  # WeChat media/uploadimg: under 1 MB
WHITE = (255, 255, 255)
NUMERALS = "一二三四五六七八九十"
MAX_HEIGHT = 16_000  # at 750 px wide; phones show taller images badly and WeChat recompresses them


class GraphicTooLong(ValueError):
    pass


@dataclass
class Block:
    height: int
    paint: Callable[[ImageDraw.ImageDraw, Image.Image, int], None]


class _Layout:
    def __init__(self, spec: GraphicSpec, style: SiteStyle, width: int):
        self.spec, self.style, self.w = spec, style, width
        self.k = width / WIDTH
        self.fonts = Fonts(style)
        self.red, self.gold = colour(style, "primary"), colour(style, "accent")
        self.ink, self.muted = colour(style, "text"), colour(style, "muted")
        self.surface, self.line = colour(style, "surface"), colour(style, "border")
        self.tint = mix(self.red, WHITE, 0.93)
        self.margin = self.px(32)
        self.pad = self.px(28)

    def px(self, value: float) -> int:
        return round(value * self.k)

    def font(self, size: int, bold: bool = False):
        return self.fonts.bold(self.px(size)) if bold else self.fonts.regular(self.px(size))

    # -- blocks -------------------------------------------------------------------------
    def header(self) -> Block:
        title_font, sub_font, tag_font = self.font(44, True), self.font(26), self.font(22, True)
        width = self.w - 2 * self.px(48)
        title = wrap(self.spec.title, title_font, width, 4)
        sub = wrap(self.spec.subtitle, sub_font, width, 3) if self.spec.subtitle else []
        top = self.px(48)
        tag_h = self.px(40)
        height = top + tag_h + self.px(28) + text_height(title, title_font, 1.4)
        height += (self.px(16) + text_height(sub, sub_font, 1.5)) if sub else 0
        height += self.px(56)

        def paint(draw, image, y):
            draw.rectangle((0, y, self.w, y + height), fill=self.red)
            draw.rectangle((0, y + height - self.px(8), self.w, y + height), fill=self.gold)
            label = f"图解 · {self.style.site_name}"
            lw = tag_font.getlength(label) + self.px(32)
            x0 = (self.w - lw) / 2
            draw.rounded_rectangle(
                (x0, y + top, x0 + lw, y + top + tag_h), radius=tag_h // 2, outline=self.gold, width=max(2, self.px(2))
            )
            draw.text((self.w / 2, y + top + tag_h / 2), label, font=tag_font, fill=self.gold, anchor="mm")
            ty = draw_lines(
                draw,
                title,
                title_font,
                (self.px(48), y + top + tag_h + self.px(28)),
                WHITE,
                leading=1.4,
                align="center",
                width=width,
            )
            if sub:
                draw_lines(
                    draw,
                    sub,
                    sub_font,
                    (self.px(48), ty + self.px(16)),
                    mix(WHITE, self.gold, 0.3),
                    leading=1.5,
                    align="center",
                    width=width,
                )

        return Block(height, paint)

    def section(self, index: int, name: str) -> Block:
        font = self.font(30, True)
        label = f"{NUMERALS[index]}、{name}" if index < len(NUMERALS) else name
        height = self.px(110)

        def paint(draw, image, y):
            cx, cy = self.w / 2, y + self.px(60)
            half = font.getlength(label) / 2 + self.px(36)
            draw.rounded_rectangle(
                (cx - half, cy - self.px(28), cx + half, cy + self.px(28)), radius=self.px(28), fill=self.red
            )
            draw.text((cx, cy), label, font=font, fill=WHITE, anchor="mm")
            for sign in (-1, 1):
                x1 = cx + sign * (half + self.px(14))
                x2 = cx + sign * (half + self.px(110))
                draw.line((min(x1, x2), cy, max(x1, x2), cy), fill=self.gold, width=max(2, self.px(3)))

        return Block(height, paint)

    def card(self, inner: list[tuple[int, Callable]], gap: int = 20) -> Block:
        """A white card holding stacked (height, paint(draw, x, y)) rows."""
        body = sum(h for h, _ in inner) + self.px(gap) * (len(inner) - 1)
        height = body + 2 * self.pad + self.px(gap)

        def paint(draw, image, y):
            x0, x1 = self.margin, self.w - self.margin
            draw.rounded_rectangle(
                (x0, y, x1, y + height - self.px(gap)),
                radius=self.px(14),
                fill=self.surface,
                outline=self.line,
                width=max(1, self.px(2)),
            )
            cy = y + self.pad
            for h, row in inner:
                row(draw, x0 + self.pad, cy)
                cy += h + self.px(gap)

        return Block(height, paint)

    def text_rows(self, text: str, size: int, fill, *, bold=False, indent: int = 0, leading=1.6):
        font = self.font(size, bold)
        width = self.w - 2 * self.margin - 2 * self.pad - indent
        lines = wrap(text, font, width)
        return text_height(lines, font, leading), lambda d, x, y: draw_lines(
            d, lines, font, (x + indent, y), fill, leading=leading
        )

    def badge_row(self, badge: str, text: str, fill_badge, *, size=30, bold=True, circle=False):
        """A badge (01 / 问 / 答) with text beside it, the text wrapped in the remaining width."""
        side = self.px(48)
        indent = side + self.px(18)
        h, paint_text = self.text_rows(text, size, self.ink, bold=bold, indent=indent, leading=1.5)
        badge_font = self.font(24, True)

        def paint(d, x, y):
            box = (x, y + self.px(2), x + side, y + self.px(2) + side)
            if circle:
                d.ellipse(box, fill=fill_badge)
            else:
                d.rounded_rectangle(box, radius=self.px(8), fill=fill_badge)
            d.text(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), badge, font=badge_font, fill=WHITE, anchor="mm")
            paint_text(d, x, y)

        return max(h, side + self.px(4)), paint

    def figure_row(self, figure: str):
        font = self.font(52, True)
        width = self.w - 2 * self.margin - 2 * self.pad
        lines = wrap(figure, font, width - self.px(32), 2)
        h = text_height(lines, font, 1.3) + self.px(20)

        def paint(d, x, y):
            d.rounded_rectangle((x, y, x + width, y + h), radius=self.px(10), fill=self.tint)
            draw_lines(d, lines, font, (x + self.px(16), y + self.px(10)), self.red, leading=1.3)

        return h, paint

    def key_point(self, number: int, point) -> Block:
        rows = [self.badge_row(f"{number:02d}", point.title, self.red)]
        if point.figure:
            rows.append(self.figure_row(point.figure))
        if point.text:
            rows.append(self.text_rows(point.text, 26, self.ink))
        return self.card(rows)

    def step(self, number: int, text: str, last: bool) -> Block:
        h, paint_row = self.badge_row(str(number), text, self.red, size=27, bold=False, circle=True)
        arrow = 0 if last else self.px(34)
        inner = self.card([(h, paint_row)], gap=0)
        height = inner.height + arrow + self.px(4)

        def paint(draw, image, y):
            inner.paint(draw, image, y)
            if not last:
                cx = self.margin + self.pad + self.px(24)
                top = y + inner.height + self.px(4)
                draw.polygon(
                    [(cx - self.px(14), top), (cx + self.px(14), top), (cx, top + self.px(22))], fill=self.gold
                )

        return Block(height, paint)

    def qa(self, pair) -> Block:
        return self.card(
            [
                self.badge_row("问", pair.question, self.red, size=28, circle=True),
                self.badge_row("答", pair.answer, self.gold, size=26, bold=False, circle=True),
            ]
        )

    def footer(self) -> Block:
        font, band_font = self.font(22), self.font(22, True)
        lines = wrap(self.spec.source_line, font, self.w - 2 * self.margin) if self.spec.source_line else []
        band = self.px(64)
        height = self.px(24) + text_height(lines, font, 1.5) + self.px(24) + band

        def paint(draw, image, y):
            draw_lines(
                draw,
                lines,
                font,
                (self.margin, y + self.px(12)),
                self.muted,
                leading=1.5,
                align="center",
                width=self.w - 2 * self.margin,
            )
            top = y + height - band
            draw.rectangle((0, top, self.w, y + height), fill=self.red)
            text = f"{self.style.site_name} · {self.style.organ_name}"
            draw.text((self.w / 2, top + band / 2), text, font=band_font, fill=WHITE, anchor="mm")

        return Block(height, paint)

    def blocks(self) -> list[Block]:
        spec = self.spec
        out = [self.header(), Block(self.px(12), lambda *a: None)]
        sections: list[tuple[str, Sequence[Any]]] = [
            (name, items)
            for name, items in (("核心要点", spec.key_points), ("办理流程", spec.steps), ("政策问答", spec.qa))
            if items
        ]
        for index, (name, items) in enumerate(sections):
            out.append(self.section(index, name))
            for i, item in enumerate(items, 1):
                if name == "核心要点":
                    out.append(self.key_point(i, item))
                elif name == "办理流程":
                    out.append(self.step(i, item, i == len(items)))
                else:
                    out.append(self.qa(item))
        out.append(self.footer())
        return out


def all_text(spec: GraphicSpec, style: SiteStyle) -> str:
    parts = [
        spec.title,
        spec.subtitle,
        spec.source_line,
        style.site_name,
        style.organ_name,
        "图解核心要点办理流程政策问答答",
    ]
    parts += [f"{p.title}{p.text}{p.figure}" for p in spec.key_points] + list(spec.steps)
    parts += [f"{q.question}{q.answer}" for q in spec.qa]
    return "".join(parts)


def text_equivalent(spec: GraphicSpec) -> str:
    """The image's whole content as plain text (screen readers, search, the page below the image)."""
    out = [f"图解：{spec.title}"] + ([spec.subtitle] if spec.subtitle else [])
    sections = []
    if spec.key_points:
        sections.append(
            (
                "核心要点",
                [
                    f"{i}. {p.title}" + (f"（{p.figure}）" if p.figure else "") + (f"：{p.text}" if p.text else "")
                    for i, p in enumerate(spec.key_points, 1)
                ],
            )
        )
    if spec.steps:
        sections.append(("办理流程", [f"第{i}步：{s}" for i, s in enumerate(spec.steps, 1)]))
    if spec.qa:
        sections.append(("政策问答", [line for q in spec.qa for line in (f"问：{q.question}", f"答：{q.answer}")]))
    for index, (name, lines) in enumerate(sections):
        out += ["", f"{NUMERALS[index]}、{name}", *lines]
    if spec.source_line:
        out += ["", spec.source_line]
    return "\n".join(out)


def render_graphic(spec: GraphicSpec, *, style: SiteStyle | None = None, width: int = WIDTH) -> GeneratedImage:
    """The 图解 long image (PNG, JPEG if a PNG would pass WeChat's 1 MB) with alt text and text equivalent."""
    style = resolve_style(style, spec.publisher)
    layout = _Layout(spec, style, width)
    layout.fonts.check(all_text(spec, style))
    blocks = layout.blocks()
    height = sum(b.height for b in blocks)
    if height > MAX_HEIGHT * layout.k:
        raise GraphicTooLong(
            f"图解内容过多：长图高度将达 {height} 像素（上限 {MAX_HEIGHT}）。请精简要点或拆分为多张图解。"
        )
    image = Image.new("RGB", (width, height), colour(style, "background"))
    draw = ImageDraw.Draw(image)
    y = 0
    for block in blocks:
        block.paint(draw, image, y)
        y += block.height
    data, fmt = encode_png(image, colours=64), "PNG"
    if len(data) > MAX_BYTES:
        data, fmt = encode_jpeg(image, 88), "JPEG"
    return GeneratedImage(
        name="graphic",
        data=data,
        format=fmt,
        size=image.size,
        alt=f"图解：{spec.title}（文字版见图片下方）",
        text_equivalent=text_equivalent(spec),
        text_equivalent_html=render("graphic/text_equivalent.html", {"spec": spec}).strip(),
        meta={"points": len(spec.key_points)},
    )
