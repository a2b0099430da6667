"""Republication drafts: where they live, who gets one, when they are due, and how upstream news reaches them.

A source is fetched once, by the body watching it; each new item gives one draft to every recipient: the
watching body (unless it only watches) and each body following the source, in its own department and with a
deadline on its own working-day calendar. A draft is created by the watcher (its revision has no user). While
nobody but the watcher has touched it, the watcher may rewrite it (upstream change, the State Council original
found after a province's repost); once an editor has saved or published it, the watcher only raises a flag.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from bodies.models import DisclosingBody
from channels.sources.rich_text import draft_body
from channels.sources.sanitize import html_to_text
from cms.models import HomePage
from interpretation.models import DraftingDepartment, Topic
from interpretation.working_days.calendar import Deadline, add_working_days, add_working_hours

from .models import (
    DeadlineRule,
    DeadlineStart,
    RepublicationAttachment,
    RepublicationIndexPage,
    RepublicationInterpretation,
    RepublicationPage,
    Source,
    UpstreamRecord,
)

logger = logging.getLogger(__name__)

INDEX_SLUG = "republications"
INDEX_TITLE = "上级政策转载"


def ensure_index() -> RepublicationIndexPage:
    """The "上级政策转载" section under the home page, created (and published) if missing."""

    index = RepublicationIndexPage.objects.first()
    if index is not None:
        return index
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("No HomePage: run migrate first")
    with transaction.atomic():
        index = RepublicationIndexPage(
            title=INDEX_TITLE,
            slug=INDEX_SLUG,
            intro="及时转载国务院、省、市发布的重要政策文件和解读。",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def deadline_start(source: Source, record: UpstreamRecord, found_at: dt.datetime) -> dt.datetime:
    """Where the clock starts: the upstream date (never later than when we found it) or the finding."""
    if source.deadline_start == DeadlineStart.PUBLISHED and record.published:
        return min(record.published, found_at)
    return found_at


def compute_deadline(source: Source, start: dt.datetime, body: DisclosingBody | None = None) -> Deadline:
    """The source's rule counted on `body`'s calendar (the recipient's: a town may have its own 调休)."""
    if source.deadline_rule == DeadlineRule.HOURS:
        return add_working_hours(start, source.deadline_amount or 8, body=body)
    return add_working_days(start, source.deadline_amount if source.deadline_amount is not None else 1, body=body)


def receiving_department(body: DisclosingBody) -> DraftingDepartment | None:
    """Where a body's republications go when nothing says otherwise: its first department."""
    return DraftingDepartment.objects.filter(disclosing_body=body).order_by("pk").first()


@dataclass(frozen=True)
class Recipient:
    """A body that gets its own draft of a source's new item, and where in that body it goes."""

    body: DisclosingBody
    department: DraftingDepartment | None
    topic: Topic | None
    auto_publish: bool = False
    own: bool = False  # the body watching the source (its page keeps the short slug)


def recipients(source: Source, record: UpstreamRecord) -> list[Recipient]:
    """The watching body (when it republishes too) with its routing, then every follower with its own.

    The watching body's routing may send an item to a department of a body below it: that body does the work.
    """
    text = f"{record.title} {record.summary}"
    found = []
    if source.republish_for_own_body:
        department, topic = source.route(text)
        body = department.disclosing_body if department is not None else source.disclosing_body
        found.append(Recipient(body, department, topic, source.auto_publish, own=True))
    for follower in source.followers.select_related("disclosing_body", "department"):
        body = follower.disclosing_body
        routed, topic = source.route(text, body_id=body.pk)
        department = routed or follower.department or receiving_department(body)
        found.append(Recipient(body, department, topic))
    return found


def _attachments(record: UpstreamRecord) -> list[RepublicationAttachment]:
    return [
        RepublicationAttachment(title=(a.get("title") or a["url"])[:200], url=a["url"][:500])
        for a in record.attachments or []
        if a.get("url")
    ]


def _apply_record(page: RepublicationPage, source: Source, record: UpstreamRecord) -> None:
    """Copy what the upstream item says onto the page (title, attribution, body, attachments)."""
    page.title = record.title[:255]
    page.source_level = source.level
    page.source_organ = source.issuing_organ
    page.original_url = record.url
    page.original_date = record.published
    page.document_number = record.document_number
    page.summary = record.summary or html_to_text(record.body_html)[:300]
    page.body = draft_body(record.body_html, record.summary)  # editor form; a summary is text, never markup
    page.attachments = _attachments(record)


def _watcher_note(record: UpstreamRecord) -> str:
    if record.detail_error:
        return f"未能获取原文正文({record.detail_error}),请打开原文链接人工补充。"
    return ""


def is_backfill(source: Source) -> bool:
    """A source's first poll, or its skipped items brought back: what is already late there is 补转, not 逾期.

    The poll works on the source as loaded before it (its success is written with an UPDATE), so
    ``last_success_at`` is still empty throughout the first poll; ``reconsidering`` is set by ``skipped``.
    """
    return source.last_success_at is None or bool(getattr(source, "reconsidering", False))


@transaction.atomic
def create_draft(
    source: Source,
    record: UpstreamRecord,
    found_at: dt.datetime,
    note: str = "",
    *,
    recipient: Recipient,
    item_of: UpstreamRecord | None = None,
) -> RepublicationPage:
    """One recipient's draft (or, for an auto-publish source's own body, a published page) of a new policy.

    `item_of` is the record the draft is filed under (the policy's primary record) when `record` is a duplicate.
    """
    index = ensure_index()
    body = recipient.body
    deadline = compute_deadline(source, deadline_start(source, record, found_at), body=body)
    backfill = deadline.due <= found_at and is_backfill(source)
    page = RepublicationPage(
        slug=f"r{record.pk}" if recipient.own else f"r{record.pk}-{body.slug}",
        live=False,
        source=source,
        disclosing_body=body,
        upstream_record=item_of or record,
        department=recipient.department,
        topic=recipient.topic,
        found_at=found_at,
        deadline_at=deadline.due,
        deadline_provisional=deadline.provisional,
        deadline_warning=deadline.warning,
        backfill=backfill,
        watcher_note="\n".join(filter(None, [_watcher_note(record), note])),
    )
    _apply_record(page, source, record)
    index.add_child(instance=page)
    revision = page.save_revision(user=None, log_action=True)
    if recipient.auto_publish:
        revision.publish(user=None)
        page.refresh_from_db()
    return page


def create_drafts(
    source: Source,
    record: UpstreamRecord,
    found_at: dt.datetime,
    note: str = "",
    *,
    item_of: UpstreamRecord | None = None,
    skip_bodies: Iterable[int] = (),
) -> list[RepublicationPage]:
    """A draft for every recipient of `source` that has none yet (the item was fetched once, for all)."""
    skip = set(skip_bodies)
    pages = []
    for recipient in recipients(source, record):
        if recipient.body.pk in skip:
            continue
        skip.add(recipient.body.pk)
        pages.append(create_draft(source, record, found_at, note, recipient=recipient, item_of=item_of))
    return pages


def pages_of(record: UpstreamRecord) -> list[RepublicationPage]:
    """Every body's republication of the policy `record` holds, the watching body's first."""
    return list(RepublicationPage.objects.filter(upstream_record=record).order_by("pk"))


def touched_only_by_watcher(page: RepublicationPage) -> bool:
    """Never published and no revision saved by a person: safe for the watcher to rewrite."""
    if page.live or page.first_published_at:
        return False
    return not page.revisions.exclude(user=None).exists()


@transaction.atomic
def rewrite_draft(page: RepublicationPage, source: Source, record: UpstreamRecord, note: str) -> None:
    """Replace an untouched draft's content with ``record`` (the deadline stays as it was)."""
    page = RepublicationPage.objects.select_for_update().get(pk=page.pk)
    page.source = source
    _apply_record(page, source, record)
    page.watcher_note = "\n".join(filter(None, [_watcher_note(record), note]))
    page.save()
    page.save_revision(user=None, log_action=True)


def flag_upstream_change(page: RepublicationPage, note: str, now: dt.datetime | None = None) -> None:
    """Tell the editor the original changed; the row only, so no revision is created or lost."""
    RepublicationPage.objects.filter(pk=page.pk).update(
        upstream_changed_at=now or timezone.now(), upstream_change_note=note[:2000]
    )


def add_watcher_note(page: RepublicationPage, note: str) -> None:
    current = RepublicationPage.objects.filter(pk=page.pk).values_list("watcher_note", flat=True).first() or ""
    if note not in current:
        RepublicationPage.objects.filter(pk=page.pk).update(watcher_note="\n".join(filter(None, [current, note])))


@transaction.atomic
def attach_interpretation(page: RepublicationPage, title: str, url: str, organ: str) -> None:
    """Add an upstream interpretation to a draft (a new revision while only the watcher has touched it);
    an edited or published page gets a note instead, so no editor's work is overwritten."""
    if RepublicationInterpretation.objects.filter(page=page, url=url[:500]).exists():
        return
    if not touched_only_by_watcher(page):
        add_watcher_note(page, f"上游发布了本文件的解读材料《{title}》:{url},请补充到“解读材料”。")
        return
    page = RepublicationPage.objects.select_for_update().get(pk=page.pk)
    page.interpretations.add(RepublicationInterpretation(title=title[:255], url=url[:500], source_organ=organ[:100]))
    page.save()
    page.save_revision(user=None, log_action=True)
