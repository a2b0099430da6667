"""Word files as departments write them, made with python-docx: a policy (centred bold title, 文号 line, headings,
lists, a table and a picture) and its interpretation."""

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches
from PIL import Image as PILImage

TITLE = "关于加强农村人居环境整治的实施意见"
NUMBER = "历政〔2018〕12号"


def make_docx(title=TITLE, number=NUMBER, *, image=True, heading_style=None) -> bytes:
    """A policy as departments write it: centred bold title, 文号 line, headings, lists, a table and a picture."""
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(title).bold = True
    if number:
        document.add_paragraph(number).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if heading_style:
        document.styles.add_style(heading_style, WD_STYLE_TYPE.PARAGRAPH)
        document.add_paragraph("一、总体要求", style=heading_style)
    else:
        document.add_heading("一、总体要求", level=1)
    document.add_paragraph("为改善农村人居环境,制定本意见。")
    document.add_heading("(一)工作目标", level=2)
    document.add_paragraph("垃圾分类", style="List Bullet")
    document.add_paragraph("污水治理", style="List Bullet")
    document.add_paragraph("摸底调查", style="List Number")
    document.add_paragraph("组织实施", style="List Number")
    table = document.add_table(rows=3, cols=2)
    for row, cells in enumerate([("项目", "补助标准"), ("改厕", "每户1000元"), ("污水", "每户500元")]):
        for column, text in enumerate(cells):
            table.cell(row, column).paragraphs[0].add_run(text).bold = row == 0
    if image:
        picture = io.BytesIO()
        PILImage.new("RGB", (12, 8), "green").save(picture, "PNG")
        picture.seek(0)
        document.add_picture(picture, width=Inches(1))
    document.add_paragraph("本意见自印发之日起施行。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_interpretation_docx() -> bytes:
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"《{TITLE}》政策解读").bold = True
    document.add_heading("一、出台背景", level=1)
    document.add_paragraph("为贯彻落实乡村振兴战略……")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
