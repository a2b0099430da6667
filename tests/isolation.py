"""What keeps pytest-xdist's process groups apart where they share a service (see cms.settings.test)."""

from __future__ import annotations

import re

from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


class PrefixedRedisClient(DefaultClient):
    """django-redis's client, but clear() deletes only this cache's keys (its KEY_PREFIX), not the whole database
    that other test processes share."""

    def clear(self, client=None) -> None:
        if client is None:
            client = self.get_client(write=True)
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self._backend.key_prefix) + ":*"
        try:
            batch = []
            for key in client.scan_iter(match=pattern, count=1000):
                batch.append(key)
                if len(batch) >= 1000:
                    client.unlink(*batch)
                    batch.clear()
            if batch:
                client.unlink(*batch)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            raise ConnectionInterrupted(connection=client) from exc
