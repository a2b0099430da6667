"""Phases of an event released to the public (预告, 回顾), each recorded once and signalled to channels."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from interpretation.events import audit, public_cache, signals
from interpretation.events.choices import EventState, ReleasePhase
from interpretation.events.models import EventPage, EventRelease


def _record_once(event, phase, revision=None, user=None) -> EventRelease | None:
    """The release row for this phase, or None when it was released before (idempotent on repeats)."""
    if EventRelease.objects.filter(event=event, phase=phase).exists():
        return None
    try:
        with transaction.atomic():
            return EventRelease.objects.create(event=event, phase=phase, revision=revision, released_by=user)
    except IntegrityError:  # two publishers at once: the other one recorded it
        return None


def on_event_published(event: EventPage, revision=None, user=None) -> None:
    """Called for every publish of a live event page: first the announcement, later the recap."""
    if not event.live:  # scheduling a never-published page also sends page_published
        return
    if event.state in (EventState.SCHEDULED, EventState.LIVE) and event.end > timezone.now():
        release = _record_once(event, ReleasePhase.ANNOUNCEMENT, revision, user)
        if release is not None:
            audit.record(event, audit.ANNOUNCED, user, release=release.pk)
            signals.event_announced.send(sender=EventPage, event=event, release=release)
    release_recap_if_ready(event, revision=revision, user=user)


def release_recap_if_ready(event: EventPage, revision=None, user=None) -> EventRelease | None:
    """The recap goes out once: when a concluded, public event first has a transcript, photos or video."""
    if not event.live or event.state != EventState.CONCLUDED or not event.has_recap:
        return None
    release = _record_once(event, ReleasePhase.RECAP, revision or event.live_revision, user)
    if release is not None:
        audit.record(event, audit.RECAP_RELEASED, user, release=release.pk)
        signals.event_recap_released.send(sender=EventPage, event=event, release=release)
    return release


def release_due_press_kits(now=None) -> list[EventRelease]:
    """Public events whose press kit embargo has passed and that have not been released yet."""
    now = now or timezone.now()
    due = (
        EventPage.objects.live()
        .public()
        .filter(press_kit_embargo_until__lte=now, press_kit__isnull=False)
        .exclude(releases__phase=ReleasePhase.PRESS_KIT)
        .distinct()
    )
    released = []
    for event in due:
        release = _record_once(event, ReleasePhase.PRESS_KIT)
        if release is not None:
            released.append(release)
            public_cache.event_changed(event)
            signals.press_kit_released.send(sender=EventPage, event=event, release=release)
    return released
