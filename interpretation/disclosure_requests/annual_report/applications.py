"""The applications table of the 年度报告 (国办公开办函〔2021〕30号, section 三 收到和处理政府信息公开申请情况).

Columns by applicant (自然人; 法人或其他组织: 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他; 总计), rows as the
format lists them. Its check: 一 (new this year) + 二 (carried over) = 三 (decided this year, 总计) + 四 (carried on).
A county's table counts the cases of its bodies too (`queryset` decides).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..choices import ApplicantKind, OrganizationType, ReplyType, Status, WithholdingGround

COLUMNS = ("natural", *OrganizationType.values, "total")
COLUMN_LABELS = {"natural": "自然人", **dict(OrganizationType.choices), "total": "总计"}

#: (key, label) in the format's order; keys starting with "withheld:" take a WithholdingGround.
ROWS = [
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_in", "二、上年结转政府信息公开申请数量"),
    ("disclosed", "三、本年度办理结果 (一)予以公开"),
    ("partly", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"),
    *[
        (f"withheld:{value}", f"{'(三)不予公开 ' if n == 1 else ''}{n}.{label.split('(')[0]}")
        for n, (value, label) in enumerate(WithholdingGround.choices, 1)
    ],
    ("unable:not_held", "(四)无法提供 1.本机关不掌握相关政府信息"),
    ("unable:needs_making", "2.没有现成信息需要另行制作"),
    ("unable:unclear", "3.补正后申请内容仍不明确"),
    ("not_processed:complaint", "(五)不予处理 1.信访举报投诉类申请"),
    ("not_processed:repeat", "2.重复申请"),
    ("not_processed:publication", "3.要求提供公开出版物"),
    ("not_processed:mass", "4.无正当理由大量反复申请"),
    ("not_processed:confirm", "5.要求行政机关确认或重新出具已获取信息"),
    ("other:no_amendment", "(六)其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other:no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other:other", "3.其他"),
    ("decided", "(七)总计"),
    ("carried_out", "四、结转下年度继续办理"),
]


@dataclass
class ApplicationTable:
    year: int
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, row: str, column: str) -> None:
        cells = self.counts.setdefault(row, dict.fromkeys(COLUMNS, 0))
        cells[column] += 1
        cells["total"] += 1

    def cell(self, row: str, column: str) -> int:
        return self.counts.get(row, {}).get(column, 0)

    @property
    def balanced(self) -> bool:
        """一 + 二 = 三(总计) + 四, in every column."""
        return all(
            self.cell("new", c) + self.cell("carried_in", c) == self.cell("decided", c) + self.cell("carried_out", c)
            for c in COLUMNS
        )

    def as_rows(self) -> list[tuple[str, list[int]]]:
        return [(label, [self.cell(key, c) for c in COLUMNS]) for key, label in ROWS]


def _column(application) -> str:
    if application.applicant_kind == ApplicantKind.CITIZEN:
        return "natural"
    return application.organization_type or OrganizationType.OTHER


def outcome_row(application) -> str:
    """The format's row for a case decided this year."""
    if application.status == Status.ABANDONED:
        return "other:no_amendment"
    if application.status == Status.WITHDRAWN:
        return "other:other"
    reply = application.reply
    return {
        ReplyType.PROACTIVE: "disclosed",
        ReplyType.DISCLOSED: "disclosed",
        ReplyType.PARTLY: "partly",
        ReplyType.WITHHELD: f"withheld:{reply.withholding_ground}",
        ReplyType.NOT_EXIST: "unable:not_held",
        ReplyType.NOT_OURS: "unable:not_held",
        ReplyType.REPEAT: "not_processed:repeat",
        ReplyType.SPECIAL_LAW: "other:other",
    }[reply.reply_type]


def application_table(queryset, year: int) -> ApplicationTable:
    """The table for the cases of `queryset` (one body's, or a county's with its departments and towns)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    table = ApplicationTable(year)
    received = queryset.filter(received_on__isnull=False, received_on__lte=last).select_related("reply")
    for application in received.exclude(closed_on__lt=first):
        column = _column(application)
        table.add("new" if application.received_on >= first else "carried_in", column)
        if application.closed_on is not None and application.closed_on <= last:
            table.add(outcome_row(application), column)
            table.add("decided", column)
        else:
            table.add("carried_out", column)
    return table
