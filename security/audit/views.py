"""The 审计日志 admin screen for the 审计管理员: a filtered, paginated list, newest first, and its CSV export.

View only: the permission `security.view_auditrecord` is the only one the model has; there is no form to add,
change or delete an entry anywhere. Each export is itself recorded (audit.export).
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .labels import ACTIONS
from .models import AuditRecord
from .records import record

PERMISSION = "security.view_auditrecord"
PER_PAGE = 50
BOM = "\ufeff"


def may_view(user) -> bool:
    return bool(user and user.is_active and user.has_perm(PERMISSION))


class FilterForm(forms.Form):
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    action = forms.ChoiceField(label="事件", required=False)
    actor = forms.CharField(label="操作人账号", required=False, max_length=150)
    outcome = forms.ChoiceField(label="结果", required=False, choices=[("", "全部"), *AuditRecord.Outcome.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        known = dict(ACTIONS)
        for action in AuditRecord.objects.order_by().values_list("action", flat=True).distinct():
            known.setdefault(action, action)
        self.fields["action"].choices = [("", "全部"), *sorted(((a, f"{n}（{a}）") for a, n in known.items()))]

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        if data["start"]:
            queryset = queryset.filter(time__gte=datetime.combine(data["start"], time.min, zone))
        if data["end"]:
            queryset = queryset.filter(time__lt=datetime.combine(data["end"] + timedelta(days=1), time.min, zone))
        if data["action"]:
            queryset = queryset.filter(action=data["action"])
        if data["actor"]:
            queryset = queryset.filter(actor_username=data["actor"].strip())
        if data["outcome"]:
            queryset = queryset.filter(outcome=data["outcome"])
        return queryset

    def as_detail(self) -> dict:
        return {key: str(value) for key, value in (self.cleaned_data or {}).items() if value} if self.is_valid() else {}


def _filtered(request) -> tuple[FilterForm, object]:
    if not may_view(request.user):
        raise PermissionDenied
    form = FilterForm(request.GET or None)
    return form, form.apply(AuditRecord.objects.order_by("-sequence"))


def index(request):
    form, queryset = _filtered(request)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request,
        "security/audit/index.html",
        {"page_title": "审计日志", "form": form, "page": page, "query": query.urlencode()},
    )


COLUMNS = ["序号", "时间", "操作人账号", "操作人姓名", "来源地址", "事件", "事件代码", "对象", "结果", "详情", "哈希"]


def export(request):
    form, queryset = _filtered(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    count = 0
    outcomes = dict(AuditRecord.Outcome.choices)
    for entry in queryset.iterator(chunk_size=2000):
        writer.writerow(
            [
                entry.sequence,
                timezone.localtime(entry.time).strftime("%Y-%m-%d %H:%M:%S"),
                entry.actor_username,
                entry.actor_name,
                entry.address,
                entry.label,
                entry.action,
                entry.object_repr,
                outcomes.get(entry.outcome, entry.outcome),
                json.dumps(entry.detail, ensure_ascii=False, sort_keys=True),
                entry.hash,
            ]
        )
        count += 1
    record("audit.export", request=request, detail={"filters": form.as_detail(), "rows": count})
    return response
