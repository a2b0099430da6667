"""What a partner pulls: every kind of subject (policy releases, republications, event phases), merged in release
order, with one opaque cursor that keeps a position in each kind's stream.

The cursor "r2:<policy>.<republication>.<event>" holds the last release id seen of each stream; ids only grow
within a stream, so paging stays stable while new releases arrive. An old "r1:<policy>" cursor still works
(it has seen no republication or event yet, so the next pull brings those too).

Filters as for push: a partner with a document-type filter takes policies of those types only (republications
and events have no type); a topic filter matches a republication's topic and an event's related policies.
"""

from __future__ import annotations

import base64
import binascii
import heapq

from channels.release_content import released_policy
from channels.subjects import EVENT, POLICY, REPUBLICATION, as_subject
from interpretation.choices import DisclosureAttribute

from .content import releases_for
from .models import PressPartner

STREAMS = (POLICY, REPUBLICATION, EVENT)
#: What one feed entry stands for: a policy, a republication, an event's phase (its latest release wins).
ITEMS = {POLICY: lambda r: r.policy_id, REPUBLICATION: lambda r: r.page_id, EVENT: lambda r: (r.event_id, r.phase)}


class BadCursor(ValueError):
    pass


def encode_cursor(positions: dict[str, int]) -> str:
    text = "r2:" + ".".join(str(positions.get(stream, 0)) for stream in STREAMS)
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
    if prefix == "r1" and len(parts) == 1 and parts[0].isdigit():
        return {POLICY: int(parts[0]), REPUBLICATION: 0, EVENT: 0}
    if prefix == "r2" and len(parts) == len(STREAMS) and all(p.isdigit() for p in parts):
        return dict(zip(STREAMS, map(int, parts), strict=True))
    raise BadCursor(cursor)


def streams_for(partner: PressPartner) -> dict:
    """One queryset of release rows per kind, in id order, already narrowed to public pages and the filters."""
    from channels.watcher.models import RepublicationPage, RepublicationRelease
    from interpretation.events.models import EventPage, EventRelease

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
    return streams


def is_pullable(subject) -> bool:
    """Policies: the signed revision itself was proactive (the stream checked the live page); others: public now."""
    if subject.kind == POLICY:
        return released_policy(subject.row).disclosure_attribute == DisclosureAttribute.PROACTIVE
    return subject.is_public()


def page(partner: PressPartner, positions: dict[str, int], size: int):
    """(subjects, next positions, has_more): the next `size` releases after `positions`, oldest first."""
    heads = []
    for stream, queryset in streams_for(partner).items():
        rows = list(queryset.filter(pk__gt=positions.get(stream, 0))[: size + 1])
        heads.append([(row.released_at, STREAMS.index(stream), row.pk, stream, row) for row in rows])
    merged = list(heapq.merge(*heads, key=lambda item: item[:3]))
    taken, positions = merged[:size], dict(positions)
    for _released, _order, pk, stream, _row in taken:
        positions[stream] = max(positions.get(stream, 0), pk)
    subjects = [subject for subject in (as_subject(item[4]) for item in taken) if is_pullable(subject)]
    return subjects, positions, len(merged) > size


def newest(partner: PressPartner, count: int) -> list:
    """The newest release of each policy, republication and event phase, newest first (for the Atom feed)."""
    candidates = []
    for stream, queryset in streams_for(partner).items():
        for row in queryset.order_by("-pk")[: count * 3]:
            candidates.append((row.released_at, row.pk, stream, row))
    candidates.sort(key=lambda item: item[:2], reverse=True)
    chosen, seen = [], set()
    for _released, _pk, stream, row in candidates:
        item = (stream, ITEMS[stream](row))
        if item in seen:
            continue
        subject = as_subject(row)
        if not is_pullable(subject):
            continue
        seen.add(item)
        chosen.append(subject)
        if len(chosen) == count:
            break
    return chosen
