"""Poll one source: fetch the listing, read it, fetch detail pages, hand the items to ``intake``.

Whatever goes wrong with one source ends in its own monitoring fields (Chinese and English) and
a backed-off next poll; it never raises into the dispatcher, so no source can stop another.
Validators (ETag, Last-Modified, body hash) are stored only once every item of a listing was
handled, so an item whose detail page failed is tried again on the next poll.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from channels.sources import hanweb
from channels.sources.config import HanwebConfig
from channels.sources.errors import FetchTimeout, HTTPStatusError, ParseError, RateLimited, SourceError, SourceGone
from channels.sources.fetch import FetchResult, FetchStatus, fetch
from channels.sources.identity import document_number_key, normalise_title, url_key
from channels.sources.items import ParseResult, UpstreamItem
from channels.sources.parsers import apply_detail, parse_detail, parse_listing
from cms.foundation import config

from . import intake, schedule
from .models import Source, UpstreamRecord
from .models.sources import ERROR_GONE, ERROR_RATE_LIMITED

logger = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=10)  # a claimed poll not finished by then is offered again
POLL_BUDGET_SECONDS = 240  # detail pages beyond this wait for the next poll
MAX_DETAILS_PER_POLL = 20
HOST_SLOT_SECONDS = 90
# Whole-fetch deadlines (connect and every read), enforced by the fetcher; the environment may shorten them (drills,
# the real-worker test of a slow-drip upstream).
LISTING_TOTAL_SECONDS = float(config.env_int("WATCHER_LISTING_SECONDS", 60))
DETAIL_TOTAL_SECONDS = float(config.env_int("WATCHER_DETAIL_SECONDS", 30))


@dataclass
class PollReport:
    source_id: int
    source_name: str
    url: str
    status: str = "failed"  # changed, not_modified, unchanged, failed
    http_status: int | None = None
    final_url: str = ""
    outcomes: list[intake.ItemOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""  # Chinese, for editors
    error_detail: str = ""  # English, for logs
    next_poll_at: dt.datetime | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@contextmanager
def host_slot(host: str, wait: float = 60.0):
    """One request per upstream host across worker processes (the fetch lock is per process).

    Best effort: if the shared cache is unreachable we go ahead rather than stop watching.
    """
    key, token = f"watcher:host:{host}", uuid.uuid4().hex
    deadline = time.monotonic() + wait
    held = False
    try:
        while not (held := cache.add(key, token, timeout=HOST_SLOT_SECONDS)):
            if time.monotonic() > deadline:
                raise FetchTimeout(f"Host {host} stayed busy in another worker for {wait:.0f}s", host=host)
            time.sleep(0.2)
    except SourceError:
        raise
    except Exception:  # cache down: politeness is not worth missing a deadline
        logger.warning("Shared host lock unavailable for %s; fetching without it", host, exc_info=True)
    try:
        yield
    finally:
        if held:
            try:
                if cache.get(key) == token:
                    cache.delete(key)
            except Exception:
                pass


def fetch_for(source: Source, url: str, *, conditional: bool = False, total_timeout: float = 60.0) -> FetchResult:
    """``fetch`` with the source's host rules; private addresses only for its trusted hosts."""
    trusted = source.trusted_host_list()
    with host_slot(urlsplit(url).hostname or ""):
        return fetch(
            url,
            allowed_hosts=source.allowed_host_list(),
            etag=(source.etag or None) if conditional else None,
            last_modified=(source.last_modified or None) if conditional else None,
            previous_hash=(source.content_hash or None) if conditional else None,
            allow_private=bool(trusted),
            private_ok_hosts=trusted,
            total_timeout=total_timeout,
        )


def read_listing(source: Source, config, result: FetchResult, *, total_timeout: float | None = None) -> ParseResult:
    """The listing's items; a Hanweb column reads its further groups through the same guarded fetcher."""
    if isinstance(config, HanwebConfig):

        def page(url: str) -> tuple[bytes, str | None]:
            fetched = fetch_for(source, url, total_timeout=total_timeout or LISTING_TOTAL_SECONDS)
            return fetched.content, fetched.content_type

        return hanweb.read_column(
            result.content, url=result.final_url, config=config, content_type=result.content_type, fetch_page=page
        )
    return parse_listing(config, result.content, url=result.final_url, content_type=result.content_type)


def fetch_detail(source: Source, config, item: UpstreamItem) -> tuple[UpstreamItem, str]:
    """The item completed from its detail page, or the item as listed and a Chinese error."""
    try:
        result = fetch_for(source, item.url, total_timeout=DETAIL_TOTAL_SECONDS)
        detail = parse_detail(
            result.content, url=result.final_url, config=config.detail, content_type=result.content_type
        )
        return apply_detail(item, detail), ""
    except SourceError as exc:
        logger.info("Detail page %s of source %s failed: %s", item.url, source.pk, exc)
        return item, exc.user_message
    except Exception as exc:
        logger.exception("Detail page %s of source %s crashed", item.url, source.pk)
        return item, f"详情页处理出错:{type(exc).__name__}"


