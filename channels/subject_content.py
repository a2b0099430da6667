"""PolicyContent for a republication (转载) and for an event's phases, so every renderer (website check,
WeChat article, ninjs, e-mail) takes them unchanged.

A republication is rendered from its released revision (a later draft never leaks); an event from its page
row, where its schedule and state are kept (they change without a revision, through its lifecycle).
"""

from __future__ import annotations

import dataclasses
import mimetypes
from datetime import datetime
from html import escape
from posixpath import basename
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.rich_text import expand_db_html

from interpretation.bundle_content import page_url
from interpretation.events.release import ANNOUNCED_FACTS
from media_templates.content import Attachment, PolicyContent

from .subjects import CANCELLED, RESCHEDULED, UPDATE_OPTION, UPDATED


def _local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def _base(subject, **fields) -> PolicyContent:
    values = {
        "document_number": "",
        "index_number": "",
        "issuing_organ": "",
        "drafting_department": "",
        "date_written": None,
        "date_published": _local_date(subject.released_at),
        "effective_date": None,
        "topic": "",
        "validity_label": "",
        "disclosure_label": "",
        "summary": "",
        "updated_at": subject.released_at,
        "version": subject.row.pk,
    }
    values.update(fields)
    return PolicyContent(**values)


def _with_correction(content: PolicyContent, options: dict) -> PolicyContent:
    if options.get("correction"):
        note = str(options.get("correction_note") or "")
        return dataclasses.replace(content, is_correction=True, correction_note=note)
    return content


# -- republications -------------------------------------------------------------------------------------
def _link_attachment(title: str, url: str) -> Attachment:
    filename = basename(urlsplit(url).path) or "attachment"
    kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return Attachment(title=title, url=url, filename=filename, size=0, content_type=kind)


def republication_content(subject, options: dict) -> PolicyContent:
    page = subject.released_page
    original = timezone.localtime(page.original_date).strftime("%Y-%m-%d") if page.original_date else ""
    attribution = (
        f"<p>来源:{escape(page.source_organ)}"
        + (f"({escape(original)}发布)" if original else "")
        + f' 原文链接:<a href="{escape(page.original_url)}">{escape(page.original_url)}</a></p>'
    )
    body = expand_db_html(page.body or "") or f"<p>{escape(page.summary)}</p>"
    content = _base(
        subject,
        title=page.title,
        document_number=page.document_number,
        issuing_organ=page.source_organ,
        drafting_department=str(page.department or ""),
        topic=str(page.topic or ""),
        summary=page.summary or strip_tags(body)[:120],
        body_html=body + attribution,
        url=page_url(subject.page),
        attachments=tuple(_link_attachment(a.title, a.url) for a in page.attachments.all()),
        guid=f"republication-{subject.row.page_id}",
    )
    return _with_correction(content, options)


# -- events ---------------------------------------------------------------------------------------------
def _people(event) -> list[str]:
    lines = []
    for person in event.people.all():
        role = person.get_role_display()
        detail = "".join(part for part in (person.organ, person.title) if part)
        lines.append(f"{role}:{person.name}" + (f"({detail})" if detail else ""))
    return lines


def _facts(event) -> list[tuple[str, str]]:
    facts = [("活动类型", str(event.get_kind_display())), ("时间", event.schedule_display)]
    if event.place:
        facts.append(("地点", event.place))
    if event.online_url:
        facts.append(("线上地址", event.online_url))
    people = _people(event)
    if people:
        facts.append(("主持人与嘉宾", ";".join(people)))
    return facts


def _press_kit(event) -> tuple[Attachment, ...]:
    items = []
    for item in event.press_kit.select_related("document"):
        path = reverse("events:press_kit_file", args=(event.pk, item.pk))
        document = item.document
        items.append(
            Attachment(
                title=item.display_title,
                url=f"{settings.SITE_URL}{path}",
                filename=document.filename,
                size=document.file_size or 0,
                content_type=document.content_type,
            )
        )
    return tuple(items)


def changed_facts_note(changes: dict) -> str:
    """ "活动信息变更:地点由“A”改为“B”。" for an update of an announcement's title, place or online address."""
    parts = [
        f"{ANNOUNCED_FACTS[field]}由“{before or '未填写'}”改为“{after or '未填写'}”"
        for field, (before, after) in changes.items()
        if field in ANNOUNCED_FACTS
    ]
    return f"活动信息变更:{';'.join(parts)}。" if parts else "活动信息已变更。"


def event_content(subject, options: dict) -> PolicyContent:
    event, phase = subject.page, subject.phase
    update = options.get(UPDATE_OPTION)
    facts = _facts(event)
    status = ""
    if update == CANCELLED or event.state == "cancelled":
        status = f"本场活动已取消。{event.cancellation_reason}".strip()
    elif update == RESCHEDULED:
        status = f"活动时间已变更为 {event.schedule_display}。{options.get('reason', '')}".strip()
    elif update == UPDATED:
        status = changed_facts_note(options.get("changes") or {})
    paragraphs = [f"<p><strong>{escape(status)}</strong></p>"] if status else []
    paragraphs += [f"<p>{escape(label)}:{escape(value)}</p>" for label, value in facts]
    if event.summary:
        paragraphs.append(f"<p>{escape(event.summary)}</p>")
    policies = list(event.public_policies)
    if policies:
        links = "".join(f'<li><a href="{page_url(p)}">{escape(p.title)}</a></li>' for p in policies)
        paragraphs.append(f"<p>相关政策文件:</p><ul>{links}</ul>")
    title, guid = event.title, f"event-{event.pk}"
    attachments = _press_kit(event) if subject.carries_press_kit() else ()
    if phase == "recap":
        title, guid = f"{event.title}(回顾)", f"event-{event.pk}-recap"
        if event.video_url:
            paragraphs.append(f'<p>视频:<a href="{escape(event.video_url)}">{escape(event.video_url)}</a></p>')
        paragraphs.append(expand_db_html(event.transcript or ""))
    elif phase == "press_kit":
        title, guid = f"{event.title}(新闻资料)", f"event-{event.pk}-press-kit"
        paragraphs.append("<p>新闻资料已解禁,见附件。</p>")
    summary = ";".join(f"{label}:{value}" for label, value in facts[:3])
    summary = f"{status} {summary}".strip() if status else f"{summary}。{event.summary}".rstrip("。") + "。"
    # The announcement is version 1 of its item; each update (reschedule, cancellation) a later one.
    version = int(options.get("version") or 2) if update else 1
    changed_at = options.get("changed_at") if update else None
    content = _base(
        subject,
        title=title,
        issuing_organ=str(event.responsible_department or ""),
        drafting_department=str(event.responsible_department or ""),
        topic="、".join(sorted({str(p.topic) for p in policies if p.topic_id})),
        summary=summary[:500],
        body_html="".join(paragraphs),
        url=page_url(event),
        attachments=attachments,
        guid=guid,
        version=version,
        updated_at=datetime.fromisoformat(changed_at) if changed_at else subject.released_at,
    )
    return _with_correction(content, options)
