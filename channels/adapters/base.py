"""The one interface every channel implements, and the registry the delivery ledger looks adapters up in.

The ledger (channels.ledger) owns state, leases, retries and attempts; an adapter only knows its channel:
which targets a subject (a released content version, channels.subjects) goes to, how to render and deliver
one row, how to confirm it, and what an error means.
Adapters never sleep, never retry by themselves and never swallow an error: they raise DeliveryError and the
ledger decides what happens next.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from channels.subjects import Deliverable


class ErrorClass(enum.StrEnum):
    """What a failure means for the ledger."""

    TRANSIENT = "transient"  # retry with backoff (5xx, timeouts, dropped connections)
    AUTH = "auth"  # refresh credentials once, then retry
    RATE = "rate"  # wait (Retry-After or the channel's window), then retry; attempts not consumed
    QUOTA = "quota"  # parked: a person chooses 明天再发 (the next quota window) or 取消; attempts not consumed
    CONTENT = "content"  # stop: a person must change the content (too long, bad image, rejected)
    # Stop this row alone: the channel refused something of its own (its publish job, a call about its article),
    # not its content and not the target; the target's other rows go on, and a person retries or cancels this one.
    ROW = "row"
    # The target's own (credentials, allow-list, a partner gone): the target pauses and its rows wait with this one
    # until an administrator fixes it and re-enables the target. Only for what every row of the target would meet.
    CONFIG = "config"


#: Classes after which the row stops and waits for a person (config: an administrator, for the whole target).
NEEDS_PERSON = {ErrorClass.CONTENT, ErrorClass.ROW, ErrorClass.CONFIG}


class DeliveryError(Exception):
    """A classified failure: English for the log, Chinese for the editor."""

    def __init__(
        self,
        error_class: ErrorClass,
        message_en: str,
        message_zh: str,
        *,
        retry_after: float | None = None,
        code: str | int | None = None,
    ) -> None:
        super().__init__(message_en)
        self.error_class = ErrorClass(error_class)
        self.message_en = message_en
        self.message_zh = message_zh
        self.retry_after = retry_after
        self.code = code


class OutcomeState(enum.StrEnum):
    DELIVERED = "delivered"  # the channel confirmed: done
    SUBMITTED = "submitted"  # accepted, confirmation pending: the ledger polls (or waits for a callback)


@dataclass
class Outcome:
    state: OutcomeState
    external_id: str = ""  # the channel's id (WeChat publish_id/article_id, partner's message id, ...)
    external_url: str = ""  # where a person can see the delivered item
    detail: dict[str, Any] = field(default_factory=dict)  # anything worth keeping on the row
    poll_after: float | None = None  # seconds until the next status poll, for SUBMITTED


class Checkpoints:
    """Resumable progress of one delivery: steps already done survive a crash and are not repeated."""

    def __init__(self, data: dict[str, Any] | None, save: Callable[[dict[str, Any]], None]) -> None:
        self._data = dict(data or {})
        self._save = save

    def get(self, step: str, default: Any = None) -> Any:
        return self._data.get(step, default)

    def done(self, step: str) -> bool:
        return step in self._data

    def record(self, step: str, value: Any) -> None:
        """Persist a finished step at once (its own small transaction) before the next one starts."""
        self._data[step] = value
        self._save(dict(self._data))

    def as_dict(self) -> dict[str, Any]:
        return dict(self._data)


class ChannelAdapter(ABC):
    """One channel. Subclasses set `channel` (code name) and `label` (Chinese) and register themselves."""

    channel: ClassVar[str]
    label: ClassVar[str]

    # -- configuration ----------------------------------------------------------------------------
    def status(self) -> tuple[bool, str]:
        """(enabled, reason in Chinese when not): e.g. WeChat without WECHAT_APP_ID is off and says so."""
        return True, ""

    @abstractmethod
    def targets(self, subject: Deliverable) -> list[str]:
        """Target keys this subject goes to on this channel (one ledger row each); empty when the channel is off.

        Adapters accept a Subject or a bare release row (channels.subjects.as_subject wraps it)."""

    # -- one delivery -----------------------------------------------------------------------------
    def validate(self, subject: Deliverable, target: str) -> list[str]:
        """Problems (Chinese) that make delivery pointless before trying; empty when fine."""
        return []

    @abstractmethod
    def render(self, subject: Deliverable, target: str, options: dict[str, Any]) -> Any:
        """The channel payload, through media_templates' pure renderers."""

    @abstractmethod
    def deliver(
        self, subject: Deliverable, target: str, payload: Any, checkpoints: Checkpoints, options: dict[str, Any]
    ) -> Outcome:
        """Send it, resuming after the last recorded checkpoint; raise DeliveryError on failure."""

    def poll(self, subject: Deliverable, target: str, external_id: str, checkpoints: Checkpoints) -> Outcome | None:
        """For SUBMITTED rows: the confirmed Outcome, or None while still pending; raise DeliveryError on failure."""
        return None

    def handle_callback(self, request: HttpRequest) -> HttpResponse:
        """A channel's push notification (e.g. WeChat PUBLISHJOBFINISH); only some channels have one."""
        raise NotImplementedError(f"{self.channel} has no callback")

    def retract(
        self, subject: Deliverable, target: str, external_id: str, options: dict[str, Any] | None = None
    ) -> None:
        """Take delivered content back where the channel allows it; raise DeliveryError otherwise. `options` are
        the row's (as for render, with its key): a row may deliver one of several items of a version (a
        follow-up's own item, channels.subjects.policy.row_variants), and the retraction must name that one."""
        raise DeliveryError(ErrorClass.CONTENT, f"{self.channel} cannot retract", f"{self.label}不支持撤回")

    def classify(self, exc: Exception) -> DeliveryError:
        """Map an unexpected exception to a class; adapters refine this for their client's errors."""
        if isinstance(exc, DeliveryError):
            return exc
        return DeliveryError(
            ErrorClass.TRANSIENT, f"{type(exc).__name__}: {exc}", f"{self.label}暂时无法连接,将自动重试"
        )


_REGISTRY: dict[str, ChannelAdapter] = {}


def register(adapter_class: type[ChannelAdapter]) -> type[ChannelAdapter]:
    """Class decorator: make an adapter known to the ledger. A channel has one adapter: a second class for the
    same channel is a configuration error, not a silent replacement of the first."""
    known = _REGISTRY.get(adapter_class.channel)
    if known is not None:
        raise ImproperlyConfigured(
            f"channel {adapter_class.channel!r} is served by {type(known).__module__}.{type(known).__qualname__}; "
            f"{adapter_class.__module__}.{adapter_class.__qualname__} cannot register it again"
        )
    _REGISTRY[adapter_class.channel] = adapter_class()
    return adapter_class


def unregister(channel: str) -> None:
    """Forget a channel's adapter (a test's throwaway channel); KeyError for an unknown channel."""
    del _REGISTRY[channel]


def get_adapter(channel: str) -> ChannelAdapter:
    """The channel's adapter; KeyError for a channel no installed adapter serves."""
    return _REGISTRY[channel]


def find_adapter(channel: str) -> ChannelAdapter | None:
    return _REGISTRY.get(channel)


def all_adapters() -> list[ChannelAdapter]:
    return list(_REGISTRY.values())
