"""Retention: entries older than AUDIT_RETENTION_DAYS (at least 180, 等保 2.0's six months) are removed by the
scheduler, oldest first, and an `AuditAnchor` keeps the last removed entry's sequence and hash so the chain that is
left still verifies. The pruning is itself an entry. On PostgreSQL the append-only trigger lets this one DELETE
through because the transaction says `SET LOCAL audit.prune = 'on'`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import AuditAnchor, AuditRecord
from .records import lock_chain, record

PRUNE_SETTING = "audit.prune"


def cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=max(180, settings.AUDIT_RETENTION_DAYS))


def prune(now: datetime | None = None) -> int:
    """Remove the entries older than the retention period; how many were removed."""
    now = now or timezone.now()
    before = cutoff(now)
    with transaction.atomic():
        lock_chain()
        last = AuditRecord.objects.filter(time__lt=before).order_by("-sequence").first()
        if last is None:
            return 0
        count = AuditRecord.objects.filter(sequence__lte=last.sequence).count()
        AuditAnchor(sequence=last.sequence, hash=last.hash, time=last.time, pruned_at=now, count=count).save()
        table = connection.ops.quote_name(AuditRecord._meta.db_table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"SET LOCAL {PRUNE_SETTING} = 'on'")
            cursor.execute(f"DELETE FROM {table} WHERE sequence <= %s", [last.sequence])  # noqa: S608 - our table
            if connection.vendor == "postgresql":
                cursor.execute(f"SET LOCAL {PRUNE_SETTING} = 'off'")
        record(
            "audit.prune",
            detail={
                "count": count,
                "through_sequence": last.sequence,
                "older_than": before.isoformat(),
                "retention_days": settings.AUDIT_RETENTION_DAYS,
            },
        )
    return count
