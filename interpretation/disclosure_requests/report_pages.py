"""A published 年度报告 on the portal: a page of its body's disclosure column (政策文件库 › 公开主体栏目), its Word
file, and the static tree's copy, rewritten when a report is published.

The page lives under the BodySectionPage (route `annual-report/<year>/`), where readers look for a body's
reports; a body without a column in the library is served at /disclosure-requests/<slug>/annual-report/<year>/.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from interpretation.models import BodySectionPage
from interpretation.public.static_site.pages import provides

from . import annual_report
from .annual_report import outline, word
from .models import AnnualReport

TEMPLATE = "disclosure_requests/public/report.html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def published(body, year: int) -> AnnualReport:
    return get_object_or_404(
        AnnualReport.objects.select_related("disclosing_body"), disclosing_body=body, year=year, published=True
    )


def page_context(report: AnnualReport, *, preview: bool = False) -> dict:
    tables = annual_report.tables(report)
    return {
        "report": report,
        "preface": outline.preface(report),
        "sections": outline.sections(report, tables),
        "balanced": tables["applications"].get("balanced", False),
        "docx_url": None if preview else docx_url(report),
        "preview": preview,
    }


def context(body, year: int) -> dict:
    return page_context(published(body, year))


def section_page(body) -> BodySectionPage | None:
    return BodySectionPage.objects.live().filter(disclosing_body=body).first()


def url_for(report: AnnualReport) -> str:
    section = section_page(report.disclosing_body)
    if section is not None:
        return section.url + section.reverse_subpage("annual_report", args=(report.year,))
    return reverse("disclosure_requests:report", args=(report.disclosing_body.slug, report.year))


def docx_url(report: AnnualReport) -> str:
    return reverse("disclosure_requests:report_docx", args=(report.disclosing_body.slug, report.year))


def docx_response(report: AnnualReport) -> HttpResponse:
    response = HttpResponse(word.as_docx(report, annual_report.tables(report)), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(report.title)}.docx"
    return response


@provides(BodySectionPage)
def _published_reports(page) -> Iterable[str]:
    """Written beside the body's column; a report never changes after publishing, so its file is written once."""
    for year in AnnualReport.objects.filter(disclosing_body_id=page.disclosing_body_id, published=True).values_list(
        "year", flat=True
    ):
        yield f"annual-report/{year}/"


def after_publish(report: AnnualReport) -> None:
    """Write the new page (and the column listing it) into the static tree."""
    from interpretation.public.static_site import receivers

    section = section_page(report.disclosing_body)
    if section is not None:
        receivers.changed_without_release(section)