def poll_source(source: Source, *, now=None, dry_run: bool = False, force: bool = False) -> PollReport:
    """Poll ``source`` once. ``dry_run`` writes nothing; ``force`` ignores ETag and body hash."""
    now = now or timezone.now()
    report = PollReport(source.pk, source.name, source.url, dry_run=dry_run)
    started = time.monotonic()
    try:
        try:
            config = source.config_object()
        except ValueError as exc:
            raise ParseError(f"Invalid configuration: {exc}", user_message=f"信息源配置有误:{exc}") from exc
        result = fetch_for(source, source.url, conditional=not (dry_run or force), total_timeout=LISTING_TOTAL_SECONDS)
        report.http_status, report.final_url = result.status_code, result.final_url
        if not result.changed:
            report.status = "not_modified" if result.status is FetchStatus.NOT_MODIFIED else "unchanged"
            if not dry_run:
                _succeeded(source, report, now, result=result)
            return report
        parsed = read_listing(source, config, result)
        report.status = "changed"
        report.warnings += _readable_warnings(source, parsed.warnings)
        complete = take_items(source, config, parsed.items, report, now, started, dry_run)
        if not dry_run:
            _succeeded(source, report, now, result=result if complete else None, items_found=len(parsed))
    except SourceError as exc:
        _failed(source, report, exc, now, dry_run)
    except Exception as exc:  # a bug or a database hiccup: recorded like any failure, never raised
        logger.exception("Polling source %s crashed", source.pk)
        error = SourceError(f"Unexpected {type(exc).__name__}: {exc}", user_message="抓取时发生内部错误,已记录日志。")
        _failed(source, report, error, now, dry_run)
    return report


def take_items(source, config, items, report, now, started, dry_run) -> bool:
    """Hand every item to ``intake``; True when none is left for a later poll."""
    identities = [item.identity[:500] for item in items]
    existing = {
        r.identity: r
        for r in UpstreamRecord.objects.filter(source=source, identity__in=identities).select_related("republication")
    }
    complete, details, seen, unchanged = True, 0, set(), []
    for item in items:
        identity = item.identity[:500]
        if identity in seen:
            continue
        seen.add(identity)
        if urlsplit(item.url).scheme.lower() not in ("http", "https"):
            report.warnings.append(f"条目《{item.title[:60]}》的链接无效({item.url[:60]}),已跳过")
            continue
        record = existing.get(identity)
        listing_hash = intake.listing_fingerprint(item)
        pending = record is not None and record.state == UpstreamRecord.State.PENDING
        if record and not pending and (record.listing_hash == listing_hash or record.state in _SETTLED):
            unchanged.append(record.pk)
            state = record.get_state_display()
            report.outcomes.append(intake.ItemOutcome(item, "known", record.pk, record.republication_id, state))
            continue
        full, error = item, ""
        skipped_early = record is None and intake.skip_reason(source, item, now, detail_known=False) is not None
        if config.detail is not None and not skipped_early:
            if details >= MAX_DETAILS_PER_POLL or time.monotonic() - started > POLL_BUDGET_SECONDS:
                complete = False
                report.outcomes.append(intake.ItemOutcome(item, "deferred", message="留待下次抓取"))
                continue
            details += 1
            full, error = fetch_detail(source, config, item)
        if dry_run:
            report.outcomes.append(preview(source, record, full, error, now))
            continue
        outcome = _take_one(source, record, item, full, error, now, detail_read=full is not item)
        complete = complete and outcome.action not in ("pending", "error")
        report.outcomes.append(outcome)
    if unchanged and not dry_run:
        UpstreamRecord.objects.filter(pk__in=unchanged).update(last_seen_at=now)
    return complete


# Records that no longer follow upstream edits: a duplicate's primary does, a too-old one is ignored.
_SETTLED = (UpstreamRecord.State.DUPLICATE, UpstreamRecord.State.TOO_OLD)


def _take_one(source, record, item, full, error, now, *, detail_read=False) -> intake.ItemOutcome:
    try:
        with transaction.atomic():
            if record is None:
                return intake.take_new(source, item, full, error, now, detail_read=detail_read)
            if record.state == UpstreamRecord.State.PENDING:
                return intake.take_pending(source, record, full, error, now)
            if error:
                return intake.ItemOutcome(full, "pending", record.pk, record.republication_id, error)
            return intake.take_known(source, record, item, full, now)
    except Exception as exc:
        logger.exception("Item %s of source %s could not be taken in", item.url, source.pk)
        return intake.ItemOutcome(full, "error", message=f"处理条目时出错:{type(exc).__name__}")


