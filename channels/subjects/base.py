"""The Subject interface every kind implements, and the names the kinds and their callers share.

The kinds and which channels want them are described in the package docstring (channels.subjects). What a
version says is built here and in the kinds' modules only: ``Subject.content()`` is the one PolicyContent every
adapter and renderer takes (website, WeChat, partners' webhook, e-mail and pull).
"""

from __future__ import annotations

import dataclasses
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from html import escape
from typing import Any, ClassVar

from django.utils import timezone
from wagtail.rich_text import expand_db_html

from interpretation.bundle_content import body_of, publisher
from media_templates.content import PolicyContent
from media_templates.renderers.html import sanitize_body
from media_templates.renderers.ninjs import render_ninjs, validate_ninjs

from . import memo

logger = logging.getLogger(__name__)

POLICY, REPUBLICATION, EVENT = "policy", "republication", "event"
WEBSITE, WECHAT = "website", "wechat"
PARTNER_CHANNELS = ("partner_webhook", "partner_email")
#: Options of an event update row (a reschedule or cancellation of an announced event).
UPDATE_OPTION = "event_update"
RESCHEDULED, CANCELLED, UPDATED = "rescheduled", "cancelled", "updated"
#: Options of a row that delivers a follow-up (追加解读) as its own item rather than as an update of its policy.
FOLLOW_UP_ITEM = "follow_up_item"


class Subject(ABC):
    """One released content version; wraps its release row (``row``)."""

    kind: ClassVar[str]
    key_prefix: ClassVar[str] = ""
    #: The Delivery field that points at the row.
    field: ClassVar[str]

    def __init__(self, row: Any) -> None:
        self.row = row
        self._public: bool | None = None

    def __eq__(self, other):
        return isinstance(other, Subject) and (self.kind, self.row.pk) == (other.kind, other.row.pk)

    def __hash__(self):
        return hash((self.kind, self.row.pk))

    def __repr__(self):
        return f"<{type(self).__name__} {self.row.pk}>"

    @property
    def pk(self) -> int:
        return self.row.pk

    def key(self, channel: str, target: str, suffix: str = "") -> str:
        """Stable across retries: the channel recognises a repeat by it (webhook-id, clientmsgid, ...)."""
        return f"{self.key_prefix}{self.row.pk}:{channel}:{target}{suffix}"

    @property
    @abstractmethod
    def page_id(self) -> int:
        """The id of the page this version delivers (Delivery.page)."""

    def row_fields(self) -> dict[str, Any]:
        """The subject's foreign keys on a Delivery row: its version and its page."""
        return {self.field: self.row, "page_id": self.page_id}

    @property
    def released_at(self):
        return self.row.released_at

    # -- for people ---------------------------------------------------------------------------------------
    @property
    @abstractmethod
    def label(self) -> str:
        """The kind in Chinese: 转载, 预告, 回顾, ..."""

    @property
    def title(self) -> str:
        return self.page.title

    def display_title(self, options: dict | None = None) -> str:
        return f"{self.label} · {self.title}"

    # -- the content --------------------------------------------------------------------------------------
    @property
    @abstractmethod
    def page(self):
        """The page as it stands now (specific): the website purges and checks it."""

    def is_live(self) -> bool:
        return bool(self.page.live)

    def is_public(self) -> bool:
        """May leave the website now (a withdrawn or restricted page goes nowhere).

        Asked once per Subject: a subject lives for one delivery attempt (or one request), whose validation and
        sending both ask; a later attempt builds a new subject and asks again.
        """
        if self._public is None:
            self._public = self.check_public()
        return self._public

    @abstractmethod
    def check_public(self) -> bool:
        """is_public() as the database says right now."""

    @property
    def not_public_message(self) -> str:
        return f"该{self.label}已撤回或不再公开,不得分发"

    @property
    def memo_key(self) -> tuple | None:
        """The version's key in the memo (channels.subjects.memo), or None for a kind whose content shows live
        state (an event's schedule) and is built each time. Only for a kind whose content depends on nothing but
        the version and the correction: a policy release, a republication release."""
        return None

    def shared(self, parts: tuple, build: Callable[[], Any]) -> Any:
        """Something built from this version (its content, a payload rendered from it), built once per worker
        and shared by the version's deliveries; built each time for a kind without a memo key."""
        key = self.memo_key
        return build() if key is None else memo.shared((*key, *parts), build)

    def content(self, options: dict | None = None) -> PolicyContent:
        """What this version says, for every renderer; a correction (options["correction"]) is marked 更正 with
        its note. Frozen, so one build serves every delivery of the version (see shared)."""
        options = options or {}
        return self.shared(("content", *variant(options)), lambda: _corrected(self.build_content(options), options))

    @abstractmethod
    def build_content(self, options: dict) -> PolicyContent:
        """The content, rebuilt from the release so a retry renders the same (content() adds the correction)."""

    @abstractmethod
    def event_type(self, options: dict | None = None) -> str:
        """The webhook event type: policy.released, republication.published, event.announced, ..."""

    def materials(self) -> list:
        """Released interpretation material pages (policies only)."""
        return []

    def attachment_documents(self) -> list:
        """For each of content().attachments, the Wagtail document whose bytes may travel, or None (link only)."""
        return [None] * len(self.content().attachments)

    def with_attachment_data(self, content: PolicyContent, budget: int) -> PolicyContent:
        """The content with its attached documents' bytes (for e-mail), in order, while they fit in `budget`
        bytes. Attachments that are only links (a republication's, on the upstream site) travel as links."""
        attachments = []
        for ref, document in zip(content.attachments, self.attachment_documents(), strict=True):
            size = (document.file_size or 0) if document is not None else budget + 1
            data = None
            if size <= budget:
                try:
                    with document.file.open("rb") as handle:
                        data = handle.read()
                    budget -= len(data)
                except OSError as exc:  # a missing file is listed with its link instead
                    logger.warning("Attachment %s of %r unreadable: %s", document.pk, self, exc)
            attachments.append(dataclasses.replace(ref, data=data))
        return dataclasses.replace(content, attachments=tuple(attachments))

    def interpretation_documents(self, options: dict | None = None) -> list[tuple[str, str]]:
        """(filename, HTML) for each material with text (文字解读, 问答, 实录) of the row's item, to travel with an
        e-mail."""
        documents = []
        for index, material in enumerate(self.item_materials(options), 1):
            body = material_html(material)
            if not body:
                continue
            title = escape(material.title)
            html = (
                f'<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{title}</title></head>'
                f"<body><h1>{title}</h1>{body}</body></html>"
            )
            documents.append((f"政策解读{index}.html", html))
        return documents

    def item_materials(self, options: dict | None = None) -> list:
        """The materials of the item a row delivers: the version's, unless a kind delivers several items."""
        return self.materials()

    def is_pullable(self) -> bool:
        """May appear in a partner's pull (API and feed), whose streams already chose public pages."""
        return self.is_public()

    def ninjs(self, options: dict | None = None) -> dict:
        return render_ninjs(self.content(options))

    def item_version(self) -> int:
        """The ninjs version of this version's item: 1, 2, 3 for that item alone (a partner checks for gaps)."""
        return int(self.row.pk)

    # -- routing ------------------------------------------------------------------------------------------
    def wants(self, channel: str) -> bool:
        return channel == WEBSITE or channel in PARTNER_CHANNELS

    def makes_article(self) -> bool:
        """Whether this version becomes a new WeChat article (an update does not; see the package docstring)."""
        return True

    def retraction_type(self, options: dict | None = None) -> str:
        """The webhook event telling partners a row's item is withdrawn."""
        return f"{self.kind}.retracted"

    def row_variants(self, channel: str) -> list[tuple[str, dict[str, Any]]]:
        """(key suffix, options) of each row a channel target gets for this version: one, with no options,
        unless a kind delivers more than one item (a policy's follow-up: the policy's update and its own item)."""
        return [("", {})]

    @property
    def document_type(self) -> str | None:
        """Partners with a type filter get policies of those types only (the other kinds have no type)."""
        return None

    @property
    def topic_ids(self) -> set[int]:
        return set()


