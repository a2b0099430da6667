"""An event release (events.EventRelease) as a subject: a phase, or an update of the announcement.

An event is rendered from its page row, where its schedule and state are kept (they change without a revision,
through its lifecycle): its content shows live state and is built each time, not shared.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import ClassVar

from django.conf import settings
from django.urls import reverse
from wagtail.rich_text import expand_db_html

from cms.foundation import links
from interpretation.bundle_content import page_url
from interpretation.events.models import EventPage
from interpretation.events.release import ANNOUNCED_FACTS
from media_templates.content import Attachment, PolicyContent

from .base import (
    CANCELLED,
    EVENT,
    PARTNER_CHANNELS,
    RESCHEDULED,
    UPDATE_OPTION,
    UPDATED,
    WECHAT,
    Subject,
    _retyped,
    plain_content,
)


class EventSubject(Subject):
    """An event's phase; a row whose options carry ``event_update`` is an update of the announcement."""

    kind = EVENT
    key_prefix = "evt"
    field = "event_release"
    LABELS: ClassVar[dict[str, str]] = {"announcement": "预告", "recap": "回顾", "press_kit": "新闻资料"}
    TYPES: ClassVar[dict[str, str]] = {
        "announcement": "event.announced",
        "recap": "event.recap",
        "press_kit": "event.press_kit",
    }
    UPDATE_LABELS: ClassVar[dict[str, str]] = {RESCHEDULED: "活动改期", CANCELLED: "活动取消", UPDATED: "活动信息变更"}

    @property
    def page_id(self) -> int:
        return self.row.event_id

    @property
    def phase(self) -> str:
        return self.row.phase

    @property
    def label(self) -> str:
        return self.LABELS.get(self.phase, self.phase)

    def display_title(self, options: dict | None = None) -> str:
        update = (options or {}).get(UPDATE_OPTION)
        label = self.UPDATE_LABELS.get(update, self.label) if update else self.label
        return f"{label} · {self.title}"

    @property
    def page(self):
        return self.row.event

    def check_public(self) -> bool:
        if not EventPage.objects.live().public().filter(pk=self.row.event_id).exists():
            return False
        return self.phase != "press_kit" or self.page.press_kit_released()

    @property
    def not_public_message(self) -> str:
        if self.phase == "press_kit":
            return "新闻资料尚未解禁或活动页面已撤回,不得分发"
        return super().not_public_message

    def build_content(self, options: dict) -> PolicyContent:
        event, phase = self.page, self.phase
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
        attachments = _press_kit(event) if self.carries_press_kit() else ()
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
        return plain_content(
            self,
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
            updated_at=datetime.fromisoformat(changed_at) if changed_at else self.released_at,
        )

    def event_type(self, options: dict | None = None) -> str:
        update = (options or {}).get(UPDATE_OPTION)
        return f"event.{update}" if update else self.TYPES[self.phase]

    def ninjs(self, options: dict | None = None) -> dict:
        options = options or {}
        note = {
            RESCHEDULED: "活动时间已变更,本版替代此前预告。",
            CANCELLED: "活动已取消。",
            UPDATED: "活动信息已变更,本版替代此前预告。",
        }
        genre = ("新闻资料", "press_kit") if self.phase == "press_kit" else ("发布会与访谈", "event")
        return _retyped(super().ninjs(options), "event", genre, note.get(options.get(UPDATE_OPTION) or "", ""))

    def carries_press_kit(self) -> bool:
        """The press kit phase; and an announcement whose press kit has no embargo (it goes out with it)."""
        return self.phase == "press_kit" or (self.phase == "announcement" and not self.page.press_kit_embargo_until)

    def attachment_documents(self) -> list:
        if not self.carries_press_kit():
            return []
        return [item.document for item in self.page.press_kit.select_related("document")]

    def wants(self, channel: str) -> bool:
        if self.phase == "press_kit":
            return channel in PARTNER_CHANNELS
        if channel == WECHAT:
            return self.phase == "announcement" and bool(getattr(settings, "WECHAT_EVENT_ANNOUNCEMENTS", False))
        return super().wants(channel)

    def makes_article(self) -> bool:
        return self.phase == "announcement"

    @property
    def topic_ids(self) -> set[int]:
        return set(self.page.policies.exclude(topic_id=None).values_list("topic_id", flat=True))


def changed_facts_note(changes: dict) -> str:
    """ "活动信息变更:地点由“A”改为“B”。" for an update of an announcement's title, place or online address."""
    parts = [
        f"{ANNOUNCED_FACTS[field]}由“{before or '未填写'}”改为“{after or '未填写'}”"
        for field, (before, after) in changes.items()
        if field in ANNOUNCED_FACTS
    ]
    return f"活动信息变更:{';'.join(parts)}。" if parts else "活动信息已变更。"


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
                url=links.absolute(path),
                filename=document.filename,
                size=document.file_size or 0,
                content_type=document.content_type,
            )
        )
    return tuple(items)
