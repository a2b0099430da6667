"""A republication release (转载, watcher.RepublicationRelease) as a subject, rendered from its released revision
(a later draft never leaks), with the upstream source and original link appended."""

from __future__ import annotations

import mimetypes
from functools import cached_property
from html import escape
from posixpath import basename
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.rich_text import expand_db_html

from channels.watcher.models import RepublicationPage
from interpretation.bundle_content import page_url
from media_templates.content import Attachment, PolicyContent

from .base import REPUBLICATION, WECHAT, Subject, _retyped, plain_content


class RepublicationSubject(Subject):
    kind = REPUBLICATION
    key_prefix = "rep"
    field = "republication_release"

    @property
    def page_id(self) -> int:
        return self.row.page_id

    @property
    def memo_key(self) -> tuple:
        return (REPUBLICATION, self.row.pk, self.row.revision_id, self.row.released_at.isoformat())

    @property
    def label(self) -> str:
        return "转载"

    @property
    def page(self):
        return self.row.page

    def check_public(self) -> bool:
        return RepublicationPage.objects.live().public().filter(pk=self.row.page_id).exists()

    def item_version(self) -> int:
        """The page is the item: its first release is version 1, each republishing one more."""
        releases = type(self.row).objects.filter(page_id=self.row.page_id, pk__lte=self.row.pk)
        return int(self.shared(("version",), releases.count))

    @cached_property
    def released_page(self):
        """The page as released (its revision), so a retry after a later edit renders the same."""
        return self.row.revision.as_object() if self.row.revision_id else self.row.page

    def build_content(self, options: dict) -> PolicyContent:
        page = self.released_page
        original = timezone.localtime(page.original_date).strftime("%Y-%m-%d") if page.original_date else ""
        attribution = (
            f"<p>来源:{escape(page.source_organ)}"
            + (f"({escape(original)}发布)" if original else "")
            + f' 原文链接:<a href="{escape(page.original_url)}">{escape(page.original_url)}</a></p>'
        )
        body = expand_db_html(page.body or "") or f"<p>{escape(page.summary)}</p>"
        return plain_content(
            self,
            title=page.title,
            document_number=page.document_number,
            issuing_organ=page.source_organ,
            drafting_department=str(page.department or ""),
            topic=str(page.topic or ""),
            summary=page.summary or strip_tags(body)[:120],
            body_html=body + attribution,
            url=page_url(self.page),
            attachments=tuple(_link_attachment(a.title, a.url) for a in page.attachments.all()),
            guid=f"republication-{self.row.page_id}",
        )

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


def _link_attachment(title: str, url: str) -> Attachment:
    """An upstream attachment: a link only (we never fetch other hosts' files to send them on)."""
    filename = basename(urlsplit(url).path) or "attachment"
    kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return Attachment(title=title, url=url, filename=filename, size=0, content_type=kind)
