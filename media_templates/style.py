"""Read the style config (style.toml) into a SiteStyle."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from PIL import ImageColor

from .content import SiteStyle

DEFAULT_STYLE_PATH = Path(__file__).resolve().parent / "style.toml"
_COLOURS = ("primary", "primary_dark", "accent", "text", "muted", "background", "surface", "border")


class StyleError(ValueError):
    pass


def style_path() -> Path:
    from django.conf import settings

    configured = getattr(settings, "MEDIA_TEMPLATES_STYLE_PATH", "") if settings.configured else ""
    return Path(configured) if configured else DEFAULT_STYLE_PATH


def load_style(path: str | Path | None = None) -> SiteStyle:
    """The SiteStyle from `path`, else the setting MEDIA_TEMPLATES_STYLE_PATH, else the packaged file."""
    resolved = Path(path) if path else style_path()
    try:
        mtime = resolved.stat().st_mtime_ns
    except OSError as exc:
        raise StyleError(f"找不到样式配置文件 {resolved}") from exc
    return _load(str(resolved), mtime)


@lru_cache(maxsize=8)
def _load(path: str, _mtime: int) -> SiteStyle:
    with open(path, "rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise StyleError(f"样式配置文件 {path} 格式有误：{exc}") from exc
    return style_from_dict(data, base_dir=Path(path).parent)


def style_from_dict(data: dict, *, base_dir: Path | None = None) -> SiteStyle:
    site = data.get("site", {})
    colours = data.get("colours", {})
    fonts = data.get("fonts", {})
    values: dict = {}
    for key in _COLOURS:
        if key in colours:
            try:
                ImageColor.getrgb(colours[key])
            except ValueError as exc:
                raise StyleError(f"颜色 {key} 的值 {colours[key]!r} 无效") from exc
            values[key] = colours[key]

    def resolve(p: str) -> str:
        if p and base_dir is not None and not Path(p).is_absolute():
            return str((base_dir / p).resolve())
        return p

    known = {"site", "colours", "fonts"}
    return SiteStyle(
        site_name=site.get("name", SiteStyle.site_name),
        organ_name=site.get("organ", SiteStyle.organ_name),
        site_url=site.get("url", ""),
        logo_path=resolve(site.get("logo", "")),
        font_path=resolve(fonts.get("regular", "")),
        bold_font_path=resolve(fonts.get("bold", "")),
        extra={k: v for k, v in data.items() if k not in known},
        **values,
    )


def rgb(colour: str) -> tuple[int, int, int]:
    r, g, b = ImageColor.getrgb(colour)[:3]
    return (r, g, b)
