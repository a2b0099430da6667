"""Counting question submissions per client address and per session in the shared cache (Redis in production), so
that every web process sees the same counts.

The address is cms.foundation.client.client_address: behind the documented reverse proxy REMOTE_ADDR is the proxy,
and counting it would let one reader close the form for everyone. Up to QUESTION_CHALLENGE_AFTER submissions in the
window go through as they are; after that each one needs the captcha, and past the hard limits none goes through.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from cms.foundation.client import client_address

SCOPES = ("address", "session")


def digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


def _limits() -> dict[str, int]:
    return {"address": settings.QUESTION_ADDRESS_LIMIT, "session": settings.QUESTION_SESSION_LIMIT}


def _key(scope: str, identity: str) -> str:
    return f"events:ask:{scope}:{digest(identity)}"


def _identity(request, scope: str, create: bool) -> str | None:
    if scope == "address":
        return client_address(request)
    if not request.session.session_key and create:
        request.session.save()  # only once the address is within its limit
    return request.session.session_key


def _hit(key: str, window: int) -> int:
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


@dataclass(frozen=True)
class Attempt:
    allowed: bool  # within the hard limits
    challenged: bool  # the captcha is required for this attempt


def count_attempt(request) -> Attempt:
    """Count this attempt in each scope, address first; refused as soon as one is over its limit."""
    window, limits, seen = settings.QUESTION_WINDOW_SECONDS, _limits(), 0
    for scope in SCOPES:
        identity = _identity(request, scope, create=True) or ""
        count = _hit(_key(scope, identity), window)
        if count > limits[scope]:
            return Attempt(allowed=False, challenged=True)
        seen = max(seen, count)
    return Attempt(allowed=True, challenged=seen > settings.QUESTION_CHALLENGE_AFTER)


def next_attempt_challenged(request) -> bool:
    """Whether the next attempt will need the captcha (without counting anything): for the question page."""
    for scope in SCOPES:
        identity = _identity(request, scope, create=False)
        if identity and (cache.get(_key(scope, identity)) or 0) >= settings.QUESTION_CHALLENGE_AFTER:
            return True
    return False


def client_digest(request) -> str:
    """The hashed client address stored with a question (never the address itself)."""
    return digest(client_address(request))
