"""What a release says: the policy as signed for it and its materials as of it, for every channel's renderer.

Rebuilt from the release row (the signed revisions), so a retried delivery renders the same payload and a
later draft never leaks to a channel. Only proactively disclosed (主动公开) policies leave the website.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import OrderedDict

from wagtail.models import Revision

from interpretation.bundle_content import policy_content
from interpretation.choices import DisclosureAttribute
from interpretation.models import BundleRelease, MaterialPage, PolicyDocumentPage
from interpretation.models.policy import public_policies
from media_templates.content import PolicyContent

#: A release fans out to every partner within seconds: each worker builds its content once and shares it for
#: this long (a later withdrawal of a material shows in the next build; is_public_release is checked each time).
CONTENT_TTL_SECONDS = 60.0
_CACHE_SIZE = 64
_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()
_building: dict[tuple, threading.Lock] = {}
_MISSING = object()


def _fresh(key: tuple, now: float):
    hit = _cache.get(key)
    if hit is None or now - hit[0] >= CONTENT_TTL_SECONDS:
        return _MISSING
    _cache.move_to_end(key)
    return hit[1]


def _memo(key: tuple, build):
    """Bounded, short-lived, thread-safe memo (worker threads share it). Keys carry the release's time as well as
    its id: test databases reuse ids after a rollback, a release's time is never reused.

    One thread builds a key while the others wait for its result: a release's fifty partner rows reach fifty
    threads at once, and fifty builds of the same content cost the CPU the deliveries need."""
    with _cache_lock:
        value = _fresh(key, time.monotonic())
        if value is not _MISSING:
            return value
        building = _building.setdefault(key, threading.Lock())
    with building:
        with _cache_lock:
            value = _fresh(key, time.monotonic())
        if value is not _MISSING:
            return value
        try:
            value = build()
            with _cache_lock:
                _cache[key] = (time.monotonic(), value)
                while len(_cache) > _CACHE_SIZE:
                    _cache.popitem(last=False)
        finally:
            with _cache_lock:
                _building.pop(key, None)
    return value


def _release_key(release: BundleRelease, *parts) -> tuple:
    return (release.pk, release.policy_revision_id, release.released_at.isoformat(), *parts)


def memo_for_release(release: BundleRelease, parts: tuple, build):
    """Share something built from a release's signed revisions (a rendered payload) between its deliveries."""
    return _memo(_release_key(release, *parts), build)


def released_policy(release: BundleRelease) -> PolicyDocumentPage:
    return release.policy_revision.as_object()


def is_public_release(release: BundleRelease) -> bool:
    """Public as released and as it stands now (a withdrawn or re-classified policy goes nowhere)."""
    released_attribute = _memo(
        _release_key(release, "disclosure"), lambda: released_policy(release).disclosure_attribute
    )
    if released_attribute != DisclosureAttribute.PROACTIVE:
        return False
    return public_policies().filter(pk=release.policy_id).exists()


def released_materials(release: BundleRelease) -> list[MaterialPage]:
    """The latest released revision of each material still live, as of this release, in page order."""
    revisions: dict[str, int] = {}
    earlier = BundleRelease.objects.filter(policy_id=release.policy_id, pk__lte=release.pk).order_by("pk")
    for material_revisions in earlier.values_list("material_revisions", flat=True):
        revisions.update(material_revisions or {})
    pages = MaterialPage.objects.live().filter(pk__in=[int(pk) for pk in revisions]).order_by("path")
    by_id = {r.pk: r for r in Revision.objects.filter(pk__in=revisions.values())}
    return [by_id[revisions[str(p.pk)]].as_object() for p in pages if revisions[str(p.pk)] in by_id]


def release_content(release: BundleRelease, options: dict | None = None) -> PolicyContent:
    """PolicyContent for the renderers; a correction (options["correction"]) is marked 更正 with its note.

    Frozen, so one build serves every partner of the release (see _memo)."""
    options = options or {}
    key = _release_key(release, "content", bool(options.get("correction")), str(options.get("correction_note") or ""))
    return _memo(key, lambda: _build_release_content(release, options))


def _build_release_content(release: BundleRelease, options: dict) -> PolicyContent:
    policy = released_policy(release)
    if policy.date_published is None:  # set on the live page by the release itself
        policy.date_published = release.policy.date_published or release.released_at.date()
    content = policy_content(policy, materials=released_materials(release), version=release.pk)
    changes = {"updated_at": release.released_at}
    if options.get("correction"):
        changes.update(is_correction=True, correction_note=str(options.get("correction_note") or ""))
    return dataclasses.replace(content, **changes)
