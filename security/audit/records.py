"""Appending to the audit log: `record(action, request=..., actor=..., target=..., outcome=..., detail=...)`.

Appends are serialized so the chain never forks: on PostgreSQL by a transaction-scoped advisory lock taken before
the chain's head is read, on SQLite by its single writer (and the unique sequence, retried). An entry written inside
a transaction that rolls back goes with it: the event did not happen. Secrets never enter the detail.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone

from cms.foundation import acting
from cms.foundation.client import UNKNOWN, client_address

from . import shipping
from .chain import compute_hash, start
from .labels import label_for
from .models import AuditRecord

#: pg_advisory_xact_lock key of the chain ("audit" in ASCII).
LOCK_KEY = 0x6175646974
SECRET_MARKERS: tuple[str, ...] = ("password", "passwd", "secret", "token", "otp", "apikey", "api_key", "private_key")
SECRET_MARKERS += ("access_key", "credential", "cookie", "signature")
REDACTED = "[已隐去]"
ATTEMPTS = 5


def is_secret(key: str) -> bool:
    lowered = str(key).lower()
    return any(marker in lowered for marker in SECRET_MARKERS)


def scrub(value: Any) -> Any:
    """The detail as plain JSON, with the value of every key that smells of a secret replaced."""
    if isinstance(value, dict):
        return {str(key): REDACTED if is_secret(key) else scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [scrub(item) for item in value]
    return value


def _plain(detail: dict | None) -> dict:
    return json.loads(json.dumps(scrub(detail or {}), cls=DjangoJSONEncoder, ensure_ascii=False))


def lock_chain() -> None:
    """Hold the chain until this transaction ends; the caller is inside atomic()."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _actor(request, actor):
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if actor is None:
        actor = acting.request_user()
    return actor if actor is not None and getattr(actor, "pk", None) is not None else None


def _target_fields(target: Model | None) -> dict:
    if target is None:
        return {"content_type": None, "object_id": "", "object_repr": ""}
    from django.contrib.contenttypes.models import ContentType  # lazy: contenttypes' models need ready apps

    return {
        "content_type": ContentType.objects.get_for_model(target, for_concrete_model=False),
        "object_id": str(target.pk or ""),
        "object_repr": str(target)[:255],
    }


def _append(fields: dict) -> AuditRecord:
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                lock_chain()
                last = AuditRecord.objects.order_by("-sequence").values_list("sequence", "hash").first()
                sequence, previous = last or start()
                entry = AuditRecord(sequence=sequence + 1, prev_hash=previous, time=timezone.now(), **fields)
                entry.hash = compute_hash(entry)
                entry.save()
                return entry
        except IntegrityError:  # SQLite: another connection appended between our read and write
            if attempt == ATTEMPTS - 1 or connection.vendor == "postgresql":
                raise
    raise AssertionError("unreachable")


def _address(request) -> str:
    """The client's address, or nothing when there is none to give (a script, a test's signed-in client)."""
    address = client_address(request) if request is not None else UNKNOWN
    return "" if address == UNKNOWN else address[:64]


def record(
    action: str,
    *,
    request=None,
    actor=None,
    target: Model | None = None,
    outcome: str = AuditRecord.Outcome.SUCCESS,
    detail: dict | None = None,
    actor_username: str = "",
) -> AuditRecord:
    """Append one event; `request` gives the client's address (and the actor when none is named), else the
    request being served (cms.foundation.acting) does."""
    request = request if request is not None else acting.current_request()
    user = _actor(request, actor)
    fields = {
        "actor_id": user.pk if user is not None else None,
        "actor_username": (user.get_username() if user is not None else actor_username)[:150],
        "actor_name": acting.display_name(user)[:255],
        "address": _address(request),
        "action": action,
        "label": label_for(action)[:64],
        "outcome": str(outcome),
        "detail": _plain(detail),
        **_target_fields(target),
    }
    entry = _append(fields)
    shipping.ship_after_commit(entry)
    return entry
