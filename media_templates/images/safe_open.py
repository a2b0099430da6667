"""Opening images that users upload or upstream sites serve, without trusting them.

Field notes: Pillow only *warns* on a 12 KB PNG that declares 100 megapixels. Here that warning is
an error, a pixel cap well below Pillow's default applies before any pixel is decoded, only JPEG,
PNG, GIF and WebP decoders are tried, and the EXIF orientation is applied.
"""

from __future__ import annotations

import io
import warnings
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

from .base import encode_jpeg, encode_png

ALLOWED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
MAX_PIXELS = 40_000_000  # Pillow warns at 89 M and refuses at 179 M; a phone photo is 12–50 M
MAX_BYTES = 20 * 1024 * 1024
MAX_FRAMES = 300


class UnsafeImage(ValueError):
    """The image was refused; the message says why, in Chinese, for the editor."""


class ImageTooLarge(UnsafeImage):
    pass


class FormatNotAllowed(UnsafeImage):
    pass


def open_image(
    source: bytes | BinaryIO,
    *,
    max_pixels: int = MAX_PIXELS,
    allowed_formats: tuple[str, ...] = ALLOWED_FORMATS,
    max_bytes: int = MAX_BYTES,
    max_frames: int = MAX_FRAMES,
) -> Image.Image:
    """A fully decoded, upright image; UnsafeImage (or a subclass) when it should not be opened."""
    data = source if isinstance(source, bytes | bytearray) else source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageTooLarge(f"图片文件过大：超过 {max_bytes // (1024 * 1024)} MB")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(allowed_formats))
            _check(image, max_pixels, allowed_formats, max_frames)
            image.load()
            upright = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise ImageTooLarge(f"图片像素过多，疑似解压炸弹，已拒绝：{exc}") from exc
        except UnidentifiedImageError as exc:
            raise FormatNotAllowed(f"无法识别的图片，或格式不在允许范围（{'/'.join(allowed_formats)}）内") from exc
        except UnsafeImage:
            raise
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise UnsafeImage(f"图片已损坏或无法解码：{exc}") from exc
    upright.info["source_format"] = image.format
    return upright


def _check(image: Image.Image, max_pixels: int, allowed: tuple[str, ...], max_frames: int) -> None:
    if image.format not in allowed:
        raise FormatNotAllowed(f"不允许的图片格式 {image.format}；只接受 {'/'.join(allowed)}")
    width, height = image.size
    if width <= 0 or height <= 0:
        raise UnsafeImage("图片尺寸无效")
    if width * height > max_pixels:
        raise ImageTooLarge(
            f"图片像素过多：{width}×{height}（{width * height / 1e6:.1f} 百万像素），上限 {max_pixels / 1e6:g} 百万像素"
        )
    frames = getattr(image, "n_frames", 1)
    if frames > max_frames or frames * width * height > max_pixels * 4:
        raise ImageTooLarge(f"动图帧数过多：{frames} 帧")


def prepare_for_wechat(
    source: bytes | BinaryIO, *, max_bytes: int = 1_000_000, max_width: int = 1080
) -> tuple[bytes, str]:
    """An image for media/uploadimg (JPEG or PNG, under 1 MB): (data, content type).

    Opened safely, turned upright, narrowed to `max_width`, the first frame of an animation.
    PNG is kept for images with transparency or few colours; everything else becomes JPEG.
    """
    image = open_image(source)
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    if image.width > max_width:
        height = round(image.height * max_width / image.width)
        image = image.resize((max_width, height), Image.Resampling.LANCZOS)
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    if has_alpha or image.info.get("source_format") == "PNG":
        data = encode_png(image.convert("RGBA") if has_alpha else image.convert("RGB"))
        if len(data) <= max_bytes:
            return data, "image/png"
        if has_alpha:
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
            image = flat
    image = image.convert("RGB")
    for quality in (88, 80, 72, 64, 56, 48):
        data = encode_jpeg(image, quality)
        if len(data) <= max_bytes:
            return data, "image/jpeg"
    while len(data) > max_bytes and image.width > 200:
        image = image.resize((int(image.width * 0.8), int(image.height * 0.8)), Image.Resampling.LANCZOS)
        data = encode_jpeg(image, 72)
    if len(data) > max_bytes:
        raise ImageTooLarge("图片无法压缩到 1 MB 以内")
    return data, "image/jpeg"
