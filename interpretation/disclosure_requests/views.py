"""The portal's side: apply to a 公开主体, get a receipt with a query code, look the status up with that code.

Nothing here is cached (each answer is private to the person who typed it); the lookup shows the case's
progress and never the applicant's personal data. After the reply it links the letter and the files disclosed,
by signed one-hour tokens (downloads.py): the query code never appears in an address.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe

from bodies.models import DisclosingBody
from cms.foundation.client import client_address
from interpretation.public import cache_control, identity, media
from security import audit

from . import clock, downloads, letters, lifecycle, report_pages
from .choices import RECEIVED_DATE_RULE, Channel
from .forms import LookupForm, PublicApplicationForm
from .models import AnnualReport, RequestOffice

#: (limit, window in seconds) per client address, for applications and for lookups.
APPLY_LIMIT = (10, 3600)
LOOKUP_LIMIT = (30, 600)


def _allowed(request, kind: str, limit: tuple[int, int]) -> bool:
    count, window = limit
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()
    key = f"disclosure_requests:{kind}:{digest}"
    cache.add(key, 0, window)
    try:
        return cache.incr(key) <= count
    except ValueError:
        cache.set(key, 1, window)
        return True


def _private(request, template: str, context: dict, status: int = 200):
    response = TemplateResponse(request, template, context, status=status)
    return cache_control.apply(response, cache_control.PRIVATE)


def _accepting_bodies(request):
    bodies = DisclosingBody.objects.filter(request_office__isnull=False)
    own = identity.own_body(request)
    return bodies.filter(pk=own.pk) if own is not None else bodies


def _published_reports(request) -> list[tuple[AnnualReport, str]]:
    """(report, its page's address) for the index: the page is in the body's column when it has one."""
    reports = AnnualReport.objects.filter(published=True).select_related("disclosing_body")
    own = identity.own_body(request)
    found = reports.filter(disclosing_body=own) if own is not None else reports
    return [(report, report_pages.url_for(report)) for report in found]


def index(request):
    """政府信息公开申请: the bodies that accept applications here, and the status lookup."""
    return _private(
        request,
        "disclosure_requests/public/index.html",
        {"bodies": _accepting_bodies(request), "lookup_form": LookupForm(), "reports": _published_reports(request)},
    )


@require_http_methods(["GET", "POST"])
def apply(request, slug: str):
    body = get_object_or_404(_accepting_bodies(request), slug=slug)
    office = RequestOffice.objects.get(disclosing_body=body)
    form = PublicApplicationForm(request.POST or None)
    context = {"body": body, "office": office, "form": form, "rule": RECEIVED_DATE_RULE[Channel.PORTAL]}
    if request.method != "POST":
        return _private(request, "disclosure_requests/public/apply.html", context)
    if not _allowed(request, "apply", APPLY_LIMIT):
        context["error"] = "提交过于频繁,请稍后再试。您填写的内容已保留。"
        return _private(request, "disclosure_requests/public/apply.html", context, status=429)
    if form.is_spam():
        return _private(request, "disclosure_requests/public/apply.html", context, status=400)
    if not form.is_valid():
        context["error"] = "申请未提交:请按提示修改标红的内容。您填写的内容已保留。"
        return _private(request, "disclosure_requests/public/apply.html", context, status=400)
    created, code = lifecycle.create(body, fields=form.application_fields(), channel=Channel.PORTAL)
    return _private(
        request,
        "disclosure_requests/public/receipt.html",
        {"body": body, "office": office, "application": created, "code": code},
    )


@require_http_methods(["GET", "POST"])
def status(request):
    """Status by query code (posted, so that the code stays out of addresses and logs)."""
    form = LookupForm(request.POST or None)
    context: dict = {"lookup_form": form}
    if request.method == "POST":
        if not _allowed(request, "lookup", LOOKUP_LIMIT):
            context["error"] = "查询过于频繁,请稍后再试。"
            return _private(request, "disclosure_requests/public/status.html", context, status=429)
        if form.is_valid():
            found = lifecycle.find_by_code(form.cleaned_data["code"])
            if found is None:
                context["error"] = "没有找到该查询码对应的申请,请核对后重新输入。"
            else:
                context.update(
                    application=found,
                    clock=clock.compute(found),
                    reply=getattr(found, "reply", None),
                    downloads=downloads.links(found),
                    download_hours=downloads.MAX_AGE // 3600,
                )
        else:
            context["error"] = form.errors["code"][0]
    return _private(request, "disclosure_requests/public/status.html", context, status=200)


def _download_refused(request, status: int, message: str):
    return _private(request, "disclosure_requests/public/download_error.html", {"message": message}, status=status)


@require_safe
def download(request, token: str):
    """The reply letter or a disclosed file, for whoever holds a link the status lookup gave (downloads.py)."""
    try:
        application, item, disclosed = downloads.resolve(token)
    except downloads.Expired:
        return _download_refused(
            request, 410, "下载链接已过期(有效期1小时)。请重新输入查询码查询办理进度,获取新的下载链接。"
        )
    except downloads.Invalid:
        return _download_refused(request, 403, "下载链接无效或已被修改。请通过“查询办理进度”输入查询码后重新下载。")
    if disclosed is None:
        kind = item.removeprefix("letter.")
        try:
            data = (letters.as_pdf if kind == "pdf" else letters.as_docx)(application)
        except letters.LetterUnavailable as unavailable:
            return _download_refused(request, 503, str(unavailable))
        response = HttpResponse(data, content_type=downloads.LETTER_KINDS[kind][0])
        filename = f"{letters.letter_text(application).filename_stem}.{kind}"
    else:
        filename = downloads.filename(disclosed)
        response = media.file_response(request, disclosed.file)
        if response.status_code != 200:
            return _download_refused(request, 404, "该文件已不存在,请联系承办机关。")
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    cache_control.apply(response, cache_control.PRIVATE)
    audit.record("disclosure_request.applicant_download", request=request, target=application, detail={"item": item})
    return response


def _published_report(request, slug: str, year: int) -> AnnualReport:
    found = report_pages.published(get_object_or_404(DisclosingBody, slug=slug), year)
    own = identity.own_body(request)
    if own is not None and found.disclosing_body_id != own.pk:
        raise Http404
    return found


def report(request, slug: str, year: int):
    """A published 年度报告: its page is in the body's column of the policy library when the body has one."""
    found = _published_report(request, slug, year)
    url = report_pages.url_for(found)
    if url != request.path:
        return redirect(url, permanent=True)
    response = TemplateResponse(request, report_pages.TEMPLATE, report_pages.page_context(found))
    return cache_control.for_request(request, response)


def report_docx(request, slug: str, year: int):
    """The published report as a Word file, built from the frozen tables."""
    return cache_control.for_request(request, report_pages.docx_response(_published_report(request, slug, year)))
