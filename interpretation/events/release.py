"""Phases of an event released to the public (预告, 回顾), each recorded once and signalled to channels."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageLogEntry

from interpretation.events import audit, public_cache, signals
from interpretation.events.choices import EventState, ReleasePhase
from interpretation.events.models import EventPage, EventRelease

#: What the press needs to attend, as announced: a change to any of these after the announcement went out is
#: sent as an update to whoever got it (a changed date goes through lifecycle.change_date, with a reason).
ANNOUNCED_FACTS = {"title": _("标题"), "place": _("地点"), "online_url": _("线上地址")}


def announced_facts(event) -> dict[str, str]:
    return {field: str(getattr(event, field) or "") for field in ANNOUNCED_FACTS}


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
        else:
            _tell_changed_facts(event, revision, user)
    release_recap_if_ready(event, revision=revision, user=user)


def _facts_last_told(event, announcement: EventRelease) -> dict[str, str] | None:
    """The facts as the channels last heard them: the latest change sent, else the announced revision."""
    entry = PageLogEntry.objects.filter(page_id=event.pk, action=audit.DETAILS_CHANGED).order_by("-timestamp", "-pk")
    latest = entry.values_list("data", flat=True).first()
    if latest and latest.get("facts"):
        return latest["facts"]
    revision = announcement.revision
    if revision is None:
        return None
    return announced_facts(revision.as_object())


def _tell_changed_facts(event: EventPage, revision, user) -> None:
    """An announced, still upcoming event published again with another title, place or online address."""
    announcement = EventRelease.objects.filter(event=event, phase=ReleasePhase.ANNOUNCEMENT).first()
    if announcement is None or revision is None:
        return
    before, now = _facts_last_told(event, announcement), announced_facts(event)
    if before is None or before == now:
        return
    changes = {field: [before.get(field, ""), value] for field, value in now.items() if before.get(field, "") != value}
    audit.record(event, audit.DETAILS_CHANGED, user, facts=now, changes=changes, revision=revision.pk)
    signals.event_details_changed.send(sender=EventPage, event=event, changes=changes, change_id=revision.pk)


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
