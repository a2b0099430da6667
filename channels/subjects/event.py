"""An event release (events.EventRelease) as a subject: a phase, or an update of the announcement."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings

from media_templates.content import PolicyContent

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
        from interpretation.events.models import EventPage

        if not EventPage.objects.live().public().filter(pk=self.row.event_id).exists():
            return False
        return self.phase != "press_kit" or self.page.press_kit_released()

    @property
    def not_public_message(self) -> str:
        if self.phase == "press_kit":
            return "新闻资料尚未解禁或活动页面已撤回,不得分发"
        return super().not_public_message

    def content(self, options: dict | None = None) -> PolicyContent:
        from channels.subject_content import event_content

        return event_content(self, options or {})

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
        return _retyped(super().ninjs(options), "event", genre, note.get(options.get(UPDATE_OPTION), ""))

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
