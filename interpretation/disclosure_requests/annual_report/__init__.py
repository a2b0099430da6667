"""政府信息公开工作年度报告 in the 2021 format: every table built from the records, frozen when the report is published.

applications.py counts the cases (section 三), proactive.py the policy library and entered figures (section 二),
reviews.py the entered 行政复议/行政诉讼 figures (section 四); word.py writes the .docx. A draft shows live figures;
a published report shows the frozen ones.
"""

from __future__ import annotations

from django.utils import timezone

from security import audit

from .applications import COLUMN_LABELS, COLUMNS, ROWS, ApplicationTable, application_table, outcome_row
from .proactive import proactive_table
from .reviews import GROUPS, OUTCOME_LABELS, reviews_table

__all__ = [
    "COLUMNS",
    "COLUMN_LABELS",
    "GROUPS",
    "OUTCOME_LABELS",
    "ROWS",
    "ApplicationTable",
    "application_table",
    "compute",
    "outcome_row",
    "publish",
    "tables",
]


def body_ids(report) -> set[int]:
    """The report's own body, or with every body below it for a county's summed report."""
    if report.includes_bodies:
        return report.disclosing_body.descendant_ids()
    return {report.disclosing_body_id}


def _entering_reports(report, ids: set[int]) -> list:
    """The reports whose entered figures add up: this one, and for a summed report those of the bodies below."""
    others = type(report).objects.filter(year=report.year, disclosing_body_id__in=ids - {report.disclosing_body_id})
    return [report, *others]


def compute(report) -> dict:
    """The three tables from today's records."""
    from ..models import InformationRequest

    ids = body_ids(report)
    reports = _entering_reports(report, ids)
    cases = application_table(InformationRequest.objects.filter(disclosing_body_id__in=ids), report.year)
    return {
        "proactive": proactive_table(ids, report.year, reports),
        "applications": {
            "columns": [COLUMN_LABELS[c] for c in COLUMNS],
            "rows": [[label, cells] for label, cells in cases.as_rows()],
            "balanced": cases.balanced,
        },
        "reviews": reviews_table(reports),
    }


def tables(report) -> dict:
    """What a reader sees: the frozen tables once published, today's figures in a draft."""
    if report.published_at is not None and report.applications_table:
        return {
            "proactive": report.proactive_table,
            "applications": report.applications_table,
            "reviews": report.reviews_table,
        }
    return compute(report)


def publish(report, now=None) -> None:
    """Freeze the tables and mark the report published; later edits of cases or policies never change it."""
    computed = compute(report)
    report.proactive_table = computed["proactive"]
    report.applications_table = computed["applications"]
    report.reviews_table = computed["reviews"]
    report.published = True
    report.published_at = now or timezone.now()
    report.save()
    audit.record("disclosure_request.annual_report_publish", target=report)
    from ..report_pages import after_publish  # the page builds on this package, not the other way round

    after_publish(report)
