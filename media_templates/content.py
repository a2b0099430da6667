"""The renderers' only input: plain, frozen values. This package imports no project code: the mapping from
pages is interpretation.bundle_content (a policy page, also behind the bundle preview) and channels.subjects
(what each kind of release says, for every channel).

Names follow the project glossary. Nothing here touches the database or the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

FORM_LABELS = {
    "text": "文字解读",
    "graphic": "图解",
    "audio": "音频",
    "video": "视频",
    "qa": "问答",
    "animation": "动漫",
}
INTERPRETER_LABELS = {
    "by_department": "部门解读",
    "by_expert": "专家解读",
    "by_media": "媒体解读",
}


@dataclass(frozen=True)
class Publisher:
    """Whose content this is, given per release: the releasing body (the organ: 历阳镇人民政府) on the portal
    (the site: its name and address). Empty values keep the style's; the style keeps only the look."""

    organ_name: str = ""
    site_name: str = ""
    site_url: str = ""


@dataclass(frozen=True)
class Attachment:
    """A file attached to a policy document (附件). `data` is only needed for e-mail."""

    title: str
    url: str
    filename: str
    size: int
    content_type: str
    data: bytes | None = None


@dataclass(frozen=True)
class MaterialRef:
    """One interpretation material (解读材料) as the channels see it."""

    title: str
    form: str
    form_label: str
    interpreter_kind: str
    interpreter_label: str
    url: str
    summary: str = ""
    guid: str = ""
    date_published: date | None = None

    def __post_init__(self) -> None:
        if self.form not in FORM_LABELS:
            raise ValueError(f"未知的解读形式 {self.form!r}，应为 {', '.join(FORM_LABELS)} 之一")
        if self.interpreter_kind not in INTERPRETER_LABELS:
            raise ValueError(f"未知的解读主体 {self.interpreter_kind!r}，应为 {', '.join(INTERPRETER_LABELS)} 之一")
        if not self.form_label:
            object.__setattr__(self, "form_label", FORM_LABELS[self.form])
        if not self.interpreter_label:
            object.__setattr__(self, "interpreter_label", INTERPRETER_LABELS[self.interpreter_kind])


@dataclass(frozen=True)
class KeyPoint:
    title: str
    text: str
    figure: str = ""


@dataclass(frozen=True)
class QAPair:
    question: str
    answer: str


@dataclass(frozen=True)
class GraphicSpec:
    """Structured content of a 图解 (graphic interpretation) long image."""

    title: str
    subtitle: str = ""
    key_points: tuple[KeyPoint, ...] = ()
    steps: tuple[str, ...] = ()
    qa: tuple[QAPair, ...] = ()
    source_line: str = ""
    publisher: Publisher | None = None


@dataclass(frozen=True)
class PolicyRelation:
    """A policy this one amends or repeals, or the one that amends or repeals it: partners link both ways."""

    rel: str  # amends, repeals, replaces; amended-by, repealed-by, replaced-by
    title: str
    url: str
    statement: str  # 本文件废止《旧文件》。 / 本文件已废止，以《新文件》为准。
    guid: str = ""


@dataclass(frozen=True)
class PolicyContent:
    """A released policy bundle: the policy document with its interpretation materials."""

    title: str
    document_number: str
    index_number: str
    issuing_organ: str
    drafting_department: str
    date_written: date | None
    date_published: date | None
    effective_date: date | None
    topic: str
    validity_label: str
    disclosure_label: str
    summary: str
    body_html: str
    url: str
    attachments: tuple[Attachment, ...] = ()
    materials: tuple[MaterialRef, ...] = ()
    guid: str = ""
    version: int = 1
    is_correction: bool = False
    correction_note: str = ""
    # Added: an editor's short title for channels with tight limits, and when this version was made.
    short_title: str = ""
    updated_at: datetime | None = None
    # Who releases it: the body's name and the portal's, over the style's defaults (see Publisher).
    publisher: Publisher | None = None
    # The public policies this one amends or repeals, and the one that amends or repeals it.
    relations: tuple[PolicyRelation, ...] = ()


@dataclass(frozen=True)
class SiteStyle:
    """Site information and the look of generated payloads (read from style.toml, see style.py)."""

    site_name: str = "政府门户网站"
    organ_name: str = "人民政府办公室"
    site_url: str = ""
    logo_path: str = ""
    primary: str = "#B7252A"
    primary_dark: str = "#8E1B1F"
    accent: str = "#C9A063"
    text: str = "#262626"
    muted: str = "#6B6B6B"
    background: str = "#F7F2EA"
    surface: str = "#FFFFFF"
    border: str = "#E6D8C3"
    font_path: str = ""
    bold_font_path: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def format_date(value: date | None) -> str:
    """2025年3月1日 (no leading zeros), or an empty string."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def metadata_rows(policy: PolicyContent) -> list[tuple[str, str]]:
    """The policy's metadata block (政府信息公开 fields), empty values left out."""
    rows = [
        ("索引号", policy.index_number),
        ("发文机关", policy.issuing_organ),
        ("文号", policy.document_number),
        ("主题分类", policy.topic),
        ("成文日期", format_date(policy.date_written)),
        ("发布日期", format_date(policy.date_published)),
        ("施行日期", format_date(policy.effective_date)),
        ("有效性", policy.validity_label),
        ("公开属性", policy.disclosure_label),
        ("起草部门", policy.drafting_department),
    ]
    return [(label, value) for label, value in rows if value]
