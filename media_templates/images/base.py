"""What every image generator returns, and the encoders they share."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field

from PIL import Image

MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


@dataclass(frozen=True)
class GeneratedImage:
    """Encoded image bytes with what a page needs to show it accessibly.

    `alt` is short alternative text; `text_equivalent` (plain) and `text_equivalent_html` carry the
    full content of images that hold more than a title (图解, poster), to be shown next to them.
    """

    name: str
    data: bytes
    format: str
    size: tuple[int, int]
    alt: str
    text_equivalent: str = ""
    text_equivalent_html: str = ""
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.format]

    @property
    def extension(self) -> str:
        return {"JPEG": "jpg"}.get(self.format, self.format.lower())

    @property
    def filename(self) -> str:
        return f"{self.name}.{self.extension}"

    def data_url(self) -> str:
        return f"data:{self.mime_type};base64,{base64.b64encode(self.data).decode('ascii')}"


def encode_jpeg(image: Image.Image, quality: int = 90, *, optimize: bool = True) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "JPEG", quality=quality, optimize=optimize, progressive=False)
    return buf.getvalue()


def encode_png(image: Image.Image, *, colours: int | None = None) -> bytes:
    """PNG; with `colours`, quantised to a palette first (flat graphics shrink several-fold)."""
    if colours:
        image = image.convert("RGB").quantize(colors=colours, method=Image.Quantize.FASTOCTREE)
    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=6)
    return buf.getvalue()
