"""What a partner pulls: every kind of subject (policy releases, republications, event phases) and the updates of
event announcements (rescheduled, cancelled, details changed), merged in release order, with one opaque cursor
that keeps a position in each stream.

The cursor "r3:<policy>.<republication>.<event>.<update>" holds the last id seen of each stream (release ids;
for updates, the id of the update's website ledger row, written once per update); ids only grow within a
stream, so paging stays stable while new releases arrive. Older cursors still work: "r1:<policy>" and
"r2:<policy>.<republication>.<event>" have seen none of the later streams, so the next pull brings those too.

A follow-up release (追加解读) gives two entries, as its push does: the policy's update and the follow-up's own item
(each with its own per-item ninjs version); the cursor counts releases, not versions.

Filters as for push: a partner with a document-type filter takes policies of those types only (republications
and events have no type); a topic filter matches a republication's topic and an event's related policies.
"""

from __future__ import annotations

import base64
import binascii
import heapq
from typing import NamedTuple

from channels.models import Delivery
from channels.subjects import EVENT, POLICY, REPUBLICATION, UPDATE_OPTION, WEBSITE, Subject, as_subject
from channels.subjects.base import FOLLOW_UP_ITEM
from channels.watcher.models import RepublicationPage, RepublicationRelease
from interpretation.events.models import EventPage, EventRelease

from .audience import releases_for
from .models import PressPartner

UPDATE = "update"
STREAMS = (POLICY, REPUBLICATION, EVENT, UPDATE)
#: What one feed entry stands for: a policy, a republication, an event's phase (its latest release wins; an
#: update of an announcement stands for the announcement).
ITEMS = {
    POLICY: lambda r: r.policy_id,
    REPUBLICATION: lambda r: r.page_id,
    EVENT: lambda r: (r.event_id, r.phase),
    UPDATE: lambda r: (r.event_release.event_id, r.event_release.phase),
}


class PullItem(NamedTuple):
    """One entry: a subject and the options it renders with (an update's options say what changed)."""

    subject: Subject
    options: dict

    def ninjs(self) -> dict:
        return self.subject.ninjs(self.options)

    def content(self):
        return self.subject.content(self.options)


class BadCursor(ValueError):
    pass


def encode_cursor(positions: dict[str, int]) -> str:
    text = "r3:" + ".".join(str(positions.get(stream, 0)) for stream in STREAMS)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, int]:
    if not cursor:
        return dict.fromkeys(STREAMS, 0)
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadCursor(cursor) from None
    prefix, _, numbers = text.partition(":")
    parts = numbers.split(".")
    streams = {"r1": STREAMS[:1], "r2": STREAMS[:3], "r3": STREAMS}.get(prefix)
    if streams is None or len(parts) != len(streams) or not all(p.isdigit() for p in parts):
        raise BadCursor(cursor)
    return {**dict.fromkeys(STREAMS, 0), **dict(zip(streams, map(int, parts), strict=True))}


def streams_for(partner: PressPartner) -> dict:
    """One queryset of release rows per kind, in id order, already narrowed to public pages and the filters."""
    streams = {POLICY: releases_for(partner)}
    if partner.document_types:
        return streams
    republications = RepublicationRelease.objects.filter(page__in=RepublicationPage.objects.live().public())
    events = EventRelease.objects.filter(event__in=EventPage.objects.live().public())
    topic_ids = list(partner.topics.values_list("pk", flat=True))
    if topic_ids:
        republications = republications.filter(page__topic_id__in=topic_ids)
        events = events.filter(event__policies__topic_id__in=topic_ids).distinct()
    streams[REPUBLICATION] = republications.select_related("page", "revision").order_by("pk")
    streams[EVENT] = events.select_related("event").order_by("pk")
    streams[UPDATE] = (
        Delivery.objects.filter(channel=WEBSITE, event_release__in=events, options__has_key=UPDATE_OPTION)
        .select_related("event_release__event")
        .order_by("pk")
    )
    return streams


def _released_at(stream: str, row):
    return row.created_at if stream == UPDATE else row.released_at


def _item(stream: str, row) -> PullItem:
    if stream == UPDATE:
        return PullItem(as_subject(row.event_release), row.options)
    return PullItem(as_subject(row), {})


def _entries(stream: str, row) -> list[PullItem]:
    """A follow-up release is two entries, as pushed: the policy's update and the follow-up's own item."""
    entry = _item(stream, row)
    if stream == POLICY and row.follow_up_id:
        return [entry, PullItem(entry.subject, {FOLLOW_UP_ITEM: True})]
    return [entry]


def page(partner: PressPartner, positions: dict[str, int], size: int):
    """(items, next positions, has_more): the next `size` entries after `positions`, oldest first."""
    heads = []
    for stream, queryset in streams_for(partner).items():
        rows = list(queryset.filter(pk__gt=positions.get(stream, 0))[: size + 1])
        heads.append([(_released_at(stream, row), STREAMS.index(stream), row.pk, stream, row) for row in rows])
    merged = list(heapq.merge(*heads, key=lambda item: item[:3]))
    taken, positions = merged[:size], dict(positions)
    for _released, _order, pk, stream, _row in taken:
        positions[stream] = max(positions.get(stream, 0), pk)
    entries = [item for entry in taken for item in _entries(entry[3], entry[4])]
    items = [item for item in entries if item.subject.is_pullable()]
    return items, positions, len(merged) > size


def newest(partner: PressPartner, count: int) -> list[PullItem]:
    """The newest entry of each policy, republication and event phase, newest first (for the Atom feed)."""
    candidates = []
    for stream, queryset in streams_for(partner).items():
        for row in queryset.order_by("-pk")[: count * 3]:
            candidates.append((_released_at(stream, row), row.pk, stream, row))
    candidates.sort(key=lambda item: item[:2], reverse=True)
    chosen, seen = [], set()
    for _released, _pk, stream, row in candidates:
        key = (EVENT if stream == UPDATE else stream, ITEMS[stream](row))
        if key in seen:
            continue
        item = _item(stream, row)
        if not item.subject.is_pullable():
            continue
        seen.add(key)
        chosen.append(item)
        if len(chosen) == count:
            break
    return chosen
