"""The access token, shared by every process through Django's cache, and the lock around fetching it.

The lock is `cache.add` of a value unique to its holder, with a timeout so a crashed holder cannot keep
it; on Redis `add` is atomic (SET NX). Django's file cache implements `add` as "has_key, then set", which
two processes can both win, so there the lock is a file created with O_EXCL in the cache's folder. Even a
lost race would cost one extra `stable_token` call and nothing else: without force_refresh it hands every
caller the same token.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from pathlib import Path

from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache

REFRESH_MARGIN = 300  # fetch again when a token has less than this many seconds left
FORCE_REFRESH_INTERVAL = 600  # at most one force_refresh per account per ten minutes (20 a day allowed)


class CacheLock:
    def __init__(self, cache, key: str, timeout: float):
        self.cache, self.key, self.timeout = cache, key, timeout
        self.owner = uuid.uuid4().hex
        self.held = False
        self.path = None
        if isinstance(cache, FileBasedCache):
            # Django's FileBasedCache keeps its folder (LOCATION, made absolute) in _dir, absent from django-stubs.
            folder = cache._dir  # type: ignore[attr-defined]
            self.path = Path(folder) / f"{hashlib.sha1(key.encode()).hexdigest()}.lock"

    def acquire(self, wait: float) -> bool:
        deadline = time.monotonic() + wait
        while True:
            if self._try():
                self.held = True
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def _try(self) -> bool:
        if self.path is None:
            return self.cache.add(self.key, self.owner, timeout=max(1, int(self.timeout)))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            return True
        except FileExistsError:
            try:  # a holder that crashed: its lock times out like a cache entry would
                if time.time() - self.path.stat().st_mtime > self.timeout:
                    self.path.unlink(missing_ok=True)
            except FileNotFoundError:
                pass
            return False

    def release(self):
        if self.held and self.path is not None:
            self.path.unlink(missing_ok=True)
        elif self.held and self.cache.get(self.key) == self.owner:
            self.cache.delete(self.key)
        self.held = False


class TokenStore:
    """The cached token of one account at one API base URL (a simulator's tokens never mix with real ones)."""

    def __init__(self, appid: str, base_url: str, cache_alias: str = "default"):
        self.cache = caches[cache_alias]
        self.namespace = f"wechat:{appid}:{hashlib.sha1(base_url.encode()).hexdigest()[:10]}"
        self.key = f"{self.namespace}:access-token"

    def get(self) -> str | None:
        entry = self.cache.get(self.key)
        if entry and entry["expires_at"] - time.time() > REFRESH_MARGIN:
            return entry["token"]
        return None

    def put(self, token: str, expires_in: int):
        expires_in = int(expires_in)
        entry = {"token": token, "expires_at": time.time() + expires_in}
        self.cache.set(self.key, entry, timeout=max(1, expires_in - REFRESH_MARGIN))

    def discard(self, token: str):
        """Forget `token` if it is still the cached one (another process may have replaced it already)."""
        entry = self.cache.get(self.key)
        if entry and entry["token"] == token:
            self.cache.delete(self.key)

    def lock(self, timeout: float) -> CacheLock:
        return CacheLock(self.cache, f"{self.namespace}:token-lock", timeout)

    def may_force_refresh(self) -> bool:
        """True for the first caller in FORCE_REFRESH_INTERVAL: force_refresh is never used in a loop."""
        return self.cache.add(f"{self.namespace}:force-refresh", time.time(), timeout=FORCE_REFRESH_INTERVAL)
