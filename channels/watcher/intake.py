"""From parsed upstream items to records and drafts: identity, dedup across sources, change flags.

Per source an item is known by ``UpstreamItem.identity`` (guid, else URL; http and https alike).
Across sources a 文号 plus normalised title (``dedup_key``) names one policy: the first record
with it gets the republication, the others are linked as duplicates. A partial unique index
keeps two workers from both creating one. A State Council original found after a province's
repost takes over the drafts no editor has touched. Every body receiving the source (the watching body and
its followers, see ``drafts.recipients``) has its own page of the policy, filed under the primary record;
a body following only the duplicate's source gets its page when the duplicate is found.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from channels.sources.identity import normalise_title
from channels.sources.items import UpstreamItem

from . import drafts
from .models import LEVEL_RANK, RepublicationPage, Source, UpstreamRecord

DETAIL_ATTEMPTS = 3  # after this many failed detail fetches the draft is made from the listing alone
MIN_TITLE_KEY = 8  # shorter normalised titles ("通知") are too common to suggest a duplicate

ACTION_LABELS = {
    "new": "新条目,已生成转载草稿",
    "published": "新条目,已自动发布",
    "duplicate": "重复,已关联到已有转载",
    "took_over": "上级原文,已接替原转载草稿",
    "possible_duplicate": "新条目,疑似重复(已生成草稿并提示编辑)",
    "known": "已处理过,无变化",
    "changed": "上游已变更",
    "too_old": "发布过早,只记录不转载",
    "pending": "正文抓取失败,稍后重试",
    "deferred": "本次未处理,留待下次抓取",
    "error": "处理出错",
}


@dataclass
class ItemOutcome:
    item: UpstreamItem
    action: str
    record_id: int | None = None
    page_id: int | None = None
    message: str = ""  # Chinese detail (which primary, what changed, which error)

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


def _digest(values) -> str:
    return hashlib.sha256(json.dumps(values, ensure_ascii=False, default=str).encode()).hexdigest()


def _attachments(item: UpstreamItem) -> list[dict]:
    return [{"url": a.url, "title": a.title} for a in item.attachments]


def listing_fingerprint(item: UpstreamItem) -> str:
    published = item.published.isoformat() if item.published else ""
    return _digest([item.title, item.url, published, item.summary, item.document_number, item.body_html])


def content_fingerprint(item: UpstreamItem) -> str:
    published = item.published.isoformat() if item.published else ""
    return _digest([item.title, item.document_number or "", published, item.body_html or "", _attachments(item)])


def is_too_old(source: Source, item: UpstreamItem, now: dt.datetime) -> bool:
    days = source.ignore_older_than_days
    return bool(days and item.published and item.published < now - dt.timedelta(days=days))


def _fill(record: UpstreamRecord, item: UpstreamItem) -> None:
    record.guid = (item.guid or "")[:500]
    record.url = item.url[:500]
    record.title = item.title[:500]
    record.document_number = (item.document_number or "")[:80]
    record.published = item.published
    record.summary = item.summary or ""
    record.body_html = item.body_html or ""
    record.attachments = _attachments(item)
    record.dedup_key = (item.dedup_key or "")[:600]
    record.title_key = normalise_title(item.title)[:500]
    record.content_hash = content_fingerprint(item)


def _changes(record: UpstreamRecord, item: UpstreamItem) -> list[str]:
    changed = []
    if record.title != item.title[:500]:
        changed.append("标题")
    if record.document_number != (item.document_number or "")[:80]:
        changed.append("文号")
    if record.published != item.published:
        changed.append("发布时间")
    if record.body_html != (item.body_html or ""):
        changed.append("正文")
    if record.attachments != _attachments(item):
        changed.append("附件")
    return changed


def find_primary(record: UpstreamRecord) -> tuple[UpstreamRecord | None, bool]:
    """The record holding this policy's republication, and whether the match is certain (文号)."""
    others = (
        UpstreamRecord.objects.filter(state=UpstreamRecord.State.REPUBLISHED)
        .exclude(pk=record.pk)
        .select_related("source", "republication")
    )
    if record.strong_key:
        primary = others.filter(dedup_key=record.dedup_key).order_by("first_seen_at").first()
        if primary:
            return primary, True
    if len(record.title_key) >= MIN_TITLE_KEY:
        for candidate in others.filter(title_key=record.title_key).order_by("first_seen_at"):
            if not candidate.document_number or not record.document_number:
                return candidate, False
    return None, False


def outranks(source: Source, primary: UpstreamRecord) -> bool:
    """The new source is higher (State Council over province over city) than the primary's."""
    return LEVEL_RANK.get(source.level, 9) < LEVEL_RANK.get(primary.source.level, 9)


def would_take_over(source: Source, primary: UpstreamRecord) -> bool:
    pages = drafts.pages_of(primary)
    return outranks(source, primary) and any(drafts.touched_only_by_watcher(page) for page in pages)


