"""The 年度报告 review screen: every table as it stands today (or as frozen), the Word file, and publishing.

Open to those who may edit or view reports (the snippet's permissions) or handle or audit applications, for the
bodies in their scope; publishing needs the right to change reports.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from bodies import scope
from interpretation.disclosure_requests import annual_report, privacy, report_pages
from interpretation.disclosure_requests.models import AnnualReport

CHANGE = "disclosure_requests.change_annualreport"


def _report(request, pk: int) -> AnnualReport:
    user = request.user
    allowed = (
        user.has_perm(CHANGE)
        or user.has_perm("disclosure_requests.view_annualreport")
        or privacy.is_handler_anywhere(user)
        or privacy.is_auditor(user)
    )
    if not allowed:
        raise PermissionDenied
    return get_object_or_404(scope.restrict(AnnualReport.objects.select_related("disclosing_body"), user), pk=pk)


def report(request, pk: int):
    found = _report(request, pk)
    context = report_pages.page_context(found, preview=True)
    context.update(
        page_title=found.title,
        may_publish=found.published_at is None and request.user.has_perm(CHANGE),
        edit_url=reverse("wagtailsnippets_disclosure_requests_annualreport:edit", args=(found.pk,)),
        public_url=report_pages.url_for(found) if found.published_at else None,
    )
    return TemplateResponse(request, "disclosure_requests/admin/report.html", context)


def report_docx(request, pk: int):
    response = report_pages.docx_response(_report(request, pk))
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def publish(request, pk: int):
    found = _report(request, pk)
    if not request.user.has_perm(CHANGE):
        raise PermissionDenied
    if found.published_at is None:
        annual_report.publish(found)
        messages.success(request, f"{found.title}已发布,统计表已固定。")
    return redirect(reverse("disclosure_requests_admin:report", args=(found.pk,)))
