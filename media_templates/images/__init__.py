"""Generated images (Pillow, Noto Sans CJK SC) and safe opening of images from outside."""

from .base import GeneratedImage
from .cover import render_cover, render_thumbnail
from .fonts import FontNotFound, MissingGlyph, ensure_glyphs, get_font, missing_glyphs
from .graphic import render_graphic
from .poster import render_poster
from .safe_open import FormatNotAllowed, ImageTooLarge, UnsafeImage, open_image, prepare_for_wechat

__all__ = [
    "FontNotFound",
    "FormatNotAllowed",
    "GeneratedImage",
    "ImageTooLarge",
    "MissingGlyph",
    "UnsafeImage",
    "ensure_glyphs",
    "get_font",
    "missing_glyphs",
    "open_image",
    "prepare_for_wechat",
    "render_cover",
    "render_graphic",
    "render_poster",
    "render_thumbnail",
]
