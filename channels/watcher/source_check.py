"""试抓取 ("test this source"): fetch a source once with the form's unsaved settings and show what polling would take.

The source form's button posts the whole form here (``formaction``, opening a new tab so the form stays as typed).
The form is validated as the admin would, then the listing is fetched through the same guarded fetcher a poll uses
(host rules, trusted private hosts, total deadline) and read with the same parsers; a few detail pages are read as
well. Nothing is written: no source, record, draft or monitoring field changes, whatever the outcome.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin.panels import Panel

from bodies import scope
from channels.sources.config import config_to_dict
from channels.sources.errors import SourceError
from channels.sources.items import UpstreamItem
from channels.sources.parsers import apply_detail, parse_detail

from . import intake, polling
from .models import Source, UpstreamRecord

logger = logging.getLogger(__name__)

URL_NAME = "watcher_source_check"
URL_NAME_SAVED = "watcher_source_check_saved"
LISTING_SECONDS = 20.0  # an editor is waiting on this page: shorter than a poll's limits
DETAIL_SECONDS = 10.0
MAX_DETAILS = 3
BUDGET_SECONDS = 40.0  # no further detail page once this much time has passed
MAX_ROWS = 100


@dataclass
class Row:
    item: UpstreamItem
    in_window: bool
    known: bool = False
    detail_checked: bool = False
    detail_error: str = ""

    @property
    def has_body(self) -> bool:
        return bool(self.item.body_html)


@dataclass
class CheckResult:
    rows: list[Row] = field(default_factory=list)
    total: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str = ""  # Chinese
    error_detail: str = ""  # English
    http_status: int | None = None
    final_url: str = ""
    seconds: float = 0.0

    @property
    def note(self) -> str:
        """A clear word when the fetch worked but nothing came of it (never a silent "正常")."""
        if not self.error and not self.total:
            return "抓取成功,但没有读到任何条目:请核对列表地址、类型和选择器。"
        return ""


def check_source(source: Source, config, *, now=None) -> CheckResult:
    """Fetch ``source`` once as configured (it may be unsaved) and list the items a poll would take."""
    now = now or timezone.now()
    check, started = CheckResult(), time.monotonic()
    try:
        result = polling.fetch_for(source, source.url, total_timeout=LISTING_SECONDS)
        check.http_status, check.final_url = result.status_code, result.final_url
        parsed = polling.read_listing(source, config, result, total_timeout=LISTING_SECONDS)
        check.total, check.warnings = len(parsed.items), list(parsed.warnings)
        known = _known_identities(source, parsed.items)
        details = 0
        for item in parsed.items[:MAX_ROWS]:
            row = Row(item, in_window=not intake.is_too_old(source, item, now), known=item.identity[:500] in known)
            within_budget = time.monotonic() - started < BUDGET_SECONDS
            if config.detail is not None and row.in_window and details < MAX_DETAILS and within_budget:
                details += 1
                row.item, row.detail_error = _detail(source, config, item)
                row.detail_checked = True
            check.rows.append(row)
    except SourceError as exc:
        check.error, check.error_detail = exc.user_message, str(exc)
    except Exception as exc:  # a bug must not become a 500 on the editor's form
        logger.exception("Checking source %r crashed", source.url)
        check.error, check.error_detail = "试抓取时发生内部错误,已记录日志。", f"{type(exc).__name__}: {exc}"
    check.seconds = time.monotonic() - started
    logger.info("Source check of %s: %d item(s), error %r", source.url, check.total, check.error_detail)
    return check


def _detail(source, config, item) -> tuple[UpstreamItem, str]:
    """The item completed from its detail page (as ``polling.fetch_detail``, with the check's shorter limit)."""
    try:
        result = polling.fetch_for(source, item.url, total_timeout=DETAIL_SECONDS)
        content_type = result.content_type
        page = parse_detail(result.content, url=result.final_url, config=config.detail, content_type=content_type)
        return apply_detail(item, page), ""
    except SourceError as exc:
        return item, exc.user_message


def _known_identities(source: Source, items) -> set[str]:
    if source.pk is None:
        return set()
    identities = [item.identity[:500] for item in items]
    return set(
        UpstreamRecord.objects.filter(source_id=source.pk, identity__in=identities).values_list("identity", flat=True)
    )


def _form_class():
    return Source.snippet_viewset.get_form_class()  # set by register_snippet


@require_POST
def check_view(request, source_id: int | None = None):
    """Validate the posted source form (create or edit) without saving, then check the source it describes."""
    if source_id is None:
        if not request.user.has_perm("watcher.add_source"):
            raise PermissionDenied
        instance = Source()
    else:
        if not request.user.has_perm("watcher.change_source"):
            raise PermissionDenied
        instance = get_object_or_404(scope.restrict(Source.objects.all(), request.user), pk=source_id)
    form = _form_class()(request.POST, instance=instance, for_user=request.user)
    check = None
    if form.is_valid():  # fills the unsaved instance in memory; nothing is saved
        source = form.instance
        source.config = {k: v for k, v in config_to_dict(form.cleaned_config).items() if k != "kind"}
        check = check_source(source, form.cleaned_config)
    errors = [
        f"{form.fields[name].label if name in form.fields else '表单'}:{message}"
        for name, messages in form.errors.items()
        for message in messages
    ]
    return TemplateResponse(
        request,
        "watcher/admin/source_check.html",
        {
            "page_title": "试抓取信息源",
            "source": form.instance,
            "host": urlsplit(form.instance.url or "").hostname or "",
            "errors": errors,
            "check": check,
            "saved": source_id is not None,
        },
    )


class SourceCheckPanel(Panel):
    """The 试抓取 button inside the source form: it posts the form as typed to ``check_view``."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "watcher/admin/source_check_button.html"

        def get_context_data(self, parent_context=None):
            from django.urls import reverse

            context = super().get_context_data(parent_context)
            pk = getattr(self.instance, "pk", None)
            context["check_url"] = reverse(URL_NAME_SAVED, args=(pk,)) if pk else reverse(URL_NAME)
            return context
