"""What one delivery delivers, its "subject": a released content version behind one interface.

Three kinds of content go to the channels like any content:

- ``PolicySubject``: a policy bundle release (interpretation.BundleRelease), as before;
- ``RepublicationSubject``: a republication release (转载, watcher.RepublicationRelease);
- ``EventSubject``: an event release (events.EventRelease): the announcement (预告), the recap (回顾) or the
  press kit (新闻资料) after its embargo; and, as updates of the announcement, a reschedule or cancellation.

Adapters only use this interface: ``key()`` (idempotency), ``event_type()`` (ninjs/webhook ``type``), ``page``
(cache purge, public URL), ``is_public()``, ``content()`` (media_templates.content.PolicyContent for every
renderer), ``wants(channel)``, ``released_at``, ``document_type``/``topic_ids`` (partners' filters).

Which channels want which kind (``wants``):

- policies: the website and partners always, WeChat when the interpretation plan lists it (plan_channels);
- republications and events: the website and partners; WeChat only for a first republication and an event
  announcement, and only when the setting ``WECHAT_REPUBLICATIONS`` / ``WECHAT_EVENT_ANNOUNCEMENTS`` is on
  (off by default: a subscription account may mass-send once a day, the office keeps it for its own
  policies). A recap, a press kit and event updates never become WeChat articles (an article cannot be edited);
- the press kit goes to partners only (it is material for the press; the event page shows it by itself).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from functools import cached_property
from typing import Any, ClassVar

from django.conf import settings

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
        """Whether this version becomes a new WeChat article (an update does not; see module docstring)."""
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


class PolicySubject(Subject):
    kind = POLICY
    field = "release"

    def row_fields(self) -> dict[str, Any]:
        return {"release": self.row, "policy_id": self.row.policy_id}

    @property
    def label(self) -> str:
        return "政策"

    @property
    def title(self) -> str:
        return self.row.policy.title

    def display_title(self, options: dict | None = None) -> str:
        return self.title

    @property
    def page(self):
        return self.row.policy.specific

    def check_public(self) -> bool:
        from channels.release_content import is_public_release

        return is_public_release(self.row)

    @property
    def not_public_message(self) -> str:
        return "该政策文件已撤回或不再主动公开,不得分发"

    def content(self, options: dict | None = None) -> PolicyContent:
        from channels.release_content import release_content

        return release_content(self.row, options)

    def event_type(self, options: dict | None = None) -> str:
        from channels.partners.content import EVENT_TYPES

        return "policy.corrected" if (options or {}).get("correction") else EVENT_TYPES[self.row.kind]

    def materials(self) -> list:
        from channels.release_content import released_materials

        return released_materials(self.row)

    def attachment_documents(self) -> list:
        from channels.release_content import released_policy

        return [item.document for item in released_policy(self.row).attachments.all()]

    @cached_property
    def _policy(self):
        from channels.release_content import released_policy

        return released_policy(self.row)

    def wants(self, channel: str) -> bool:
        if channel == WECHAT:
            return WECHAT in (self._policy.plan_channels or [])
        return super().wants(channel)

    def makes_article(self) -> bool:
        from channels.models import Delivery

        kinds = {self.row.Kind.RELEASE, self.row.Kind.OVERRIDE, self.row.Kind.FOLLOW_UP}
        has_article = Delivery.objects.filter(policy_id=self.row.policy_id, channel=WECHAT).exclude(
            state__in=("failed", "cancelled", "retracted")
        )
        return self.row.kind in kinds or not has_article.exists()

    @property
    def document_type(self) -> str | None:
        return self._policy.document_type

    @property
    def topic_ids(self) -> set[int]:
        return {self._policy.topic_id} if self._policy.topic_id else set()


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


KINDS = {POLICY: PolicySubject, REPUBLICATION: RepublicationSubject, EVENT: EventSubject}
KIND_LABELS = {POLICY: "政策文件", REPUBLICATION: "上级政策转载", EVENT: "发布会与访谈"}


def as_subject(value) -> Subject:
    """A Subject for a Subject, a BundleRelease, a RepublicationRelease or an EventRelease."""
    if isinstance(value, Subject):
        return value
    from channels.watcher.models import RepublicationRelease
    from interpretation.events.models import EventRelease
    from interpretation.models import BundleRelease

    for model, subject_class in (
        (BundleRelease, PolicySubject),
        (RepublicationRelease, RepublicationSubject),
        (EventRelease, EventSubject),
    ):
        if isinstance(value, model):
            return subject_class(value)
    raise TypeError(f"not a deliverable release: {value!r}")


def subject_of(delivery) -> Subject:
    """The subject of a Delivery row (LookupError for a row without one, which the constraint forbids)."""
    if delivery.release_id:
        return PolicySubject(delivery.release)
    if delivery.republication_release_id:
        return RepublicationSubject(delivery.republication_release)
    if delivery.event_release_id:
        return EventSubject(delivery.event_release)
    raise LookupError(f"delivery {delivery.pk} has no subject")
