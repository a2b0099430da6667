"""Word (.docx) import: departments draft in Word, so the body becomes Wagtail rich text with title and 文号 pre-filled.

convert_docx is pure (bytes in, HTML and image bytes out), so a bad file is refused before anything is saved;
import_policy then saves the images and the draft pages in one transaction.

Tables: Draftail has no table block, and an editor round trip glues every cell of a ``<table>`` into one
paragraph ("项目标准甲100元"). Tables therefore become lists ("表头:值;…") that survive editing, with a message.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from xml.etree import ElementTree

import mammoth
import nh3
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from PIL import Image as PILImage

logger = logging.getLogger(__name__)

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # a zip bomb is refused before mammoth inflates it
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .doc, and also a password-protected .docx
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEAD_PARAGRAPHS = 12

_LEVELS = {"1": "h2", "2": "h3", "3": "h4", "4": "h4", "5": "h4", "6": "h4"}
STYLE_MAP = "\n".join(
    ["p[style-name='Title'] => h1:fresh", "p[style-name='标题'] => h1:fresh"]
    + [f"p[style-name='{p} {n}'] => {tag}:fresh" for n, tag in _LEVELS.items() for p in ("Heading", "标题")]
)
DOCUMENT_NUMBER_RE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,10})\s*[〔［\[(（【﹝]\s*(?P<year>(?:19|20)\d{2})\s*[〕］\])）】﹞]"
    r"\s*第?\s*(?P<number>\d{1,5})\s*号"
)
# Lines that open the body rather than name the document: 一、 (一) 第一章 1.
_BODY_START_RE = re.compile(
    r"^(第[一二三四五六七八九十百零\d]+[章节条]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．])"
)
_RED_HEADER_RE = re.compile(r"^.{2,20}文件$")  # 红头 "历阳镇人民政府文件"
_PLACEHOLDER_RE = re.compile(r'id="docx-image-(\d+)"')
_IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
_KEPT_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "b", "i", "a", "br", "hr"}
_SANITISE_TAGS = _KEPT_TAGS | {"h1", "h5", "h6", "strong", "em", "img", "table", "thead", "tbody", "tr", "td", "th"}


class DocxImportError(Exception):
    """A file that cannot be imported: user_message is shown to the drafter, the exception text is logged."""

    def __init__(self, user_message: str, log_message: str):
        super().__init__(log_message)
        self.user_message = user_message


@dataclass
class ConvertedDocument:
    title: str
    document_number: str
    body_html: str  # image embeds carry placeholder ids "docx-image-N" until import_policy saves the images
    images: list[tuple[str, bytes, str]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    title_detected: bool = True

    def body_with_image_ids(self, image_ids: list[int]) -> str:
        return _PLACEHOLDER_RE.sub(lambda m: f'id="{image_ids[int(m.group(1))]}"', self.body_html)


def normalise_document_number(text: str) -> str:
    """The first 文号 in the text in its standard form 和历政〔2018〕12号, or ""."""
    match = DOCUMENT_NUMBER_RE.search(text)
    return f"{match['prefix']}〔{match['year']}〕{int(match['number'])}号" if match else ""


def convert_docx(data: bytes, *, filename: str) -> ConvertedDocument:
    """Convert one Word file; raise DocxImportError for anything that is not a usable .docx."""
    archive = _open_archive(data, filename)
    images = _ImageCollector()
    try:
        head = _head_paragraphs(archive)
        html = mammoth.convert_to_html(
            io.BytesIO(data), style_map=STYLE_MAP, convert_image=mammoth.images.img_element(images)
        )
    except Exception as exc:
        raise DocxImportError(_corrupt(filename), f"cannot convert {filename!r}: {exc!r}") from exc
    for message in html.messages:
        logger.info("mammoth on %s: %s", filename, message.message)

    title, title_lines, removable = _find_title(head)
    # Only a short line: a long one cites another document's 文号 ("根据皖政〔2017〕5号精神").
    number_line = next((p.text for p in head if len(p.text) <= 40 and DOCUMENT_NUMBER_RE.search(p.text)), "")
    document_number = normalise_document_number(number_line)
    number_only = number_line and not DOCUMENT_NUMBER_RE.sub("", number_line).strip(" \u3000")
    body, messages = _clean_body(
        html.value, images, drop=[*(title_lines if removable else []), *([number_line] if number_only else [])]
    )
    if not BeautifulSoup(body, "html.parser").get_text(strip=True) and "<embed" not in body:
        raise DocxImportError(f"“{filename}”中除标题外没有正文内容,请检查是否选错了文件。", f"{filename!r} is empty")
    if not title:
        title = PurePath(filename).stem.strip() or "未命名文件"
        messages.insert(0, "未识别到文件标题,已暂用文件名,请修改。")
    if not document_number:
        messages.append("未识别到文号,如有请补填。")
    return ConvertedDocument(title[:255], document_number[:80], body, images.images, messages, bool(title_lines))


def _corrupt(filename: str) -> str:
    return (
        f"“{filename}”不是有效的 Word(.docx)文档,可能已损坏或是其他类型的文件。请在 Word 中打开后另存为 .docx 再上传。"
    )


def _open_archive(data: bytes, filename: str) -> zipfile.ZipFile:
    if not data:
        raise DocxImportError(f"“{filename}”是空文件。", f"{filename!r} is empty")
    if len(data) > MAX_DOCX_BYTES:
        raise DocxImportError(f"“{filename}”超过 20 MB,请压缩图片后再上传。", f"{filename!r} has {len(data)} bytes")
    is_zip = zipfile.is_zipfile(io.BytesIO(data))
    if data.startswith(OLE2_MAGIC) or (filename.lower().endswith(".doc") and not is_zip):
        raise DocxImportError(
            f"“{filename}”是旧版 Word(.doc)格式或已加密的文档,无法直接导入。"
            "请在 Word 中“另存为”Word 文档(.docx)并取消密码保护后再上传。",
            f"{filename!r} is an OLE2 file (.doc or encrypted .docx)",
        )
    if not is_zip:
        raise DocxImportError(_corrupt(filename), f"{filename!r} is not a zip archive")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocxImportError(_corrupt(filename), f"{filename!r} is a broken zip: {exc!r}") from exc
    if "word/document.xml" not in names:
        kind = next(
            (k for p, k in (("xl/", "Excel 表格"), ("ppt/", "PowerPoint 演示文稿")) if p in str(names)), "压缩包"
        )
        raise DocxImportError(f"“{filename}”是{kind},不是 Word(.docx)文档。", f"{filename!r} has no word/document.xml")
    if inflated > MAX_UNCOMPRESSED_BYTES:
        raise DocxImportError(_corrupt(filename), f"{filename!r} inflates to {inflated} bytes")
    return archive


class _ImageCollector:
    """mammoth's convert_image: keeps the bytes for import_policy and leaves a placeholder in the HTML."""

    def __init__(self):
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


