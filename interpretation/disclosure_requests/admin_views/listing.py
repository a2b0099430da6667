"""依申请公开 list and the entry of paper, letter, fax and e-mail applications."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from bodies import scope
from bodies.models import DisclosingBody
from interpretation.disclosure_requests import annual_report, lifecycle, privacy, queries
from interpretation.disclosure_requests.choices import Status
from interpretation.disclosure_requests.forms import StaffApplicationForm

PER_PAGE = 30
ATTENTION = {"overdue": "已超期", "due_soon": "5个工作日内到期"}


def index(request):
    visible = privacy.visible_requests(request.user)
    if not visible.exists() and not privacy.is_handler_anywhere(request.user) and not privacy.is_auditor(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    attention = request.GET.get("attention", "")
    body = request.GET.get("body", "")
    query = request.GET.get("q", "").strip()
    chosen = visible
    if status in Status.values:
        chosen = chosen.filter(status=status)
    if body.isdigit():
        chosen = chosen.filter(disclosing_body_id=int(body))
    if query:
        chosen = chosen.filter(
            Q(number__icontains=query) | Q(title__icontains=query) | Q(document_number__icontains=query)
        )
    if attention in ATTENTION:
        overdue, soon = queries.needing_attention(chosen)
        case_rows = overdue if attention == "overdue" else soon
        page = Paginator(case_rows, PER_PAGE).get_page(request.GET.get("p"))
        shown = list(page.object_list)
    else:
        page = Paginator(chosen.order_by("-submitted_at", "-pk"), PER_PAGE).get_page(request.GET.get("p"))
        shown = queries.rows(chosen.filter(pk__in=[a.pk for a in page.object_list]).order_by("-submitted_at", "-pk"))
    for row in shown:
        row.show_personal = privacy.may_see_personal_data(request.user, row.application)
    return TemplateResponse(
        request,
        "disclosure_requests/admin/index.html",
        {
            "page_title": "政府信息公开申请",
            "rows": shown,
            "page": page,
            "statuses": Status.choices,
            "attention_choices": ATTENTION.items(),
            "bodies": scope.bodies(request.user).filter(request_office__isnull=False),
            "current": {"status": status, "attention": attention, "body": body, "q": query},
            "may_enter": bool(_entry_bodies(request.user)),
            "proactive": queries.proactive_candidates(visible),
            "may_report": privacy.is_handler_anywhere(request.user) or privacy.is_auditor(request.user),
        },
    )


def _entry_bodies(user):
    """Bodies this person enters applications for: their handling office's body (any office for a superuser)."""
    accepting = DisclosingBody.objects.filter(request_office__isnull=False)
    if scope.is_unrestricted(user):
        return list(accepting)
    return list(accepting.filter(pk__in=privacy.handled_body_ids(user)))


def create(request):
    bodies = _entry_bodies(request.user)
    if not bodies:
        raise PermissionDenied
    form = StaffApplicationForm(request.POST or None)
    chosen_body = bodies[0]
    if len(bodies) > 1:
        picked = request.POST.get("disclosing_body") or request.GET.get("body")
        chosen_body = next((b for b in bodies if str(b.pk) == picked), bodies[0])
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created, code = lifecycle.create(
                    chosen_body,
                    fields=form.application_fields(),
                    channel=form.cleaned_data["channel"],
                    received_on=form.cleaned_data.get("received_on"),
                    user=request.user,
                )
            except lifecycle.Refused as refusal:
                form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal))
            else:
                messages.success(request, f"已登记申请 {created.number},查询码 {code}(只显示这一次,请告知申请人)。")
                return redirect(reverse("disclosure_requests_admin:case", args=(created.pk,)))
        status = 400
    return TemplateResponse(
        request,
        "disclosure_requests/admin/create.html",
        {"page_title": "登记政府信息公开申请", "form": form, "bodies": bodies, "chosen_body": chosen_body},
        status=status,
    )


def annual_table(request):
    """年度报告 section 三 for the bodies in the person's scope (a county sees its departments and towns summed)."""
    if not (privacy.is_handler_anywhere(request.user) or privacy.is_auditor(request.user)):
        raise PermissionDenied
    today = lifecycle.beijing_today()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2008 <= int(year_text) <= today.year else today.year
    table = annual_report.application_table(privacy.visible_requests(request.user), year)
    return TemplateResponse(
        request,
        "disclosure_requests/admin/annual_table.html",
        {
            "page_title": f"{year}年度报告:收到和处理政府信息公开申请情况",
            "table": table,
            "columns": [annual_report.COLUMN_LABELS[c] for c in annual_report.COLUMNS],
            "years": range(today.year, max(today.year - 5, 2008), -1),
            "year": year,
        },
    )