def _link_duplicate(source: Source, record: UpstreamRecord, primary: UpstreamRecord, now) -> ItemOutcome:
    pages = drafts.pages_of(primary)
    record.state, record.duplicate_of = UpstreamRecord.State.DUPLICATE, primary
    record.save(update_fields=["state", "duplicate_of"])
    holder, action = primary, "duplicate"
    if pages and outranks(source, primary):
        if any(drafts.touched_only_by_watcher(page) for page in pages):
            _take_over(source, record, primary, pages)
            holder, action = record, "took_over"
        else:
            for page in pages:
                drafts.add_watcher_note(page, f"{source.name} 发布了此文件的原文:{record.url}")
    # A body following only this source still gets its own page, filed with the others.
    drafts.create_drafts(source, record, now, item_of=holder, skip_bodies={p.disclosing_body_id for p in pages})
    first = pages[0].pk if pages else primary.republication_id
    if action == "took_over":
        return ItemOutcome(record.item_cache, action, record.pk, first, f"原草稿来自 {primary.source.name}")
    where = f"{primary.source.name}《{primary.title}》"
    return ItemOutcome(record.item_cache, "duplicate", record.pk, first, f"与 {where} 相同")


def _take_over(source: Source, record: UpstreamRecord, primary: UpstreamRecord, pages) -> None:
    UpstreamRecord.objects.filter(duplicate_of=primary).update(duplicate_of=record)
    UpstreamRecord.objects.filter(pk=primary.pk).update(
        state=UpstreamRecord.State.DUPLICATE, duplicate_of=record, republication=None
    )
    record.state, record.duplicate_of = UpstreamRecord.State.REPUBLISHED, None
    record.republication = primary.republication or pages[0]
    record.save(update_fields=["state", "duplicate_of", "republication"])
    RepublicationPage.objects.filter(upstream_record=primary).update(upstream_record=record)
    note = f"已改用{source.issuing_organ}原文;{primary.source.name} 的转发已作为重复记录。"
    for page in pages:
        if drafts.touched_only_by_watcher(page):
            drafts.rewrite_draft(page, source, record, note)
        else:
            drafts.add_watcher_note(page, f"{source.name} 发布了此文件的原文:{record.url}")


def _republish(source: Source, record: UpstreamRecord, now: dt.datetime) -> ItemOutcome:
    primary, certain = find_primary(record)
    if primary is not None and certain:
        return _link_duplicate(source, record, primary, now)
    try:
        with transaction.atomic():
            record.state = UpstreamRecord.State.REPUBLISHED
            record.save(update_fields=["state"])
    except IntegrityError:  # another worker republished the same 文号 a moment ago
        primary, _ = find_primary(record)
        if primary is None:
            raise
        return _link_duplicate(source, record, primary, now)
    note = f"疑似与 {primary.source.name}《{primary.title}》重复,请核对。" if primary else ""
    pages = drafts.create_drafts(source, record, now, note=note)
    record.republication = pages[0] if pages else None
    record.save(update_fields=["republication"])
    source.drafts_created += len(pages)
    page = record.republication
    action = "published" if page is not None and page.live else ("possible_duplicate" if primary else "new")
    return ItemOutcome(record.item_cache, action, record.pk, page.pk if page else None, note)


def take_new(source: Source, listing_item: UpstreamItem, full: UpstreamItem, detail_error: str, now) -> ItemOutcome:
    """A never-seen item: record it, then republish it or link it to the existing republication."""
    record = UpstreamRecord(source=source, identity=listing_item.identity[:500], first_seen_at=now, last_seen_at=now)
    record.item_cache = full
    _fill(record, full)
    record.listing_hash = listing_fingerprint(listing_item)
    if is_too_old(source, full, now):
        record.state = UpstreamRecord.State.TOO_OLD
        record.save()
        return ItemOutcome(full, "too_old", record.pk)
    record.detail_error = detail_error
    record.detail_attempts = 1 if detail_error else 0
    record.save()
    if detail_error and record.detail_attempts < DETAIL_ATTEMPTS:
        return ItemOutcome(full, "pending", record.pk, message=detail_error)
    return _republish(source, record, now)


def take_pending(source: Source, record: UpstreamRecord, full: UpstreamItem, detail_error: str, now) -> ItemOutcome:
    """A record still waiting for its detail page: try to complete it."""
    record.item_cache = full
    _fill(record, full)
    record.last_seen_at = now
    record.detail_error = detail_error
    record.detail_attempts += 1 if detail_error else 0
    record.save()
    if detail_error and record.detail_attempts < DETAIL_ATTEMPTS:
        return ItemOutcome(full, "pending", record.pk, message=detail_error)
    return _republish(source, record, now)


def take_known(source: Source, record: UpstreamRecord, listing_item: UpstreamItem, full: UpstreamItem, now):
    """An item seen before whose listing entry changed: flag the republication if its content did."""
    record.item_cache = full
    changed = _changes(record, full) if content_fingerprint(full) != record.content_hash else []
    _fill(record, full)
    record.listing_hash = listing_fingerprint(listing_item)
    record.last_seen_at = now
    if not changed:
        record.save()
        return ItemOutcome(full, "known", record.pk, record.republication_id)
    record.changed_at = now
    record.save()
    note = f"{source.name} 上的原文已变更:{'、'.join(changed)}。"
    if record.state == UpstreamRecord.State.REPUBLISHED:
        for page in drafts.pages_of(record):  # every body's page of the policy, each as its state allows
            if drafts.touched_only_by_watcher(page):
                drafts.rewrite_draft(page, source, record, "已按上游变更自动更新草稿:" + "、".join(changed) + "。")
            else:
                drafts.flag_upstream_change(page, note, now)
    return ItemOutcome(full, "changed", record.pk, record.republication_id, note)
