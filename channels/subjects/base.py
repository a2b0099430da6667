"""The Subject interface every kind implements, and the names the kinds and their callers share.

The kinds and which channels want them are described in the package docstring (channels.subjects).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from media_templates.content import PolicyContent
from media_templates.renderers.ninjs import render_ninjs, validate_ninjs

POLICY, REPUBLICATION, EVENT = "policy", "republication", "event"
WEBSITE, WECHAT = "website", "wechat"
PARTNER_CHANNELS = ("partner_webhook", "partner_email")
#: Options of an event update row (a reschedule or cancellation of an announced event).
UPDATE_OPTION = "event_update"
RESCHEDULED, CANCELLED, UPDATED = "rescheduled", "cancelled", "updated"


class Subject(ABC):
    """One released content version; wraps its release row (``row``)."""

    kind: ClassVar[str]
    key_prefix: ClassVar[str] = ""
    #: The Delivery field that points at the row.
    field: ClassVar[str]

    def __init__(self, row):
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

    def row_fields(self) -> dict[str, Any]:
        """The subject's foreign keys on a Delivery row."""
        return {self.field: self.row}

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

    @abstractmethod
    def content(self, options: dict | None = None) -> PolicyContent:
        """The content for every renderer, rebuilt from the release so a retry renders the same."""

    @abstractmethod
    def event_type(self, options: dict | None = None) -> str:
        """The webhook event type: policy.released, republication.published, event.announced, ..."""

    def materials(self) -> list:
        """Released interpretation material pages (policies only)."""
        return []

    def attachment_documents(self) -> list:
        """For each of content().attachments, the Wagtail document whose bytes may travel, or None (link only)."""
        return [None] * len(self.content().attachments)

    def ninjs(self, options: dict | None = None) -> dict:
        return render_ninjs(self.content(options))

    # -- routing ------------------------------------------------------------------------------------------
    def wants(self, channel: str) -> bool:
        return channel == WEBSITE or channel in PARTNER_CHANNELS

    def makes_article(self) -> bool:
        """Whether this version becomes a new WeChat article (an update does not; see the package docstring)."""
        return True

    document_type: str | None = None  # partners with a type filter get policies of those types only

    @property
    def topic_ids(self) -> set[int]:
        return set()


def _retyped(document: dict, profile: str, genre: tuple[str, str], ednote: str = "") -> dict:
    """A ninjs item rendered for a policy, re-labelled for another kind of content."""
    document = {**document, "profile": profile, "genres": [{"name": genre[0], "literal": genre[1]}]}
    if ednote:
        document["ednote"] = ednote
    validate_ninjs(document)
    return document
