"""The report as the format lays it out: six sections, each with its text and tables, for the page and the .docx.

One outline feeds both outputs, so the web page and the Word file can never differ. A header cell is
(text, colspan, rowspan); body rows are plain strings, the first one a row header where `row_headers` is set.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .reviews import GROUPS, OUTCOME_LABELS

BALANCE_NOTE = "本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和"


@dataclass
class Table:
    head: list[list[tuple[str, int, int]]]
    rows: list[list[str]]
    row_headers: bool = True
    caption: str = ""

    @property
    def width(self) -> int:
        return max(len(row) for row in self.rows)


@dataclass
class Section:
    heading: str
    text: str
    tables: list[Table] = field(default_factory=list)


def _h(text: str, colspan: int = 1, rowspan: int = 1) -> tuple[str, int, int]:
    return (text, colspan, rowspan)


def _figures_table(item: str, column: str, rows: list[tuple[str, object]]) -> Table:
    return Table(
        head=[[_h(f"第二十条第({item})项", 2)], [_h("信息内容"), _h(column)]],
        rows=[[label, str(value)] for label, value in rows],
    )


def proactive_tables(table: dict) -> list[Table]:
    normative = Table(
        head=[
            [_h("第二十条第(一)项", 4)],
            [_h("信息内容"), _h("本年制发件数"), _h("本年废止件数"), _h("现行有效件数")],
        ],
        rows=[[str(cell) for cell in row] for row in table["normative"]],
    )
    return [
        normative,
        _figures_table("五", "本年处理决定数量", [("行政许可", table["licensing"])]),
        _figures_table("六", "本年处理决定数量", [("行政处罚", table["penalty"]), ("行政强制", table["enforcement"])]),
        _figures_table("八", "本年收费金额(单位:万元)", [("行政事业性收费", table["fees"])]),
    ]


def applications_table(table: dict) -> Table:
    columns = table["columns"]  # 自然人, five kinds of organisation, 总计
    head = [
        [_h(BALANCE_NOTE, 1, 3), _h("申请人情况", len(columns))],
        [_h(columns[0], 1, 2), _h("法人或其他组织", len(columns) - 2), _h(columns[-1], 1, 2)],
        [_h(label) for label in columns[1:-1]],
    ]
    return Table(head=head, rows=[[label, *map(str, cells)] for label, cells in table["rows"]])


def reviews_table(table: dict) -> Table:
    head = [
        [_h(GROUPS[0][1], 5), _h("行政诉讼", 10)],
        [*(_h(label, 1, 2) for label in OUTCOME_LABELS), _h(GROUPS[1][1], 5), _h(GROUPS[2][1], 5)],
        [_h(label) for label in OUTCOME_LABELS * 2],
    ]
    row = [str(n) for group, _ in GROUPS for n in table[group]]
    return Table(head=head, rows=[row], row_headers=False)


def sections(report, tables: dict) -> list[Section]:
    return [
        Section("一、总体情况", report.overview),
        Section("二、主动公开政府信息情况", report.proactive, proactive_tables(tables["proactive"])),
        Section("三、收到和处理政府信息公开申请情况", "", [applications_table(tables["applications"])]),
        Section("四、政府信息公开行政复议、行政诉讼情况", report.reviews, [reviews_table(tables["reviews"])]),
        Section("五、存在的主要问题及改进情况", report.problems),
        Section("六、其他需要报告的事项", report.other),
    ]


def preface(report) -> str:
    return (
        f"本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
        f"(国办公开办函〔2021〕30号)编制,所列数据的统计期限为{report.year}年1月1日至12月31日。"
    )