def _clean_body(html: str, images: _ImageCollector, drop: list[str]) -> tuple[str, list[str]]:
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
        if not link.get("href") or link["href"].startswith("#"):  # bookmarks and footnote anchors
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


def _alt(images: _ImageCollector, index: str) -> str:
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


@dataclass
class _Paragraph:
    text: str
    centred: bool
    bold: bool
    style: str  # lower-cased style name


def _flag(properties, tag) -> bool:
    found = properties.find(f"{W}{tag}") if properties is not None else None
    return found is not None and found.get(f"{W}val", "true") not in ("0", "false", "off")


def _head_paragraphs(archive) -> list[_Paragraph]:
    """The first non-empty top-level paragraphs, with what mammoth drops: centring and whole-line bold."""
    styles = {}
    if "word/styles.xml" in archive.namelist():
        for style in ElementTree.fromstring(archive.read("word/styles.xml")).iter(f"{W}style"):
            name, ppr = style.find(f"{W}name"), style.find(f"{W}pPr")
            jc = ppr.find(f"{W}jc") if ppr is not None else None
            styles[style.get(f"{W}styleId")] = (
                (name.get(f"{W}val", "") if name is not None else "").lower(),
                jc is not None and jc.get(f"{W}val") == "center",
                _flag(style.find(f"{W}rPr"), "b"),
            )
    body = ElementTree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    paragraphs = []
    for p in body.findall(f"{W}p") if body is not None else []:
        runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]
        text = "".join(t.text or "" for t in p.iter(f"{W}t")).strip()
        if not text:
            continue
        ppr = p.find(f"{W}pPr")
        style_id = ppr.find(f"{W}pStyle") if ppr is not None else None
        style = styles.get(style_id.get(f"{W}val") if style_id is not None else None, ("", False, False))
        jc = ppr.find(f"{W}jc") if ppr is not None else None
        centred = jc.get(f"{W}val") == "center" if jc is not None else style[1]
        bold = bool(runs) and all(style[2] or _flag(r.find(f"{W}rPr"), "b") for r in runs)
        paragraphs.append(_Paragraph(re.sub(r"\s+", "", text), centred, bold, style[0]))
        if len(paragraphs) >= HEAD_PARAGRAPHS:
            break
    return paragraphs


