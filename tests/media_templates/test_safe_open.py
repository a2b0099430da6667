"""Images from users and upstream sites: bombs refused, formats limited, EXIF orientation applied."""

import io
import struct
import zlib

import pytest
from PIL import Image

from media_templates.images.safe_open import (
    FormatNotAllowed,
    ImageTooLarge,
    UnsafeImage,
    open_image,
    prepare_for_wechat,
)


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG that *declares* width×height (a decompression bomb's opening move)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def encoded(image: Image.Image, fmt: str, **kwargs) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **kwargs)
    return buf.getvalue()


def test_declared_100_megapixels_refused_by_the_cap():
    data = png_header(10_000, 10_000)
    assert len(data) < 12_000
    with pytest.raises(ImageTooLarge, match="像素过多"):
        open_image(data)


def test_pillow_bomb_warning_is_an_error_even_with_a_lax_cap():
    with pytest.raises(ImageTooLarge, match="解压炸弹"):
        open_image(png_header(10_000, 10_000), max_pixels=10**10)


def test_pixel_cap_is_configurable():
    data = encoded(Image.new("RGB", (300, 300), "red"), "PNG")
    assert open_image(data).size == (300, 300)
    with pytest.raises(ImageTooLarge):
        open_image(data, max_pixels=50_000)


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO"])
def test_other_formats_refused(fmt):
    with pytest.raises(FormatNotAllowed):
        open_image(encoded(Image.new("RGB", (16, 16), "blue"), fmt))


def test_not_an_image_and_truncated_and_too_many_bytes():
    with pytest.raises(FormatNotAllowed):
        open_image(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    data = encoded(Image.effect_noise((200, 200), 50).convert("RGB"), "JPEG")
    with pytest.raises(UnsafeImage):
        open_image(data[: len(data) // 2])
    with pytest.raises(ImageTooLarge, match="文件过大"):
        open_image(io.BytesIO(b"\0" * 2048), max_bytes=1024)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP"])
def test_allowed_formats_open(fmt):
    image = open_image(encoded(Image.new("RGB", (40, 20), "green"), fmt))
    assert image.size == (40, 20) and image.info["source_format"] == fmt


def test_exif_orientation_applied():
    photo = Image.new("RGB", (40, 20), "white")
    photo.paste((255, 0, 0), (0, 0, 10, 20))  # red stripe on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    upright = open_image(encoded(photo, "JPEG", exif=exif.tobytes(), quality=95))
    assert upright.size == (20, 40)
    r, g, b = upright.getpixel((10, 3))  # the stripe is now at the top
    assert r > 200 and g < 80
    assert 0x0112 not in upright.getexif()


def test_prepare_for_wechat_narrows_and_fits():
    noisy = Image.effect_noise((2400, 1600), 80).convert("RGB")
    data, content_type = prepare_for_wechat(encoded(noisy, "PNG"))
    assert len(data) <= 1_000_000
    out = Image.open(io.BytesIO(data))
    assert out.width == 1080 and content_type in {"image/png", "image/jpeg"}
    logo, kind = prepare_for_wechat(encoded(Image.new("RGBA", (100, 100), (0, 0, 0, 0)), "PNG"))
    assert kind == "image/png" and Image.open(io.BytesIO(logo)).mode == "RGBA"
