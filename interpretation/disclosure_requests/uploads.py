"""What may be uploaded as a file given to an applicant: common office formats only, recognised by their name AND
their first bytes (a renamed program is refused), no larger than DISCLOSURE_REQUEST_MAX_UPLOAD_MB.

`validate_upload` is the model field's validator (DisclosedFile.file), so every path that saves an upload (the
admin form, the shell, an import) is checked, not only the form. Messages are for the person uploading.
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, Excel 97-2003 .xls
ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip archive (an empty one starts with its end record)

#: extension -> (what people call it, the signatures it may start with, a member its zip must hold)
KINDS: dict[str, tuple[str, tuple[bytes, ...], str | None]] = {
    "pdf": ("PDF", (b"%PDF-",), None),
    "ofd": ("OFD", ZIP, "OFD.xml"),
    "doc": ("Word", (OLE2,), None),
    "docx": ("Word", ZIP, "word/"),
    "xls": ("Excel", (OLE2,), None),
    "xlsx": ("Excel", ZIP, "xl/"),
    "jpg": ("JPG 图片", (b"\xff\xd8\xff",), None),
    "jpeg": ("JPG 图片", (b"\xff\xd8\xff",), None),
    "png": ("PNG 图片", (b"\x89PNG\r\n\x1a\n",), None),
    "zip": ("ZIP 压缩包", ZIP, None),
}
ALLOWED_TEXT = "PDF、OFD、Word(doc、docx)、Excel(xls、xlsx)、JPG、PNG 图片和 ZIP 压缩包"


def max_upload_mb() -> int:
    return settings.DISCLOSURE_REQUEST_MAX_UPLOAD_MB


def extension(name: str) -> str:
    base = (name or "").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _zip_holds(upload, member: str | None) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return member is None or any(name == member or name.startswith(member) for name in names)


def _content_matches(upload, ext: str) -> bool:
    _label, signatures, member = KINDS[ext]
    upload.seek(0)
    head = upload.read(8)
    try:
        if not any(head.startswith(signature) for signature in signatures):
            return False
        return _zip_holds(upload, member) if signatures == ZIP else True
    finally:
        upload.seek(0)


def validate_upload(upload) -> None:
    """Refuse (ValidationError, in Chinese) a file of a type not listed, too large, or not what its name says."""
    ext = extension(upload.name)
    if ext not in KINDS:
        shown = f"“.{ext}”" if ext else "没有扩展名的"
        raise ValidationError(f"不能上传{shown}文件。允许的类型:{ALLOWED_TEXT}。", code="file_type")
    limit = max_upload_mb()
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(
            f"文件过大({upload.size / 1024 / 1024:.1f} MB),单个文件不能超过 {limit} MB。", code="file_size"
        )
    if not _content_matches(upload, ext):
        raise ValidationError(
            f"文件内容与扩展名“.{ext}”不符,不是有效的 {KINDS[ext][0]} 文件,请检查后重新上传。", code="file_content"
        )
