"""A republication release (转载, watcher.RepublicationRelease) as a subject."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings

from media_templates.content import PolicyContent

from .base import REPUBLICATION, WECHAT, Subject, _retyped


class RepublicationSubject(Subject):
    kind = REPUBLICATION
    key_prefix = "rep"
    field = "republication_release"

    @property
    def label(self) -> str:
        return "转载"

    @property
    def page(self):
        return self.row.page

    def check_public(self) -> bool:
        from channels.watcher.models import RepublicationPage

        return RepublicationPage.objects.live().public().filter(pk=self.row.page_id).exists()

    @cached_property
    def released_page(self):
        """The page as released (its revision), so a retry after a later edit renders the same."""
        return self.row.revision.as_object() if self.row.revision_id else self.row.page

    def content(self, options: dict | None = None) -> PolicyContent:
        from channels.subject_content import republication_content

        return republication_content(self, options or {})

    def event_type(self, options: dict | None = None) -> str:
        return "republication.published" if self.row.kind == self.row.Kind.RELEASE else "republication.updated"

    def ninjs(self, options: dict | None = None) -> dict:
        return _retyped(super().ninjs(options), "republication", ("转载", "republication"))

    def wants(self, channel: str) -> bool:
        if channel == WECHAT:
            return bool(getattr(settings, "WECHAT_REPUBLICATIONS", False))
        return super().wants(channel)

    def makes_article(self) -> bool:
        return self.row.kind == self.row.Kind.RELEASE

    @property
    def topic_ids(self) -> set[int]:
        return {self.released_page.topic_id} if self.released_page.topic_id else set()
