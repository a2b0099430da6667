"""Word import, HTML side: mammoth's output cleaned to what Wagtail rich text and the Draftail editor keep.

Images become placeholders (their bytes are saved later by docx_import.import_policy); tables become lists,
because an editor round trip would glue a table's cells into one paragraph.
"""

from __future__ import annotations

import io
import logging
import re

import nh3
from bs4 import BeautifulSoup
from django.conf import settings
from PIL import Image as PILImage

logger = logging.getLogger(__name__)

HEAD_PARAGRAPHS = 12  # the title and 文号 are looked for in this many leading paragraphs

_IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
_KEPT_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "b", "i", "a", "br", "hr"}
_SANITISE_TAGS = _KEPT_TAGS | {"h1", "h5", "h6", "strong", "em", "img", "table", "thead", "tbody", "tr", "td", "th"}


class ImageCollector:
    """mammoth's convert_image: keeps the bytes for import_policy and leaves a placeholder in the HTML."""

    def __init__(self) -> None:
        self.images: list[tuple[str, bytes, str]] = []
        self.alts: list[str] = []
        self.dropped = 0

    def __call__(self, image):
        with image.open() as stream:
            data = stream.read()
        try:
            picture = PILImage.open(io.BytesIO(data))
            if picture.width * picture.height > getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000):
                raise ValueError("too many pixels")
            picture.load()
            extension = _IMAGE_TYPES.get(image.content_type)
            if extension is None:  # BMP, TIFF…: re-encoded as PNG, which every browser shows
                out = io.BytesIO()
                picture.save(out, "PNG")
                data, extension = out.getvalue(), "png"
        except Exception as exc:  # EMF/WMF drawings, broken or oversized pictures
            logger.info("image %s not imported: %r", image.content_type, exc)
            self.dropped += 1
            return {}
        self.images.append((f"image{len(self.images) + 1}.{extension}", data, f"image/{extension}"))
        self.alts.append((image.alt_text or "").strip())
        return {"src": f"docx-image:{len(self.images) - 1}"}


def clean_body(html: str, images: ImageCollector, drop: list[str]) -> tuple[str, list[str]]:
    """Sanitise mammoth's HTML to what Wagtail's rich text (database format) and Draftail keep."""
    html = nh3.clean(
        html,
        tags=_SANITISE_TAGS,
        attributes={"a": {"href"}, "img": {"src"}},
        url_schemes={"http", "https", "mailto", "docx-image"},
        link_rel=None,
    )
    soup = BeautifulSoup(html, "html.parser")
    for old, new in (("h1", "h2"), ("h5", "h4"), ("h6", "h4"), ("strong", "b"), ("em", "i")):
        for tag in soup.find_all(old):
            tag.name = new
    for link in soup.find_all("a"):
        href = link.get("href")
        if not href or str(href).startswith("#"):  # bookmarks and footnote anchors
            link.unwrap()
    for line in drop:  # title and 文号 lines become page fields
        match = next((el for el in soup.find_all(recursive=False)[:HEAD_PARAGRAPHS] if _text(el) == line), None)
        if match is not None:
            match.decompose()
    messages = []
    _hoist_images(soup)
    tables = soup.find_all("table")
    for table in reversed(tables):  # innermost first
        table.replace_with(_table_as_text(soup, table))
    if tables:
        messages.append(f"正文中的 {len(tables)} 个表格已转为文字列表(编辑器不支持表格),请核对。")
    for tag in soup.find_all(True):
        if tag.name not in _KEPT_TAGS and tag.name != "docx-image":
            tag.unwrap()
    for tag in soup.find_all(["p", "li", "ul", "ol", "h2", "h3", "h4"]):
        if not tag.decomposed and not tag.get_text(strip=True) and not tag.find("docx-image"):
            tag.decompose()
    missing_alt = sum(1 for alt in images.alts if not alt)
    body = re.sub(
        r'<docx-image n="(\d+)"></docx-image>',
        lambda m: f'<embed embedtype="image" id="docx-image-{m[1]}" format="fullwidth" alt="{_alt(images, m[1])}"/>',
        str(soup),
    )
    if missing_alt:
        messages.append(f"{missing_alt} 张图片没有替代文字,已暂用“图N”,请补充图片说明。")
    if images.dropped:
        messages.append(f"{images.dropped} 张图片无法导入(如 EMF/WMF 矢量图),请另存为 PNG 后在编辑器中插入。")
    return body, messages


def _alt(images: ImageCollector, index: str) -> str:
    """The picture's alt text, escaped the way Wagtail's rewriter unescapes embed attributes (four entities)."""
    value = images.alts[int(index)] or f"图{int(index) + 1}"
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _text(element) -> str:
    return re.sub(r"\s+", "", element.get_text())


def _hoist_images(soup):
    """Wagtail image embeds are blocks: move each out of its paragraph, list or table, in reading order."""
    last_after = {}
    for img in soup.find_all("img"):
        match = re.fullmatch(r"docx-image:(\d+)", img.get("src", ""))
        marker = soup.new_tag("docx-image", attrs={"n": match.group(1)}) if match else None
        top = img
        while top.parent is not None and top.parent is not soup:
            top = top.parent
        if marker is None:
            img.decompose()
        elif top is img or (top.name == "p" and not top.get_text(strip=True) and len(top.find_all("img")) == 1):
            top.replace_with(marker)
        else:
            last_after.get(id(top), top).insert_after(marker)
            last_after[id(top)] = marker
            img.decompose()


def _table_as_text(soup, table):
    """One list item per row; when the first row is a header (th or all bold), each value is labelled."""
    rows = [tr.find_all(["td", "th"], recursive=False) for tr in table.find_all("tr")]
    rows = [row for row in rows if any(cell.get_text(strip=True) for cell in row)]
    texts = [[cell.get_text(" ", strip=True) for cell in row] for row in rows]
    wrapper = soup.new_tag("div")
    if texts and max(len(row) for row in texts) == 1:  # a one-column table is a framed box of paragraphs
        for cell in (row[0] for row in texts):
            wrapper.append(_new(soup, "p", cell))
        return wrapper
    first = rows[0] if rows else []
    header = (
        len(rows) > 1
        and all(cell.name == "th" or (cell.find("b") and _text(cell.find("b")) == _text(cell)) for cell in first)
        and all(len(row) == len(texts[0]) for row in texts)
    )
    items = soup.new_tag("ul")
    for row in texts[1:] if header else texts:
        if header:
            parts = [
                f"{label}：{value}" if label else value for label, value in zip(texts[0], row, strict=True) if value
            ]
        else:
            parts = [value for value in row if value]
        items.append(_new(soup, "li", "；".join(parts)))
    wrapper.append(items)
    return wrapper


def _new(soup, name, text):
    tag = soup.new_tag(name)
    tag.string = text
    return tag
