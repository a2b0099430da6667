"""What one delivery delivers, its "subject": a released content version behind one interface.

Three kinds of content go to the channels like any content:

- ``PolicySubject``: a policy bundle release (interpretation.BundleRelease), as before;
- ``RepublicationSubject``: a republication release (转载, watcher.RepublicationRelease);
- ``EventSubject``: an event release (events.EventRelease): the announcement (预告), the recap (回顾) or the
  press kit (新闻资料) after its embargo; and, as updates of the announcement, a reschedule or cancellation.

Adapters only use this interface: ``key()`` (idempotency), ``event_type()`` (ninjs/webhook ``type``), ``page``
(cache purge, public URL), ``is_public()``, ``content()`` (media_templates.content.PolicyContent for every
renderer), ``wants(channel)``, ``released_at``, ``document_type``/``topic_ids`` (partners' filters).

What a version says is built by its kind (``build_content``) and nowhere else; ``content()`` adds the correction
and shares a build between the version's deliveries through the one memo (``memo``).

Which channels want which kind (``wants``):

- policies: the website and partners always, WeChat when the interpretation plan lists it (plan_channels) and
  the policy is still in force; a follow-up (追加解读) goes to WeChat only when the releaser chose an article for it
  (BundleRelease.wechat_article, channels.follow_ups), under its own title, and partners get it twice: as the
  policy's update and as an item of its own (subjects.follow_up);
- republications and events: the website and partners; WeChat only for a first republication and an event
  announcement, and only when the setting ``WECHAT_REPUBLICATIONS`` / ``WECHAT_EVENT_ANNOUNCEMENTS`` is on
  (off by default: a subscription account may mass-send once a day, the office keeps it for its own
  policies). A recap, a press kit and event updates never become WeChat articles (an article cannot be edited);
- the press kit goes to partners only (it is material for the press; the event page shows it by itself).

One module per kind (policy, republication, event) on the interface in ``base``; this package maps rows to them.
"""

from __future__ import annotations

from typing import TypeAlias

from channels.watcher.models import RepublicationRelease
from interpretation.events.models import EventRelease
from interpretation.models import BundleRelease

from .base import (
    CANCELLED,
    EVENT,
    PARTNER_CHANNELS,
    POLICY,
    REPUBLICATION,
    RESCHEDULED,
    UPDATE_OPTION,
    UPDATED,
    WEBSITE,
    WECHAT,
    Subject,
)
from .event import EventSubject
from .policy import PolicySubject
from .republication import RepublicationSubject

__all__ = [
    "CANCELLED",
    "EVENT",
    "KINDS",
    "KIND_LABELS",
    "PARTNER_CHANNELS",
    "POLICY",
    "REPUBLICATION",
    "RESCHEDULED",
    "UPDATED",
    "UPDATE_OPTION",
    "WEBSITE",
    "WECHAT",
    "Deliverable",
    "EventSubject",
    "PolicySubject",
    "ReleaseRow",
    "RepublicationSubject",
    "Subject",
    "as_subject",
    "subject_of",
]

KINDS = {POLICY: PolicySubject, REPUBLICATION: RepublicationSubject, EVENT: EventSubject}
KIND_LABELS = {POLICY: "政策文件", REPUBLICATION: "上级政策转载", EVENT: "发布会与访谈"}
ReleaseRow: TypeAlias = BundleRelease | RepublicationRelease | EventRelease
#: What an adapter and the ledger accept as "the subject": a Subject, or a bare release row that as_subject wraps.
Deliverable: TypeAlias = Subject | ReleaseRow
_BY_RELEASE_MODEL: dict[type[ReleaseRow], type[Subject]] = {
    BundleRelease: PolicySubject,
    RepublicationRelease: RepublicationSubject,
    EventRelease: EventSubject,
}


def as_subject(value: Deliverable) -> Subject:
    """A Subject for a Subject, a BundleRelease, a RepublicationRelease or an EventRelease."""
    if isinstance(value, Subject):
        return value
    for model, subject_class in _BY_RELEASE_MODEL.items():
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
