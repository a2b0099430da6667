"""The hash chain: each entry's SHA-256 covers a canonical JSON of its fields and the previous entry's hash, so a
row changed, removed or put in afterwards breaks the chain at that point, and `verify()` says where.

Retention pruning removes the oldest entries and leaves an `AuditAnchor` (the last pruned entry's sequence and
hash); the chain then starts from the newest anchor instead of from GENESIS.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone

from .models import AuditAnchor, AuditRecord

GENESIS = "0" * 64
#: The fields the hash covers, in the canonical JSON (sorted by key anyway).
HASHED_FIELDS = (
    "sequence",
    "time",
    "actor_id",
    "actor_username",
    "actor_name",
    "address",
    "action",
    "label",
    "content_type_id",
    "object_id",
    "object_repr",
    "outcome",
    "detail",
    "prev_hash",
)


def canonical_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(entry: AuditRecord) -> str:
    fields = {name: getattr(entry, name) for name in HASHED_FIELDS}
    fields["time"] = canonical_time(entry.time)
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def compute_hash(entry: AuditRecord) -> str:
    return hashlib.sha256(canonical(entry).encode("utf-8")).hexdigest()


def start() -> tuple[int, str]:
    """The sequence and hash the chain continues from when no entry is left: the newest anchor, or the genesis."""
    anchor = AuditAnchor.objects.order_by("-sequence").first()
    return (anchor.sequence, anchor.hash) if anchor else (0, GENESIS)


@dataclass(frozen=True)
class Break:
    sequence: int
    time: datetime | None
    problem: str

    def describe(self) -> str:
        when = timezone.localtime(self.time).strftime("%Y-%m-%d %H:%M:%S") if self.time else "—"
        return f"审计日志链路断裂：第 {self.sequence} 条（{when}）{self.problem}"


@dataclass(frozen=True)
class Verification:
    count: int
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def describe(self) -> str:
        if self.broken is not None:
            return self.broken.describe()
        return f"审计日志完整：{self.count} 条记录，链路校验通过"


def verify() -> Verification:
    """Walk the chain in sequence order and recompute every hash; the first broken link ends the walk."""
    sequence, previous = start()
    count = 0
    for entry in AuditRecord.objects.filter(sequence__gt=sequence).order_by("sequence").iterator(chunk_size=2000):
        expected = sequence + 1
        if entry.sequence != expected:
            gap = f"{expected}" if entry.sequence == expected + 1 else f"{expected}–{entry.sequence - 1}"
            missing = f"第 {gap} 条"
            return Verification(count, Break(entry.sequence, entry.time, f"之前的{missing}记录缺失（被删除）"))
        if entry.prev_hash != previous:
            return Verification(
                count,
                Break(entry.sequence, entry.time, "记录的前一条哈希与上一条记录不符（上一条被修改或替换）"),
            )
        if compute_hash(entry) != entry.hash:
            return Verification(
                count,
                Break(
                    entry.sequence,
                    entry.time,
                    f"内容与哈希不符（本条被修改）：现为事件 {entry.action}，结果 {entry.outcome}",
                ),
            )
        sequence, previous = entry.sequence, entry.hash
        count += 1
    return Verification(count, None)
