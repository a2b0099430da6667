"""The ledger listens to every release of content: its rows are written in the publishing transaction, and the
bells ring on commit (a rolled-back publish leaves no row and rings nothing).

- a policy bundle (interpretation.signals.policy_bundle_released): the channels of its interpretation plan;
- a republication (channels.watcher.signals.republication_released): the website and partners (WeChat only with
  the WECHAT_REPUBLICATIONS setting), see channels.subjects;
- an event's announcement (预告) and recap (回顾): the website and partners (WeChat for announcements only with
  WECHAT_EVENT_ANNOUNCEMENTS); its press kit when the embargo ends: partners only.
"""

from django.dispatch import receiver

from channels.ledger.rows import create_deliveries, create_updates
from channels.models import Delivery
from channels.subjects import CANCELLED, PARTNER_CHANNELS, RESCHEDULED, UPDATE_OPTION, UPDATED, WEBSITE
from channels.watcher.signals import republication_released
from interpretation.events import signals as event_signals
from interpretation.events.choices import ReleasePhase
from interpretation.events.models import EventRelease
from interpretation.signals import policy_bundle_released


@receiver(policy_bundle_released, dispatch_uid="channels.create_deliveries")
def on_bundle_released(sender, release, **kwargs):

    create_deliveries(release)


@receiver(republication_released, dispatch_uid="channels.republication_deliveries")
def on_republication_released(sender, release, **kwargs):

    create_deliveries(release)


@receiver(event_signals.event_announced, dispatch_uid="channels.event_announced_deliveries")
@receiver(event_signals.event_recap_released, dispatch_uid="channels.event_recap_deliveries")
@receiver(event_signals.press_kit_released, dispatch_uid="channels.press_kit_deliveries")
def on_event_released(sender, event, release, **kwargs):

    create_deliveries(release)


@receiver(event_signals.event_rescheduled, dispatch_uid="channels.event_rescheduled_updates")
def on_event_rescheduled(sender, event, change, **kwargs):
    """A public event's confirmed date changed: whoever got its announcement gets the new date.

    What a serious product does: the announcement is a promise to the press and to readers, so a changed date
    or a cancellation must reach everyone who got it, and only them. Partners get an update of the same ninjs
    item (same uri, higher version, `event.rescheduled` / `event.cancelled`, an ednote saying what changed);
    the website purges its caches and confirms the page again. WeChat gets nothing automatically: a published
    article cannot be edited and a second article is an editor's decision (the office posts a notice itself).
    Each change is one row per target (keys end with ":rescheduled-<change id>" or ":cancelled"), so a repeated
    signal writes nothing twice. An event never announced (never public) has no one to tell.
    """

    announcement = _announcement(event)
    if announcement is None:
        return
    options = {
        UPDATE_OPTION: RESCHEDULED,
        "reason": change.reason,
        "version": _next_version(announcement),
        "changed_at": change.changed_at.isoformat(),
        "change_id": change.pk,
    }
    create_updates(announcement, f"{RESCHEDULED}-{change.pk}", options, channels=_update_channels())


@receiver(event_signals.event_cancelled, dispatch_uid="channels.event_cancelled_updates")
def on_event_cancelled(sender, event, **kwargs):
    """A public event was cancelled: an `event.cancelled` update to whoever got its announcement (see above)."""
    from django.utils import timezone

    announcement = _announcement(event)
    if announcement is None:
        return
    options = {
        UPDATE_OPTION: CANCELLED,
        "reason": event.cancellation_reason,
        "version": _next_version(announcement),
        "changed_at": (event.state_changed_at or timezone.now()).isoformat(),
    }
    create_updates(announcement, CANCELLED, options, channels=_update_channels())


@receiver(event_signals.event_details_changed, dispatch_uid="channels.event_details_updates")
def on_event_details_changed(sender, event, changes, change_id, **kwargs):
    """An announced event's title, place or online address changed: an `event.updated` update (see above)."""
    from django.utils import timezone

    announcement = _announcement(event)
    if announcement is None:
        return
    options = {
        UPDATE_OPTION: UPDATED,
        "changes": changes,
        "version": _next_version(announcement),
        "changed_at": timezone.now().isoformat(),
        "change_id": change_id,
    }
    create_updates(announcement, f"{UPDATED}-{change_id}", options, channels=_update_channels())


def _next_version(announcement) -> int:
    """The announcement is version 1 of its ninjs item; each update (whatever its kind) the next number, so a
    partner can always tell the newest."""

    sent = Delivery.objects.filter(event_release=announcement, options__event_update__isnull=False)
    return 1 + max((int(options.get("version") or 1) for options in sent.values_list("options", flat=True)), default=1)


def _announcement(event):

    return EventRelease.objects.filter(event_id=event.pk, phase=ReleasePhase.ANNOUNCEMENT).first()


def _update_channels() -> list[str]:

    return [WEBSITE, *PARTNER_CHANNELS]
