"""Counting submissions per address and per session in the shared cache (Redis in production), so
that every web process sees the same counts."""

import hashlib

from django.conf import settings
from django.core.cache import cache

#: (scope, limit, window in seconds); override with settings.EVENTS_QUESTION_THROTTLE.
DEFAULT_LIMITS = (("ip", 10, 600), ("session", 5, 600))


def client_address(request) -> str:
    """REMOTE_ADDR: the proxy in front must set it to the reader's address (X-Forwarded-For is not trusted)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


def _hit(key: str, window: int) -> int:
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def allow_question(request) -> bool:
    """Count this attempt in each scope, address first; False as soon as one is over its limit."""
    for scope, limit, window in getattr(settings, "EVENTS_QUESTION_THROTTLE", DEFAULT_LIMITS):
        if scope == "session":
            if not request.session.session_key:
                request.session.save()  # only once the address is within its limit
            identity = request.session.session_key
        else:
            identity = client_address(request)
        if _hit(f"events:ask:{scope}:{digest(identity)}", window) > limit:
            return False
    return True
