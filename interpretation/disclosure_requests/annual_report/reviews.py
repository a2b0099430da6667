"""Section 四 (政府信息公开行政复议、行政诉讼情况): entered by staff, since reviews and suits are decided elsewhere."""

from __future__ import annotations

OUTCOMES = ("upheld", "corrected", "other", "pending")
OUTCOME_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
GROUPS = (("review", "行政复议"), ("direct", "未经复议直接起诉"), ("after_review", "复议后起诉"))


def reviews_table(reports) -> dict:
    """{"review": [维持, 纠正, 其他, 尚未审结, 总计], "direct": […], "after_review": […]}, summed over `reports`."""
    table = {}
    for group, _ in GROUPS:
        cells = [sum(getattr(report, f"{group}_{outcome}") for report in reports) for outcome in OUTCOMES]
        table[group] = [*cells, sum(cells)]
    return table