def preview(source, record, item, error, now) -> intake.ItemOutcome:
    """What polling would do with ``item``, without writing anything (``poll_source --dry-run``)."""
    if record is not None:
        if record.state == UpstreamRecord.State.PENDING:
            return intake.ItemOutcome(item, "pending", record.pk, message=error or "正文待抓取")
        changed = intake.content_fingerprint(item) != record.content_hash
        return intake.ItemOutcome(item, "changed" if changed else "known", record.pk, record.republication_id)
    reason = intake.skip_reason(source, item, now, detail_known=not error)
    if reason is not None:
        return intake.ItemOutcome(item, reason[0], message=reason[1])
    if error:
        return intake.ItemOutcome(item, "pending", message=error)
    probe = UpstreamRecord(source=source, title=item.title, document_number=item.document_number or "")
    probe.dedup_key = item.dedup_key or ""
    probe.title_key = normalise_title(item.title)
    probe.number_key = document_number_key(item.document_number)
    probe.url_key = url_key(item.url)
    primary, certain = intake.find_primary(probe)
    if primary is None:
        return intake.ItemOutcome(item, "new")
    where = f"{primary.source.name}《{primary.title}》"
    if not certain:
        return intake.ItemOutcome(item, "possible_duplicate", message=f"疑似与 {where} 重复")
    if intake.would_take_over(source, primary):
        return intake.ItemOutcome(item, "took_over", message=f"原草稿来自 {primary.source.name}")
    return intake.ItemOutcome(item, "duplicate", message=f"与 {where} 相同")


def _succeeded(source, report, now, *, result=None, items_found=None) -> None:
    created = sum(1 for o in report.outcomes if o.action in ("new", "published", "possible_duplicate"))
    values = {
        "last_polled_at": now,
        "last_success_at": now,
        "consecutive_failures": 0,
        "next_poll_at": schedule.next_poll_after_success(source, now),
        "lease_until": None,
        "drafts_created": F("drafts_created") + created,
    }
    if report.status == "changed":  # an unchanged listing keeps the warnings its last reading gave
        values["last_warnings"] = "\n".join(report.warnings + _item_problems(report))[:5000]
    if items_found is not None:
        values["items_found"] = items_found
        values["empty_polls"] = 0 if items_found else F("empty_polls") + 1
    elif source.items_found == 0 and source.last_success_at is not None:  # unchanged, and it listed nothing
        values["empty_polls"] = F("empty_polls") + 1
    values["last_error_kind"] = ""
    if result is not None:
        values.update(
            etag=(result.etag or "")[:300],
            last_modified=(result.last_modified or "")[:100],
            content_hash=result.content_hash or "",
        )
    Source.objects.filter(pk=source.pk).update(**values)
    report.next_poll_at = values["next_poll_at"]


def _error_kind(error: SourceError) -> str:
    if isinstance(error, SourceGone) or (isinstance(error, HTTPStatusError) and error.status == 404):
        return ERROR_GONE
    return ERROR_RATE_LIMITED if isinstance(error, RateLimited) else "error"


def _readable_warnings(source, warnings: list[str]) -> list[str]:
    """Warnings written for operators (Chinese: a Hanweb column with no records) go to the source's page as they
    are; the parser's English ones go to the log, and the page gets one Chinese line for them."""
    readable = [warning for warning in warnings if re.search(r"[\u4e00-\u9fff]", warning)]
    technical = [warning for warning in warnings if warning not in readable]
    for warning in warnings:
        logger.info("Source %s listing: %s", source.pk, warning)
    if not technical:
        return readable
    summary = f"列表中有 {len(technical)} 处内容不规范(如无效链接、缺少标题),相关条目已跳过或尽量解析;详情见日志"
    return [*readable, summary]


def _item_problems(report) -> list[str]:
    return [f"{o.item.title}:{o.message}" for o in report.outcomes if o.action in ("pending", "error")]


def _failed(source, report, error: SourceError, now, dry_run) -> None:
    report.status, report.error, report.error_detail = "failed", error.user_message, str(error)
    if dry_run:
        return
    failures = source.consecutive_failures + 1
    next_poll = schedule.next_poll_after_failure(source, failures, now, getattr(error, "retry_after", None))
    Source.objects.filter(pk=source.pk).update(
        last_polled_at=now,
        last_error_at=now,
        last_error=error.user_message[:2000],
        last_error_detail=str(error)[:2000],
        consecutive_failures=failures,
        last_error_kind=_error_kind(error),
        next_poll_at=next_poll,
        lease_until=None,
    )
    report.next_poll_at = next_poll
    logger.warning("Source %s (%s) failed %s time(s): %s", source.pk, source.name, failures, error)


def claim_due_sources(now=None, limit: int = 2000) -> list[int]:
    """Lease every due, enabled source in two queries; the lease stamp tells ours from others'."""
    now = now or timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    due = Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    candidates = list(
        Source.objects.filter(free, due, enabled=True)
        .order_by(F("next_poll_at").asc(nulls_first=True))
        .values_list("pk", flat=True)[:limit]
    )
    if not candidates:
        return []
    stamp = now + LEASE + dt.timedelta(microseconds=uuid.uuid4().int % 1_000_000)
    Source.objects.filter(free, pk__in=candidates).update(lease_until=stamp)
    return list(Source.objects.filter(pk__in=candidates, lease_until=stamp).values_list("pk", flat=True))


def poll_claimed(source_id: int, now=None) -> PollReport | None:
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return None
    if not source.enabled:
        Source.objects.filter(pk=source_id).update(lease_until=None)
        return None
    return poll_source(source, now=now)
