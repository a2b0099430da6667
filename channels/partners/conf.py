"""Partner tunables: a Django setting wins, then an environment variable, then the default (as channels.conf).

Not in cms/settings yet; the environment lets `make run` point the demo partner at the loopback receiver and
lets a real worker started by a test trust it.
"""

from __future__ import annotations

from django.conf import settings

from cms.foundation import config


def private_ok_hosts() -> tuple[str, ...]:
    """Webhook hosts allowed to resolve to loopback/private addresses. Empty by default: production trusts none."""
    value = getattr(settings, "PARTNER_WEBHOOK_PRIVATE_HOSTS", None)
    if value is None:
        value = config.env_list("PARTNER_WEBHOOK_PRIVATE_HOSTS", [])
    return tuple(value)


def webhook_timeouts() -> tuple[float, float]:
    """(connect, read) seconds for a push: PARTNER_WEBHOOK_TIMEOUT is one number or a pair; default (5, 10)."""
    value = getattr(settings, "PARTNER_WEBHOOK_TIMEOUT", None)
    if value is None:
        raw = config.env("PARTNER_WEBHOOK_TIMEOUT")
        try:
            value = float(raw) if raw else (5.0, 10.0)
        except ValueError:
            raise config.ConfigError("PARTNER_WEBHOOK_TIMEOUT", f"expected seconds, got {raw!r}") from None
    if isinstance(value, int | float):
        return float(value), float(value)
    return float(value[0]), float(value[1])


def email_attachment_budget(default: int) -> int:
    """Bytes of attachments one e-mail may carry; larger files travel as links."""
    return int(getattr(settings, "PARTNER_EMAIL_MAX_ATTACHMENT_BYTES", None) or config.env_int(
        "PARTNER_EMAIL_MAX_ATTACHMENT_BYTES", default
    ))  # fmt: skip