def correction(options: dict) -> tuple[bool, str]:
    """Whether a row's options ask for a correction (更正), and its note: what makes a version's payload differ."""
    return bool(options.get("correction")), str(options.get("correction_note") or "")


def variant(options: dict) -> tuple[bool, str, bool]:
    """What makes a row's payload differ from the version's other rows: a correction, or a follow-up's own item."""
    return (*correction(options), bool(options.get(FOLLOW_UP_ITEM)))


def material_html(material) -> str:
    """A material's text (文字解读, 问答, 实录) as sanitised HTML, or "" when it has none."""
    parts = []
    if getattr(material, "body", ""):
        parts.append(expand_db_html(material.body))
    qa_pairs = material.qa_pairs.all() if hasattr(material, "qa_pairs") else ()
    for pair in qa_pairs:
        parts.append(f"<h2>问:{escape(pair.question)}</h2>{expand_db_html(pair.answer)}")
    if getattr(material, "transcript", ""):
        parts.append(expand_db_html(material.transcript))
    return sanitize_body("".join(parts)) if parts else ""


def _corrected(content: PolicyContent, options: dict) -> PolicyContent:
    is_correction, note = correction(options)
    return dataclasses.replace(content, is_correction=True, correction_note=note) if is_correction else content


def plain_content(subject: Subject, **fields) -> PolicyContent:
    """PolicyContent for a kind that is not a policy document: the document's fields left empty, the release's
    time as its date, its body as the publisher, so every renderer takes it unchanged."""
    values = {
        "document_number": "",
        "index_number": "",
        "issuing_organ": "",
        "drafting_department": "",
        "date_written": None,
        "date_published": timezone.localtime(subject.released_at).date() if subject.released_at else None,
        "effective_date": None,
        "topic": "",
        "validity_label": "",
        "disclosure_label": "",
        "summary": "",
        "updated_at": subject.released_at,
        "version": subject.item_version(),
        # In the name of the page's body (历阳镇人民政府), on the portal's name and address.
        "publisher": publisher(body_of(subject.page)),
    }
    values.update(fields)
    return PolicyContent(**values)


def _retyped(document: dict, profile: str, genre: tuple[str, str], ednote: str = "") -> dict:
    """A ninjs item rendered for a policy, re-labelled for another kind of content."""
    document = {**document, "profile": profile, "genres": [{"name": genre[0], "literal": genre[1]}]}
    if ednote:
        document["ednote"] = ednote
    validate_ninjs(document)
    return document
