"""Small drawing helpers shared by the cover, the 图解 and the poster."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from ..content import SiteStyle
from ..style import rgb
from .fonts import ensure_glyphs, get_font
from .linebreak import break_lines

ELLIPSIS = "…"
REFERENCE_SIZE = 48


@dataclass
class Fonts:
    """Fonts for a style, by size; every text drawn goes through `check` first."""

    style: SiteStyle

    def regular(self, size: int) -> ImageFont.FreeTypeFont:
        return get_font(size, configured=self.style.font_path)

    def bold(self, size: int) -> ImageFont.FreeTypeFont:
        return get_font(size, bold=True, configured=self.style.bold_font_path or self.style.font_path)

    def check(self, *texts: str) -> None:
        """Raise MissingGlyph before drawing anything the fonts would show as boxes."""
        text = "".join(texts)
        ensure_glyphs(text, self.regular(24))
        ensure_glyphs(text, self.bold(24))


def wrap(text: str, font: ImageFont.FreeTypeFont, width: float, max_lines: int | None = None) -> list[str]:
    """Lines of `text` within `width`; beyond `max_lines` the last kept line ends with an ellipsis."""
    lines = break_lines(text, font.getlength, width)
    if max_lines is None or len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and font.getlength(last + ELLIPSIS) > width:
        last = last[:-1]
    kept[-1] = last.rstrip("，、；：,;:（《“ ") + ELLIPSIS
    return kept


def fit(
    text: str, fonts: Fonts, width: float, max_lines: int, sizes: range, *, bold: bool = True
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size in `sizes` at which `text` fits `max_lines`; else the smallest, ellipsized."""
    load = fonts.bold if bold else fonts.regular
    reference = load(REFERENCE_SIZE)
    for size in sizes:
        # Search with one face's widths scaled (each loaded size costs about 1 MB), then check exactly.
        scaled = lambda t, k=size / REFERENCE_SIZE: reference.getlength(t) * k  # noqa: E731
        if len(break_lines(text, scaled, width * 0.98)) > max_lines:
            continue
        font = load(size)
        lines = break_lines(text, font.getlength, width)
        if len(lines) <= max_lines:
            return font, balance(text, font, width, len(lines))
    font = load(sizes[-1])
    return font, wrap(text, font, width, max_lines)


def balance(text: str, font: ImageFont.FreeTypeFont, width: float, count: int) -> list[str]:
    """Lines of even length: the narrowest width that still needs only `count` lines."""
    lo, hi = width * 0.5, width
    best = break_lines(text, font.getlength, width)
    if count <= 1:
        return best
    for _ in range(8):
        mid = (lo + hi) / 2
        lines = break_lines(text, font.getlength, mid)
        if len(lines) <= count:
            best, hi = lines, mid
        else:
            lo = mid
    return best


def line_height(font: ImageFont.FreeTypeFont, factor: float = 1.45) -> int:
    return round(font.size * factor)


def draw_lines(
    draw: ImageDraw.ImageDraw,
    lines: list[str],
    font: ImageFont.FreeTypeFont,
    xy: tuple[float, float],
    fill,
    *,
    leading: float = 1.45,
    align: str = "left",
    width: float = 0,
) -> float:
    """Draw `lines` from the top-left `xy`; returns the y below the last line."""
    x, y = xy
    step = line_height(font, leading)
    pad = (step - font.size) / 2
    for line in lines:
        lx = x
        if align != "left":
            extra = width - font.getlength(line)
            lx = x + (extra / 2 if align == "center" else extra)
        draw.text((lx, y + pad), line, font=font, fill=fill, anchor="lt")
        y += step
    return y


def text_height(lines: list[str], font: ImageFont.FreeTypeFont, leading: float = 1.45) -> int:
    return len(lines) * line_height(font, leading)


def colour(style: SiteStyle, name: str) -> tuple[int, int, int]:
    return rgb(getattr(style, name))


def mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    """`a` moved a fraction `t` towards `b`."""
    red, green, blue = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return red, green, blue


def load_logo(style: SiteStyle, height: int) -> Image.Image | None:
    """The style's logo scaled to `height`, opened safely; None when there is none."""
    if not style.logo_path:
        return None
    from .safe_open import open_image

    with open(style.logo_path, "rb") as fh:
        logo = open_image(fh.read()).convert("RGBA")
    ratio = height / logo.height
    return logo.resize((max(1, round(logo.width * ratio)), height), Image.Resampling.LANCZOS)
