"""The one memo of built content: a release fans out to every partner within seconds, so each worker builds a
version's content (or a payload rendered from it) once and shares it between its deliveries for a short while.

Keys carry the version's release time as well as its id: test databases reuse ids after a rollback, a release's
time is never reused. A later withdrawal shows in the next build; whether a subject is public is asked each time.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

CONTENT_TTL_SECONDS = 60.0
_CACHE_SIZE = 64
_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()
_building: dict[Hashable, threading.Lock] = {}
_MISSING = object()


def _fresh(key: Hashable, now: float):
    hit = _cache.get(key)
    if hit is None or now - hit[0] >= CONTENT_TTL_SECONDS:
        return _MISSING
    _cache.move_to_end(key)
    return hit[1]


def shared(key: Hashable, build: Callable[[], Any]) -> Any:
    """`build()`'s value for `key`, built once: bounded, short-lived and thread-safe (worker threads share it).

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
