"""Fault injection for simulators: per-endpoint or global probabilities drawn from a seeded RNG,
plus faults forced for the next N calls (deterministic tests).

Kinds:
  "http500"   answer HTTP 500 with an HTML body, no effect
  "errcode-1" answer {"errcode": -1, "errmsg": "system error"}, no effect
  "45011"     answer the minute-quota error, no effect
  "45009"     answer the daily API quota error, no effect
  "45028"     answer "no mass-send quota left", no effect (whatever the simulator's own count says)
  "40007"     answer "invalid media_id", no effect (as if a saved id was deleted, whatever the simulator knows)
  "hang"      sleep longer than the client's timeout, then process and answer (the effect lands late)
  "drop"      process (the effect happens), then close the connection without a reply
  "reject"    answer a permanent error (WeChat: a content error for the endpoint), no effect
"""

from __future__ import annotations

import random
import threading
from collections import defaultdict, deque

KINDS = ("http500", "errcode-1", "45011", "45009", "45028", "40007", "hang", "drop", "reject")
ANY = "*"


class FaultInjector:
    def __init__(self, rates: dict | None = None, seed: int = 0):
        """`rates` is {endpoint or "*": {kind: probability}} or, for every endpoint, {kind: probability}."""
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._rates: dict[str, dict[str, float]] = defaultdict(dict)
        self._forced: dict[str, deque] = defaultdict(deque)
        self.injected: list[tuple[str, str]] = []  # (endpoint, kind), in order
        rates = rates or {}
        if rates and all(key in KINDS for key in rates):
            rates = {ANY: rates}
        for endpoint, kinds in rates.items():
            for kind, probability in kinds.items():
                self.set_rate(endpoint, kind, probability)

    def set_rate(self, endpoint: str, kind: str, probability: float):
        self._check(kind)
        with self._lock:
            self._rates[endpoint][kind] = float(probability)

    def force(self, endpoint: str, kind: str, times: int = 1):
        """The next `times` calls to `endpoint` ("*" for any) get `kind`."""
        self._check(kind)
        with self._lock:
            self._forced[endpoint].extend([kind] * times)

    def clear(self):
        with self._lock:
            self._rates.clear()
            self._forced.clear()

    def pick(self, endpoint: str) -> str | None:
        with self._lock:
            for key in (endpoint, ANY):
                if self._forced.get(key):
                    return self._record(endpoint, self._forced[key].popleft())
            for key in (endpoint, ANY):
                for kind, probability in self._rates.get(key, {}).items():
                    if probability > 0 and self._rng.random() < probability:
                        return self._record(endpoint, kind)
        return None

    def count(self, kind: str | None = None, endpoint: str | None = None) -> int:
        return sum(1 for ep, k in self.injected if (kind is None or k == kind) and (endpoint is None or ep == endpoint))

    def _record(self, endpoint: str, kind: str) -> str:
        self.injected.append((endpoint, kind))
        return kind

    @staticmethod
    def _check(kind: str):
        if kind not in KINDS:
            raise ValueError(f"unknown fault {kind!r}; expected one of {', '.join(KINDS)}")
