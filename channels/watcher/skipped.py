"""Reconsider a source's skipped items: after its settings change (the window widened, the 文号 rule or a
keyword dropped) or when an operator asks. An item that now passes becomes a draft like any new item and
leaves the skipped list; one that still does not stays, with its reason brought up to date."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils import timezone

from channels.sources.items import Attachment, UpstreamItem

from . import intake, polling
from .models import SkippedItem, Source, UpstreamRecord

logger = logging.getLogger(__name__)

MAX_DETAILS = polling.MAX_DETAILS_PER_POLL  # the rest wait for the next reconsideration


@dataclass
class Reconsidered:
    drafted: int = 0
    still_skipped: int = 0
    waiting: int = 0  # detail page failed or over the per-run limit

    @property
    def message(self) -> str:
        return (
            f"已重新考虑跳过的条目:{self.drafted} 条生成转载,{self.still_skipped} 条仍跳过,{self.waiting} 条留待下次。"
        )


def as_item(skipped: SkippedItem) -> UpstreamItem:
    return UpstreamItem(
        guid=skipped.guid,
        url=skipped.url,
        title=skipped.title,
        published=skipped.published,
        summary=skipped.summary,
        document_number=skipped.document_number or None,
        body_html=skipped.body_html,
        attachments=tuple(Attachment(a["url"], a.get("title") or "") for a in skipped.attachments or []),
    )


def reconsider(source: Source, now=None) -> Reconsidered:
    """Run intake again on every skipped item of ``source`` under its current settings."""
    now = now or timezone.now()
    source = Source.objects.get(pk=source.pk)
    source.reconsidering = True  # drafts already past their deadline are 补转 (see drafts.is_backfill)
    config = source.config_object()
    result, details = Reconsidered(), 0
    for skipped in SkippedItem.objects.filter(source=source).order_by("published", "pk"):
        item = as_item(skipped)
        if UpstreamRecord.objects.filter(source=source, identity=skipped.identity).exists():
            skipped.delete()  # taken in meanwhile by a poll
            continue
        if intake.skip_reason(source, item, now, detail_known=False) is not None:
            _refresh(skipped, source, item, now, detail_known=False)
            result.still_skipped += 1
            continue
        full, error = item, ""
        if config.detail is not None and skipped.body_html is None:
            if details >= MAX_DETAILS:
                result.waiting += 1
                continue
            details += 1
            full, error = polling.fetch_detail(source, config, item)
        detail_read = full is not item or skipped.body_html is not None
        outcome = polling._take_one(source, None, item, full, error, now, detail_read=detail_read)
        if outcome.action in SkippedItem.Reason.values:
            result.still_skipped += 1
        elif outcome.action in ("pending", "error"):
            result.waiting += 1  # a pending record retries its detail page on every poll
        else:
            result.drafted += 1
    logger.info("Reconsidered skipped items of source %s: %s", source.pk, result)
    return result


def _refresh(skipped: SkippedItem, source: Source, item: UpstreamItem, now, *, detail_known: bool) -> None:
    reason = intake.skip_reason(source, item, now, detail_known=detail_known)
    if reason is not None and (skipped.reason, skipped.reason_text) != (reason[0], reason[1][:300]):
        skipped.reason, skipped.reason_text = reason[0], reason[1][:300]
        skipped.save(update_fields=["reason", "reason_text"])


SETTINGS_THAT_SKIP = ("ignore_older_than_days", "require_document_number", "exclude_keywords")


def settings_changed(before: dict, source: Source) -> bool:
    """Whether a save changed what the source skips (``before``: those fields' values before the save)."""
    return any(before.get(name) != getattr(source, name) for name in SETTINGS_THAT_SKIP)