def _find_title(head: list[_Paragraph]) -> tuple[str, list[str], bool]:
    """The title sits above the body: a Title/heading style, or a short centred or bold line (two lines joined).

    Returns the title, its lines and whether they may leave the body: a merely bold first line could be body text,
    so it is copied, never removed.
    """
    lines: list[str] = []
    removable = True
    for para in head:
        if (DOCUMENT_NUMBER_RE.search(para.text) and len(para.text) <= 40) or _RED_HEADER_RE.match(para.text):
            if lines:
                break
            continue
        heading = para.style in ("title", "标题") or re.fullmatch(r"(heading|标题) ?\d", para.style)
        looks_like_title = heading or para.centred or (para.bold and not para.text.endswith("。"))
        if _BODY_START_RE.match(para.text) or para.text.endswith((":", "：")) or not looks_like_title:
            break
        if len(para.text) > 60 and not heading:
            break
        if lines and not (para.centred and len(lines[0]) + len(para.text) <= 80):
            break
        removable = removable and bool(heading or para.centred)
        lines.append(para.text)
        if len(lines) == 2 or heading:
            break
    return "".join(lines), lines, removable


def import_policy(section, policy_doc: ConvertedDocument, interpretation_doc: ConvertedDocument | None, *, user=None):
    """Create the policy (and its 文字解读) as drafts under section, never published; returns (policy, material)."""
    from interpretation.models import PolicyDocumentPage, TextMaterialPage

    saved_images = []
    try:
        with transaction.atomic():
            body = _save_images(policy_doc, policy_doc.title, user, saved_images)
            policy = PolicyDocumentPage(
                title=policy_doc.title, document_number=policy_doc.document_number, body=body, live=False, owner=user
            )
            section.add_child(instance=policy)
            policy.save_revision(user=user, log_action=True)
            material = None
            if interpretation_doc is not None:
                title = interpretation_doc.title if interpretation_doc.title_detected else f"《{policy.title}》解读"
                body = _save_images(interpretation_doc, title, user, saved_images)
                department = section.specific.department
                material = TextMaterialPage(
                    title=title[:255], body=body, interpreter_name=department.name, live=False, owner=user
                )
                policy.add_child(instance=material)
                material.save_revision(user=user, log_action=True)
    except Exception:
        for image in saved_images:  # the rows roll back with the transaction; the stored files do not
            image.file.delete(save=False)
        raise
    return policy, material


def _save_images(doc: ConvertedDocument, title: str, user, saved: list) -> str:
    from wagtail.images import get_image_model

    image_model = get_image_model()
    ids = []
    for number, (name, data, _content_type) in enumerate(doc.images, start=1):
        image = image_model(title=f"{title} 图{number}"[:255], file=ImageFile(io.BytesIO(data), name=name))
        image.uploaded_by_user = user
        image._set_image_file_metadata()
        image.save()
        saved.append(image)
        ids.append(image.pk)
    return doc.body_with_image_ids(ids)


def existing_policy(section, doc: ConvertedDocument):
    """A policy already in the section with this 文号 or title: importing it again would make a duplicate."""
    from interpretation.models import PolicyDocumentPage

    same = Q(title=doc.title) | Q(draft_title=doc.title)
    if doc.document_number:
        same |= Q(document_number=doc.document_number)
    return PolicyDocumentPage.objects.child_of(section).filter(same).first()
