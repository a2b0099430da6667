"""告知书: the reply letter, written once as paragraphs (`letter_text`) and rendered as .docx and as PDF.

The wording follows 条例第三十六条 item by item (第三十七条 for partial disclosure) and ends with the applicant's
remedies: 行政复议 within 60 days (行政复议法第二十条) or 行政诉讼 within 6 months (行政诉讼法第四十六条).
The PDF embeds the Noto CJK font the project already installs (scripts/system-packages) so it reads anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import word_documents
from .choices import REPLY_ARTICLE, ApplicantKind, ReplyType
from .models import RequestOffice

FONT_CANDIDATES = (
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 0),  # Noto Serif CJK SC
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # Noto Sans CJK SC
    ("/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc", 0),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
)


class LetterUnavailable(Exception):
    """The letter cannot be drawn (no reply yet, or no CJK font for the PDF); the message is for the user."""


@dataclass
class LetterText:
    title: str
    number: str
    salutation: str
    paragraphs: list[str]
    signature: list[str]
    attachments: list[str] = field(default_factory=list)

    @property
    def filename_stem(self) -> str:
        return f"告知书-{self.number}"


def _day(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _type_paragraph(reply, files: list[str]) -> str:
    kind = reply.reply_type
    extra = reply.content.strip()
    if kind == ReplyType.PROACTIVE:
        text = f"您申请获取的政府信息已经主动公开,您可以通过以下方式、途径获取:{reply.proactive_url}。"
    elif kind == ReplyType.DISCLOSED:
        text = "您申请获取的政府信息属于公开范围,本机关予以公开。"
    elif kind == ReplyType.PARTLY:
        text = (
            "您申请获取的政府信息中含有不应当公开的内容,本机关作区分处理,向您提供可以公开的内容。"
            f"不予公开部分的理由:{reply.get_withholding_ground_display()}。{reply.legal_basis.strip()}"
        )
    elif kind == ReplyType.WITHHELD:
        text = (
            f"您申请获取的政府信息{reply.get_withholding_ground_display()},本机关决定不予公开。"
            f"理由和依据:{reply.legal_basis.strip()}"
        )
    elif kind == ReplyType.NOT_EXIST:
        text = "经检索,本机关没有制作或者获取您申请公开的政府信息,该政府信息不存在。"
    elif kind == ReplyType.NOT_OURS:
        text = "您申请获取的政府信息不属于本机关负责公开。"
        if reply.other_body_name:
            contact = f",联系方式:{reply.other_body_contact}" if reply.other_body_contact else ""
            text += f"负责公开该政府信息的行政机关为{reply.other_body_name}{contact}。"
        if reply.legal_basis.strip():
            text += reply.legal_basis.strip()
    elif kind == ReplyType.REPEAT:
        text = "本机关已就您提出的政府信息公开申请作出答复,您重复申请公开相同的政府信息,本机关不予重复处理。"
    else:
        text = (
            f"您申请获取的信息属于工商、不动产登记资料等信息,{reply.special_law}对信息的获取有特别规定,"
            "请您依照有关法律、行政法规的规定办理。"
        )
    if extra:
        text += extra if extra.endswith("。") else extra + "。"
    if files:
        text += "随本告知书向您提供:" + "、".join(f"《{name}》" for name in files) + "。"
    if reply.fee:
        text += f"本次申请按规定收取信息处理费{reply.fee}元。"
    return text


def letter_text(application) -> LetterText:
    reply = getattr(application, "reply", None)
    if reply is None:
        raise LetterUnavailable("该申请尚未答复,没有告知书。")
    body = application.disclosing_body
    office = RequestOffice.objects.filter(disclosing_body=body).first()
    person = "您单位" if application.applicant_kind == ApplicantKind.ORGANIZATION else "您"
    opening = (
        f"本机关于{_day(application.received_on)}收到{person}提出的政府信息公开申请,申请获取“{application.sought}”。"
    )
    completed = [a.completed_on for a in application.amendments.all() if a.completed_on]
    if completed:
        opening += f"经补正,本机关于{_day(max(completed))}收到补正后的申请。"
    extension = getattr(application, "extension", None)
    if extension is not None:
        opening += (
            f"经政府信息公开工作机构负责人同意,答复期限延长{extension.days}个工作日,"
            f"已于{_day(extension.notified_on)}告知{person}。"
        )
    opening += f"根据《中华人民共和国政府信息公开条例》{REPLY_ARTICLE[reply.reply_type]}的规定,现答复如下:"
    files = [item.title for item in reply.files.all()]
    reviewer = body.parent.name if body.parent_id else "上一级行政机关"
    remedy = (
        f"{person}如对本答复不服,可以自收到本告知书之日起60日内向{reviewer}申请行政复议,"
        "也可以自收到本告知书之日起6个月内向人民法院提起行政诉讼。"
    )
    contact = []
    if office is not None:
        contact.append(f"联系机构:{office.name}" + (f",联系电话:{office.phone}" if office.phone else ""))
    name = (
        application.applicant_name
        if application.applicant_kind == ApplicantKind.ORGANIZATION
        else f"{application.applicant_name}"
    )
    return LetterText(
        title="政府信息公开申请答复告知书",
        number=reply.letter_number,
        salutation=f"{name}:",
        paragraphs=[opening, _type_paragraph(reply, files), remedy, *contact],
        signature=[body.name, _day(reply.replied_on)],
        attachments=files,
    )


def as_docx(application) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # lazy: only the download needs it
    from docx.shared import Pt

    text = letter_text(application)
    document = word_documents.titled_document(text.title, body_pt=16, title_pt=22)
    document.add_paragraph(text.number).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(text.salutation)
    for paragraph in text.paragraphs:
        document.add_paragraph(paragraph).paragraph_format.first_line_indent = Pt(32)
    for line in text.signature:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return word_documents.as_bytes(document)


def _font() -> tuple[str, int]:
    for path, index in FONT_CANDIDATES:
        if Path(path).exists():
            return path, index
    raise LetterUnavailable("服务器未安装中文字体(fonts-noto-cjk),无法生成PDF,请下载Word版。")


def as_pdf(application) -> bytes:
    from fpdf import FPDF  # lazy: only the download needs it

    text = letter_text(application)
    path, index = _font()
    pdf = FPDF(format="A4")
    pdf.set_margins(28, 37, 26)  # GB/T 9704 公文 margins, roughly
    pdf.add_page()
    pdf.add_font("cjk", fname=path, collection_font_number=index)
    pdf.set_font("cjk", size=20)
    pdf.multi_cell(0, 14, text.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=14)
    pdf.multi_cell(0, 10, text.number, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(0, 9, text.salutation, new_x="LMARGIN", new_y="NEXT")
    for paragraph in text.paragraphs:
        pdf.multi_cell(0, 9, "\u3000\u3000" + paragraph, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    for line in text.signature:
        pdf.multi_cell(0, 9, line, align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
