"""The tamper-evident audit log of security and publishing events (等保 2.0): `record()` appends one entry to a
SHA-256 hash chain (records.py, chain.py), `verify()` walks it (manage.py verify_audit_log), receivers.py writes
the events, retention.py prunes, shipping.py copies each entry to syslog or a file, views.py lists and exports.

    from security import audit
    audit.record("channel.retry", actor=user, target=delivery, detail={"note": "..."})
"""

from .chain import verify
from .labels import ACTIONS, label_for
from .records import record

__all__ = ["ACTIONS", "label_for", "record", "verify"]
