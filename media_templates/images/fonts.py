"""Finding the Chinese font (Noto Sans CJK SC) and catching characters it cannot draw.

Order: the setting MEDIA_TEMPLATES_FONT_PATH (MEDIA_TEMPLATES_BOLD_FONT_PATH for bold), the style
config's [fonts] (passed in as `configured`), then where distributions install Noto Sans CJK. Debian's
fonts-noto-cjk ships one collection (.ttc) per weight holding JP, KR, SC, TC and HK faces: the SC
face is picked by name, because the JP face (index 0) draws some hanzi differently.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

DEBIAN_PACKAGE = "fonts-noto-cjk"
FACE_NAME = "Noto Sans CJK SC"
KNOWN_REGULAR = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian, Ubuntu: fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",  # Fedora
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/noto-cjk/NotoSansCJKsc-Regular.otf",
)
KNOWN_BOLD = tuple(p.replace("Regular", "Bold") for p in KNOWN_REGULAR)
_NOTDEF_PROBE = "\U0010fffd"  # a private-use code point no CJK font draws


class FontNotFound(RuntimeError):
    pass


class MissingGlyph(ValueError):
    def __init__(self, chars: list[str], font_name: str):
        self.chars = chars
        listed = "、".join(f"{c}（U+{ord(c):04X}）" for c in chars[:10])
        super().__init__(
            f"字体 {font_name} 缺少以下字符的字形，生成的图片会显示为方框：{listed}。请修改文字或更换字体。"
        )


def _setting(name: str) -> str:
    from django.conf import settings

    return getattr(settings, name, "") if settings.configured else ""


def font_path(*, bold: bool = False, configured: str = "") -> str:
    """The font file to use; FontNotFound (naming the Debian package) if there is none."""
    setting = _setting("MEDIA_TEMPLATES_BOLD_FONT_PATH" if bold else "MEDIA_TEMPLATES_FONT_PATH")
    candidates = [setting, configured]  # the deployment's setting wins over the style file
    if bold:  # no bold configured: the bold file next to the regular one, else the regular one
        regular = _setting("MEDIA_TEMPLATES_FONT_PATH")
        if regular:
            candidates += [regular.replace("Regular", "Bold"), regular]
    candidates += list(KNOWN_BOLD if bold else ()) + list(KNOWN_REGULAR)
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    explicit = [c for c in (setting, configured) if c]
    hint = f"配置的路径不存在：{'、'.join(explicit)}。" if explicit else ""
    raise FontNotFound(
        f"未找到中文字体 {FACE_NAME}。{hint}请安装 Debian 软件包 {DEBIAN_PACKAGE}"
        f"（apt-get install {DEBIAN_PACKAGE}），或在设置 MEDIA_TEMPLATES_FONT_PATH 中指定字体文件。"
        f"已查找：{'、'.join(KNOWN_REGULAR[:3])}"
    )


@lru_cache(maxsize=16)
def face_index(path: str) -> int:
    """The index of the Simplified Chinese face in a font collection (0 for a single font)."""
    if not path.lower().endswith((".ttc", ".otc")):
        return 0
    for index in range(32):
        try:
            name = ImageFont.truetype(path, 12, index=index).getname()[0]
        except OSError:
            break
        if name == FACE_NAME:
            return index
    return 0


@lru_cache(maxsize=40)  # a face is about 1 MB; the layouts use about 20 sizes
def _load(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.BASIC)
    except OSError as exc:
        raise FontNotFound(f"无法读取字体文件 {path}：{exc}。请检查 {DEBIAN_PACKAGE} 是否完整安装。") from exc


def get_font(size: int, *, bold: bool = False, configured: str = "") -> ImageFont.FreeTypeFont:
    """The CJK font at `size` pixels (cached). Checks once that it really draws Chinese."""
    path = font_path(bold=bold, configured=configured)
    font = _load(path, face_index(path), size)
    if _lacks_chinese(path):
        raise FontNotFound(f"字体文件 {path} 不含中文字形。请安装 {DEBIAN_PACKAGE} 或配置 {FACE_NAME} 的路径。")
    return font


@lru_cache(maxsize=16)
def _lacks_chinese(path: str) -> bool:
    return bool(missing_glyphs("政策解读", _load(path, face_index(path), 24)))


@lru_cache(maxsize=16)
def _notdef(font: ImageFont.FreeTypeFont) -> tuple:
    return _signature(font, _NOTDEF_PROBE)


def _signature(font: ImageFont.FreeTypeFont, char: str) -> tuple:
    mask = font.getmask(char)
    return (mask.size, bytes(mask))


@lru_cache(maxsize=8192)
def _is_missing(font: ImageFont.FreeTypeFont, char: str) -> bool:
    return _signature(font, char) == _notdef(font)


def missing_glyphs(text: str, font: ImageFont.FreeTypeFont) -> list[str]:
    """Characters of `text` the font would draw as .notdef (a box), in order, each once.

    Pillow draws glyph 0 for a character the font lacks; its bitmap equals that of a code point no
    font covers, which is what we compare against. Spaces and control/format characters are skipped.
    """
    missing: list[str] = []
    for char in dict.fromkeys(text):
        if char.isspace() or unicodedata.category(char) in {"Cc", "Cf", "Zs", "Zl", "Zp"}:
            continue
        if _is_missing(font, char):
            missing.append(char)
    return missing


def ensure_glyphs(text: str, font: ImageFont.FreeTypeFont) -> None:
    """Raise MissingGlyph if the font cannot draw some character of `text`."""
    missing = missing_glyphs(text, font)
    if missing:
        name = " ".join(n for n in font.getname() if n)
        raise MissingGlyph(missing, name)
