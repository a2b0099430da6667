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
from typing import Any
from xml.etree import ElementTree

import mammoth
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q

from interpretation.docx_html import HEAD_PARAGRAPHS, ImageCollector, clean_body
from interpretation.models import PolicyDocumentPage, TextMaterialPage

logger = logging.getLogger(__name__)

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # a zip bomb is refused before mammoth inflates it
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .doc, and also a password-protected .docx
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

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
    images = ImageCollector()
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
    body, messages = clean_body(
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
    styles: dict[str | None, tuple[str, bool, bool]] = {}
    if "word/styles.xml" in archive.namelist():
        for definition in ElementTree.fromstring(archive.read("word/styles.xml")).iter(f"{W}style"):
            name, ppr = definition.find(f"{W}name"), definition.find(f"{W}pPr")
            jc = ppr.find(f"{W}jc") if ppr is not None else None
            styles[definition.get(f"{W}styleId")] = (
                (name.get(f"{W}val", "") if name is not None else "").lower(),
                jc is not None and jc.get(f"{W}val") == "center",
                _flag(definition.find(f"{W}rPr"), "b"),
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

    saved_images: list[Any] = []
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

    same = Q(title=doc.title) | Q(draft_title=doc.title)
    if doc.document_number:
        same |= Q(document_number=doc.document_number)
    return PolicyDocumentPage.objects.child_of(section).filter(same).first()
