"""Copies of every audit entry off this host: one JSON line per entry on the logger "security.audit", to syslog
(AUDIT_SYSLOG_ADDRESS, UDP host:port or a local socket such as /dev/log) and/or a file (AUDIT_LOG_FILE, reopened
when logrotate moves it). Sent after the transaction commits; a target that is down never blocks or fails the
write, the chain in the database stays the record of truth.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import socket
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from .chain import canonical_time

if TYPE_CHECKING:
    from .models import AuditRecord

LOGGER_NAME = "security.audit"
IDENT = "cms-audit: "
logger = logging.getLogger(LOGGER_NAME)
warnings = logging.getLogger("security")
_configured: tuple[str, str] | None = None


class QuietMixin:
    """A handler whose failures (target down, disk full) are noted once in the app's log, never raised."""

    failed = False

    def handleError(self, record):  # noqa: N802 - logging's name
        if not self.failed:
            self.failed = True
            warnings.warning("audit log shipping to %s failed; entries stay in the database", self)


class QuietSysLogHandler(QuietMixin, logging.handlers.SysLogHandler):
    pass


class QuietFileHandler(QuietMixin, logging.handlers.WatchedFileHandler):
    pass


def _syslog_handler(address: str) -> logging.Handler:
    if address.startswith("/"):
        return QuietSysLogHandler(address=address, facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV)
    host, _, port = address.rpartition(":")
    return QuietSysLogHandler(
        address=(host.strip("[]") or "127.0.0.1", int(port or 514)),
        facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV,
        socktype=socket.SOCK_DGRAM,
    )


def _handlers(syslog_address: str, path: str) -> list[logging.Handler]:
    handlers: list[logging.Handler] = []
    for name, make, target in (("syslog", _syslog_handler, syslog_address), ("file", QuietFileHandler, path)):
        if not target:
            continue
        try:
            handler = make(target)
        except (OSError, ValueError) as exc:
            warnings.warning("audit log shipping to %s %s unavailable: %s", name, target, exc)
            continue
        if isinstance(handler, logging.handlers.SysLogHandler):
            handler.ident = IDENT
        handler.setFormatter(logging.Formatter("%(message)s"))
        handlers.append(handler)
    return handlers


def configure() -> bool:
    """Attach the handlers the settings name (again when they changed); whether anything is to be shipped."""
    global _configured
    wanted = (getattr(settings, "AUDIT_SYSLOG_ADDRESS", "") or "", getattr(settings, "AUDIT_LOG_FILE", "") or "")
    if wanted != _configured:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()
        for handler in _handlers(*wanted):
            logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # the console has its own log; these lines are for the collector
        _configured = wanted
    return bool(logger.handlers)


def line(entry: AuditRecord) -> str:
    return json.dumps(
        {
            "sequence": entry.sequence,
            "time": canonical_time(entry.time),
            "action": entry.action,
            "label": entry.label,
            "outcome": entry.outcome,
            "actor_id": entry.actor_id,
            "actor": entry.actor_username,
            "actor_name": entry.actor_name,
            "address": entry.address,
            "object_type": entry.content_type_id,
            "object_id": entry.object_id,
            "object": entry.object_repr,
            "detail": entry.detail,
            "prev_hash": entry.prev_hash,
            "hash": entry.hash,
        },
        ensure_ascii=False,
        sort_keys=True,
        cls=DjangoJSONEncoder,
    )


def ship(entry: AuditRecord) -> None:
    try:
        if configure():
            logger.info(line(entry))
    except Exception:  # noqa: BLE001 - shipping is a copy; the database write already stands
        warnings.exception("audit log shipping failed for entry %s", entry.sequence)


def ship_after_commit(entry: AuditRecord) -> None:
    transaction.on_commit(lambda: ship(entry), robust=True)
