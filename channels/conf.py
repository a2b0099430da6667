"""Tunables of the delivery ledger: a Django setting wins, then an environment variable, then the default.

The settings are not in cms/settings yet; until they are, the environment lets an operator (and the fault
suite, which needs short leases) change them without code.
"""

from __future__ import annotations

from django.conf import settings

from cms.foundation import config

DEFAULTS = {
    # A claimed row belongs to its worker this long; every checkpoint renews it. Longer than any single call.
    "DELIVERY_LEASE_SECONDS": 120.0,
    # Attempts a transient failure may consume before the row fails and waits for a person.
    "DELIVERY_MAX_ATTEMPTS": 8,
    # Exponential backoff: base * 2**(attempt-1), capped, with full jitter on the upper half.
    "DELIVERY_BACKOFF_SECONDS": 10.0,
    "DELIVERY_BACKOFF_MAX_SECONDS": 3600.0,
    # A worker woken by a bell keeps taking due rows for this long before it lets the task end.
    "DELIVERY_DRAIN_SECONDS": 60.0,
    # A due row whose bell rang this long ago without a worker taking it is offered again by the sweep.
    "DELIVERY_REOFFER_SECONDS": 60.0,
    # At most this long for a rate-limited channel's wait (None: as long as the channel asks); for drills.
    "DELIVERY_RATE_WAIT_SECONDS": None,
    # First status poll of a submitted row; later polls back off to DELIVERY_POLL_MAX_SECONDS.
    "DELIVERY_POLL_SECONDS": 3.0,
    "DELIVERY_POLL_MAX_SECONDS": 300.0,
    # A submitted row the channel has not confirmed after this long fails and waits for a person.
    "DELIVERY_CONFIRM_GIVE_UP_SECONDS": 86400.0,
    # Bells for retries due sooner than this ride a Celery countdown; later ones wait for the sweep.
    "DELIVERY_COUNTDOWN_MAX_SECONDS": 120.0,
    # The website channel: timeout of the confirming GET.
    "WEBSITE_CONFIRM_TIMEOUT": 10.0,
    # WeChat: how long after a call with an unknown outcome (timeout, dropped connection) we wait for its
    # effect to show in WeChat's lists before repeating it. None: three times WECHAT_TIMEOUT plus 5 s.
    "WECHAT_SETTLE_SECONDS": None,
}


def get(name: str):
    default = DEFAULTS[name]
    value = getattr(settings, name, None)
    if value is None:
        raw = config.env(name)
        if raw is None:
            return default
        try:
            value = float(raw)
        except ValueError:
            raise config.ConfigError(name, f"expected a number, got {raw!r}") from None
    return int(value) if isinstance(default, int) and not isinstance(default, bool) else float(value)


def wechat_settle_seconds() -> float:
    value = get("WECHAT_SETTLE_SECONDS")
    if value is not None:
        return float(value)
    return 3 * float(getattr(settings, "WECHAT_TIMEOUT", 10) or 10) + 5
