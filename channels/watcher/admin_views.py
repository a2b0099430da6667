"""Admin screens for republications: the work list (due and overdue first) and the change flag."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.log_actions import log

from bodies import scope

from . import skipped
from .models import RepublicationPage, Source

URGENCY_LABELS = {
    "overdue": "已逾期",
    "at_risk": "即将到期",
    "pending": "待转载",
    "done": "已发布",
    "backfill": "补转",
    "found_late": "发现时已超期",
}


class DeadlineColumn(Column):
    """The deadline as a date and time (Wagtail's DateColumn says "just now" for future times)."""

    def get_value(self, instance):
        if instance.deadline_at is None:
            return "—"
        text = timezone.localtime(instance.deadline_at).strftime("%Y-%m-%d %H:%M")
        return f"{text}(暂定)" if instance.deadline_provisional else text


class UrgencyColumn(Column):
    """Where the item stands against its deadline, with the provisional and upstream-change marks."""

    def get_value(self, instance):
        marks = [URGENCY_LABELS[instance.urgency()]]
        if instance.upstream_changed_at:
            marks.append("上游已变更")
        return " · ".join(marks)


class RepublicationIndexView(IndexView):
    """Drafts first, earliest deadline first (so overdue, then due soon); published items after."""

    default_ordering = "urgency"
    page_title = _("上级政策转载")

    def get_base_queryset(self):
        """Each body works on its own republications (a county sees its towns'); ``?late=1``: only the drafts
        found already past their deadline (补转, 发现时已超期), the dashboard's own list of them."""
        queryset = scope.restrict(super().get_base_queryset(), self.request.user)
        if self.request.GET.get("late"):
            queryset = queryset.filter(live=False, first_published_at__isnull=True, deadline_at__lte=F("found_at"))
        return queryset

    def get_valid_orderings(self):
        return [*super().get_valid_orderings(), "urgency"]

    def order_queryset(self, queryset):
        if self.ordering == "urgency" and not self.is_searching:
            return queryset.order_by(
                "live",
                F("deadline_at").asc(nulls_last=True),
                F("first_published_at").desc(nulls_last=True),
                "-found_at",
            )
        return super().order_queryset(queryset)


REPUBLICATION_COLUMNS = [
    PageTitleColumn("title", label=_("标题"), sort_key="title", classname="title"),
    DeadlineColumn("deadline_at", label=_("转载截止时间"), sort_key="deadline_at", width="14%"),
    UrgencyColumn("urgency", label=_("办理状态"), width="16%"),
    Column("source_organ", label=_("来源"), sort_key="source_organ", width="12%"),
    Column("department", label=_("负责部门"), width="12%"),
    PageStatusColumn("status", label=_("页面状态"), sort_key="live", width="10%"),
]


@require_POST
def acknowledge_change(request, page_id):
    """The editor has compared the page with the changed original: clear the flag, keep a log."""
    page = get_object_or_404(RepublicationPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    note = page.upstream_change_note
    RepublicationPage.objects.filter(pk=page.pk).update(upstream_changed_at=None, upstream_change_note="")
    log(instance=page, action="watcher.acknowledge_change", user=request.user, data={"note": note})
    messages.success(request, "已清除上游变更提示。")
    return redirect(reverse("wagtailadmin_pages:edit", args=(page.pk,)))


@require_POST
def reconsider_skipped(request, source_id):
    """重新考虑: run intake again on the source's skipped items under its current settings."""
    source = get_object_or_404(scope.restrict(Source.objects.all(), request.user), pk=source_id)
    if not request.user.has_perm("watcher.change_source"):
        raise PermissionDenied
    messages.success(request, skipped.reconsider(source).message)
    return redirect(reverse("wagtailsnippets_watcher_source:inspect", args=(source.pk,)))
