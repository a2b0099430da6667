"""The Word files this app writes (告知书, 年度报告) share one look: 仿宋 body text and a bold centred title."""

from __future__ import annotations

import io


def titled_document(title: str, *, body_pt: int, title_pt: int):
    """A python-docx Document with 仿宋 (also for CJK runs) at `body_pt`, opening with `title` centred in bold."""
    from docx import Document  # lazy: only the downloads need it
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(body_pt)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold, run.font.size = True, Pt(title_pt)
    return document


def as_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
