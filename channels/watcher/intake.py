"""From parsed upstream items to records and drafts: identity, dedup across sources, change flags.

Per source an item is known by ``UpstreamItem.identity`` (guid, else URL; http and https alike).
Across sources (and kinds) a 文号 plus normalised title (``dedup_key``), the 文号 alone or the
canonical URL names one policy: the first record with it gets the republication, the others are
linked as duplicates; an interpretation (解读/图解) of a drafted document is attached to its drafts.
Items the source's settings refuse (too old, no 文号, an excluded keyword) are kept as SkippedItem.
A partial unique index keeps two workers from both creating one. A State Council original found after a province's
repost takes over the drafts no editor has touched. Every body receiving the source (the watching body and
its followers, see ``drafts.recipients``) has its own page of the policy, filed under the primary record;
a body following only the duplicate's source gets its page when the duplicate is found.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from channels.sources.identity import document_number_key, is_interpretation, normalise_title, url_key
from channels.sources.items import UpstreamItem

from . import drafts
from .models import LEVEL_RANK, RepublicationPage, SkippedItem, Source, UpstreamRecord

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
    "too_old": "发布过早,已记入跳过的条目",
    "no_number": "没有文号,已记入跳过的条目",
    "excluded": "命中不转载关键词,已记入跳过的条目",
    "interpretation": "解读材料,已附到原文的转载",
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


def skip_reason(source: Source, item: UpstreamItem, now: dt.datetime, *, detail_known: bool = True):
    """(reason code, Chinese explanation) when the source's settings say not to draft ``item``, else None.

    ``detail_known=False`` (before the detail page is read) leaves out the 文号 test: it is often only there.
    """
    if is_too_old(source, item, now):
        day = timezone.localtime(item.published).date() if item.published else ""
        return SkippedItem.Reason.TOO_OLD, f"发布于 {day},早于“只转载近 {source.ignore_older_than_days} 天”的范围"
    keyword = source.excluded_keyword(f"{item.title} {item.summary}")
    if keyword:
        return SkippedItem.Reason.EXCLUDED, f"命中不转载关键词“{keyword}”"
    if detail_known and source.require_document_number and not item.document_number:
        return SkippedItem.Reason.NO_NUMBER, "没有文号,本信息源只转载有文号的文件"
    return None


def record_skip(source: Source, item: UpstreamItem, reason: tuple[str, str], now, *, detail_read: bool):
    """Keep the skipped item (or refresh it) so the source's page lists it and a settings change can retry it."""
    values = {
        "guid": (item.guid or "")[:500],
        "url": item.url[:500],
        "title": item.title[:500],
        "document_number": (item.document_number or "")[:80],
        "published": item.published,
        "summary": item.summary or "",
        "body_html": item.body_html if detail_read else None,
        "attachments": _attachments(item),
        "reason": reason[0],
        "reason_text": reason[1][:300],
        "last_seen_at": now,
    }
    skipped, _ = SkippedItem.objects.update_or_create(
        source=source, identity=item.identity[:500], defaults=values, create_defaults={**values, "first_seen_at": now}
    )
    return skipped


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
    record.number_key = document_number_key(item.document_number)
    record.url_key = url_key(item.url)[:500]
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
    """The record holding this policy's republication, and whether the match is certain.

    Certain: the same 文号 and title, the same 文号 (normalised; another kind of listing may title it
    differently), or the same canonical URL. Likely: the same normalised title where one has no 文号.
    """
    others = (
        UpstreamRecord.objects.filter(state=UpstreamRecord.State.REPUBLISHED)
        .exclude(pk=record.pk)
        .select_related("source", "republication")
        .order_by("first_seen_at")
    )
    if record.strong_key:
        primary = others.filter(dedup_key=record.dedup_key).first()
        if primary:
            return primary, True
    if record.number_key:
        # A document is not a duplicate of its own interpretation drafted earlier (same 文号, another text).
        interpretation = is_interpretation(record.title)
        for candidate in others.filter(number_key=record.number_key):
            if is_interpretation(candidate.title) == interpretation:
                return candidate, True
    primary = others.filter(url_key=record.url_key).first() if record.url_key else None
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


def interpreted_document(record: UpstreamRecord) -> UpstreamRecord | None:
    """For an interpretation (解读/图解), the drafted document it explains: same 文号, or linked from its body."""
    if not is_interpretation(record.title):
        return None
    drafted = UpstreamRecord.objects.filter(state=UpstreamRecord.State.REPUBLISHED).exclude(pk=record.pk)
    if record.number_key:
        document = drafted.filter(number_key=record.number_key).order_by("first_seen_at").first()
        if document is not None and not is_interpretation(document.title):
            return document
    links = {url_key(href) for href in re.findall(r'href="([^"]+)"', record.body_html or "")}
    links.discard(record.url_key)
    if links:
        return drafted.filter(url_key__in=links).order_by("first_seen_at").first()
    return None


def _attach_interpretation(source: Source, record: UpstreamRecord, document: UpstreamRecord) -> ItemOutcome:
    record.state, record.duplicate_of = UpstreamRecord.State.INTERPRETATION, document
    record.save(update_fields=["state", "duplicate_of"])
    pages = drafts.pages_of(document)
    for page in pages:
        drafts.attach_interpretation(page, record.title, record.url, source.issuing_organ)
    where = f"{document.source.name}《{document.title}》"
    return ItemOutcome(record.item_cache, "interpretation", record.pk, pages[0].pk if pages else None, f"附到 {where}")


def _republish(source: Source, record: UpstreamRecord, now: dt.datetime) -> ItemOutcome:
    primary, certain = find_primary(record)
    document = interpreted_document(record)
    if document is not None and document.url_key != record.url_key:
        return _attach_interpretation(source, record, document)
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


def take_new(
    source: Source, listing_item: UpstreamItem, full: UpstreamItem, detail_error: str, now, *, detail_read=False
) -> ItemOutcome:
    """A never-seen item: skip it (kept in SkippedItem), or record it and republish it or link it to the existing
    republication. ``detail_read``: ``full`` was completed from its detail page."""
    record = UpstreamRecord(source=source, identity=listing_item.identity[:500], first_seen_at=now, last_seen_at=now)
    record.item_cache = full
    _fill(record, full)
    record.listing_hash = listing_fingerprint(listing_item)
    reason = skip_reason(source, full, now, detail_known=not detail_error)
    if reason is not None:
        record_skip(source, full, reason, now, detail_read=detail_read and not detail_error)
        return ItemOutcome(full, reason[0], message=reason[1])
    SkippedItem.objects.filter(source=source, identity=record.identity).delete()  # now a draft: no longer skipped
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
    reason = None if detail_error else skip_reason(source, full, now)
    if reason is not None:  # the detail page shows what the listing did not (no 文号)
        record_skip(source, full, reason, now, detail_read=True)
        record.delete()
        return ItemOutcome(full, reason[0], message=reason[1])
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
