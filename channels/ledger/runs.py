"""Running the ledger's rows: claim one with a lease, run its adapter, and write down what happened and when to
try again.

Every worker, on the embedded broker or on Celery + Redis, runs `process(delivery_id)`; the broker only rings
the bell (channels.bells). A row is claimed by a conditional UPDATE, so two bells for the same row run it once;
a crashed worker's lease expires and the sweep offers the row again, which resumes from its checkpoints.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from channels import bells, conf
from channels.adapters.base import Checkpoints, DeliveryError, ErrorClass, Outcome, OutcomeState, get_adapter
from channels.models import ChannelTargetState, Delivery, DeliveryAttempt
from security import audit

logger = logging.getLogger(__name__)
State = Delivery.State
CLAIM_RELATED = ("release", "republication_release", "event_release")
DRAIN_BATCH = 10
#: Checkpoint keys an adapter may record to show the channel's id and link before the row is done.
EXTERNAL_ID, EXTERNAL_URL = "external_id", "external_url"


class LeaseLost(BaseException):  # noqa: N818 - BaseException: an adapter's `except Exception` must not swallow it
    """Another worker took the row over (our lease expired): stop at once, its run wins."""


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _lease_until(now: datetime) -> datetime:
    return now + timedelta(seconds=conf.get("DELIVERY_LEASE_SECONDS"))


# -- claim ------------------------------------------------------------------------------------------------
def claim(delivery_id: int, owner: str) -> Delivery | None:
    """Take the row if it is due (or its worker's lease expired) and its target is not paused; else None.

    One conditional UPDATE decides (two workers never both win) and one SELECT reads the row: a partner fan-out
    claims a thousand rows in seconds, so the claim stays at two statements.
    """
    now = timezone.now()
    taken = (
        Delivery.objects.filter(pk=delivery_id)
        .claimable(now)
        .not_paused()
        .update(
            state=Case(When(state=State.SUBMITTED, then=Value(State.SUBMITTED)), default=Value(State.IN_PROGRESS)),
            lease_owner=owner,
            lease_expires_at=_lease_until(now),
            updated_at=now,
        )
    )
    if not taken:
        return None
    # The release rows only: the pages behind them load when a renderer needs them (a cached payload does not).
    return Delivery.objects.select_related(*CLAIM_RELATED).get(pk=delivery_id)


def _save_checkpoints(delivery_id: int, owner: str, data: dict[str, Any]) -> None:
    """Each step is committed before the next starts, and renews the lease; a lost lease stops the run."""
    now = timezone.now()
    saved = (
        Delivery.objects.filter(pk=delivery_id)
        .held_by(owner)
        .update(checkpoints=data, lease_expires_at=_lease_until(now), updated_at=now)
    )
    if not saved:
        raise LeaseLost(f"delivery {delivery_id}: lease lost by {owner}")


def adapter_options(row: Delivery) -> dict[str, Any]:
    return {**row.options, "idempotency_key": row.key, "delivery_id": row.pk}


# -- run --------------------------------------------------------------------------------------------------
def drain(delivery_id: int | None = None) -> dict[str, int]:
    """Run the rung row, then every overdue row this worker can claim, for up to DELIVERY_DRAIN_SECONDS
    (without a rung row: every due row, as an operator's or a test's catch-up).

    The database is the queue: a bell only wakes a worker, so a lost or late bell costs nothing while any
    worker is awake, and duplicate bells find nothing left to do.
    """
    results: dict[str, int] = {}
    deadline = time.monotonic() + conf.get("DELIVERY_DRAIN_SECONDS")
    tried: set[int] = set()
    queue = [delivery_id] if delivery_id is not None else []
    # Woken by a bell, a worker takes only rows whose own bell is overdue (lost), in random order: rows with a
    # bell on its way are left to it, so a burst of bells does not send every idle thread after the same rows.
    overdue_only = delivery_id is not None
    while time.monotonic() < deadline:
        if not queue:
            queue = [pk for pk in bells.due_ids(DRAIN_BATCH, overdue_only=overdue_only) if pk not in tried]
            random.shuffle(queue)
            if not queue:
                break
        pk = queue.pop(0)
        tried.add(pk)
        result = process(pk)
        results[result] = results.get(result, 0) + 1
    return results


def process(delivery_id: int) -> str:
    """Claim and run one delivery; returns what happened (for logs and tests)."""
    owner = worker_id()
    row = claim(delivery_id, owner)
    if row is None:
        return "skipped"
    started, clock = timezone.now(), time.monotonic()
    checkpoints = Checkpoints(row.checkpoints, partial(_save_checkpoints, row.pk, owner))
    try:
        adapter = get_adapter(row.channel)
    except KeyError:
        # No adapter (a channel removed from the code): nothing an administrator can re-enable; parked for a person.
        error = DeliveryError(ErrorClass.ROW, f"no adapter for {row.channel}", f"渠道“{row.channel}”未安装")
        return _record_failure(row, owner, error, started, clock, checkpoints)
    try:
        enabled, reason = adapter.status()
        if not enabled:
            raise DeliveryError(ErrorClass.CONFIG, f"{row.channel} is switched off", reason)
        subject = row.subject
        if row.state == State.SUBMITTED:
            outcome = adapter.poll(subject, row.target, row.external_id, checkpoints)
        else:
            problems = adapter.validate(subject, row.target)
            if problems:
                raise DeliveryError(ErrorClass.CONTENT, "validation failed", ";".join(problems))
            options = adapter_options(row)
            payload = adapter.render(subject, row.target, options)
            outcome = adapter.deliver(subject, row.target, payload, checkpoints, options)
    except LeaseLost as lost:
        logger.warning("%s; its new owner carries on", lost)
        return "lease-lost"
    except Exception as exc:  # every failure is classified; none escapes to the broker
        error = adapter.classify(exc)
        # A traceback only for what no adapter recognised (the base class's catch-all): a bug to look at.
        unexpected = not isinstance(exc, DeliveryError) and error.message_en.startswith(f"{type(exc).__name__}:")
        log = logger.exception if unexpected else logger.warning
        log("delivery %s (%s %s) failed: %s: %s", row.pk, row.channel, row.target, error.error_class, error.message_en)
        return _record_failure(row, owner, error, started, clock, checkpoints)
    return _record_outcome(row, owner, outcome, started, clock, checkpoints)


def complete_submitted(
    channel: str, external_id: str, apply: Callable[[Checkpoints], Outcome], *, targets: list[str] | None = None
) -> str:
    """A channel's push (callback) settles a submitted row: `apply(checkpoints)` returns an Outcome or raises.

    `targets`: only rows of these targets (the account whose token signed the push). Takes the row's lease like a
    worker; if a worker holds it right now, its own poll sees the same result.
    """
    rows = Delivery.objects.filter(channel=channel, external_id=external_id, state=State.SUBMITTED)
    row = (rows if targets is None else rows.filter(target__in=targets)).first()
    if row is None:
        return "unknown"
    owner, now = f"callback:{worker_id()}", timezone.now()
    taken = (
        Delivery.objects.filter(pk=row.pk, state=State.SUBMITTED)
        .lease_free(now)
        .update(lease_owner=owner, lease_expires_at=_lease_until(now), updated_at=now)
    )
    if not taken:
        return "busy"
    row.refresh_from_db()
    started, clock = now, time.monotonic()
    checkpoints = Checkpoints(row.checkpoints, partial(_save_checkpoints, row.pk, owner))
    try:
        outcome = apply(checkpoints)
    except LeaseLost:
        return "lease-lost"
    except Exception as exc:
        error = get_adapter(channel).classify(exc)
        return _record_failure(row, owner, error, started, clock, checkpoints)
    return _record_outcome(row, owner, outcome, started, clock, checkpoints, via=DeliveryAttempt.Outcome.CALLBACK)


def _finish(row: Delivery, owner: str, fields: dict[str, Any], attempt: dict[str, Any]) -> bool:
    """Write the row (only if we still hold it) and the attempt, together."""
    now = timezone.now()
    with transaction.atomic():
        written = (
            Delivery.objects.filter(pk=row.pk, state__in=(State.IN_PROGRESS, State.SUBMITTED))
            .held_by(owner)
            .update(lease_owner="", lease_expires_at=None, updated_at=now, **fields)
        )
        DeliveryAttempt.objects.create(delivery_id=row.pk, worker=owner, **attempt)
    if not written:
        logger.warning("delivery %s changed while %s ran it (cancelled or taken over)", row.pk, owner)
    return bool(written)


def _attempt(
    started: datetime, clock: float, outcome: str, error: DeliveryError | None = None, message_zh: str = ""
) -> dict[str, Any]:
    return {
        "started_at": started,
        "duration_ms": int((time.monotonic() - clock) * 1000),
        "outcome": outcome,
        "error_class": str(error.error_class) if error else "",
        "message_zh": error.message_zh if error else message_zh,
        "message_en": error.message_en if error else "",
    }


def _external(checkpoints: Checkpoints, outcome: Outcome | None = None) -> dict[str, str]:
    fields: dict[str, str] = {}
    external_id = (outcome.external_id if outcome else "") or checkpoints.get(EXTERNAL_ID) or ""
    external_url = (outcome.external_url if outcome else "") or checkpoints.get(EXTERNAL_URL) or ""
    if external_id:
        fields["external_id"] = str(external_id)[:200]
    if external_url:
        fields["external_url"] = str(external_url)[:500]
    return fields


def _record_outcome(
    row: Delivery,
    owner: str,
    outcome: Outcome | None,
    started: datetime,
    clock: float,
    checkpoints: Checkpoints,
    via: str = "",
) -> str:
    now = timezone.now()
    data = checkpoints.as_dict()
    if outcome is not None and outcome.detail:
        data["outcome_detail"] = outcome.detail
    fields: dict[str, Any] = {"checkpoints": data, **_external(checkpoints, outcome)}
    if outcome is not None and outcome.state == OutcomeState.DELIVERED:
        fields.update(
            state=State.DELIVERED, delivered_at=now, next_attempt_at=None, last_error_class="", last_error_zh=""
        )
        fields["last_error_en"] = ""
        kind = via or DeliveryAttempt.Outcome.DELIVERED
        _finish(row, owner, fields, _attempt(started, clock, kind, message_zh="已送达"))
        return "delivered"
    submitted_at = row.submitted_at or now
    if now - submitted_at > timedelta(seconds=conf.get("DELIVERY_CONFIRM_GIVE_UP_SECONDS")):
        error = DeliveryError(
            ErrorClass.CONTENT, "no confirmation from the channel", "渠道长时间未确认结果，请人工核实"
        )
        return _record_failure(row, owner, error, started, clock, checkpoints)
    age = (now - submitted_at).total_seconds()
    poll_after = outcome.poll_after if outcome is not None and outcome.poll_after else None
    delay = poll_after or min(max(conf.get("DELIVERY_POLL_SECONDS"), age / 4), conf.get("DELIVERY_POLL_MAX_SECONDS"))
    fields.update(state=State.SUBMITTED, submitted_at=submitted_at, next_attempt_at=now + timedelta(seconds=delay))
    kind = via or (
        DeliveryAttempt.Outcome.SUBMITTED if row.state != State.SUBMITTED else DeliveryAttempt.Outcome.WAITING
    )
    if _finish(row, owner, fields, _attempt(started, clock, kind, message_zh="已提交，等待渠道确认")):
        bells.ring_later(row.pk, delay)
    return "submitted"


def backoff(attempts: int) -> float:
    """Exponential with jitter on the upper half: spreads a burst of failures over time."""
    base: float = conf.get("DELIVERY_BACKOFF_SECONDS")
    cap: float = conf.get("DELIVERY_BACKOFF_MAX_SECONDS")
    delay: float = min(cap, base * 2 ** max(0, attempts - 1))
    return delay * random.uniform(0.5, 1.0)


def _record_failure(
    row: Delivery, owner: str, error: DeliveryError, started: datetime, clock: float, checkpoints: Checkpoints
) -> str:
    now = timezone.now()
    kind = error.error_class
    fields: dict[str, Any] = {
        "checkpoints": checkpoints.as_dict(),
        "last_error_class": str(kind),
        "last_error_zh": error.message_zh,
        "last_error_en": error.message_en[:2000],
        **_external(checkpoints),
    }
    attempts = row.attempts
    delay: float | None = None
    if kind in (ErrorClass.TRANSIENT, ErrorClass.AUTH):
        attempts += 1
        if attempts >= conf.get("DELIVERY_MAX_ATTEMPTS"):
            state = State.FAILED
            fields["last_error_zh"] = f"已自动重试 {attempts} 次仍未成功:{error.message_zh}"
        else:
            state, delay = State.RETRYING, backoff(attempts)
    elif kind is ErrorClass.RATE:
        wait, cap = error.retry_after or 60, conf.get("DELIVERY_RATE_WAIT_SECONDS")
        state, delay = State.RETRYING, (min(wait, cap) if cap else wait) + random.uniform(0, 1)
    elif kind is ErrorClass.CONFIG:
        # The target's error, not this row's: the target pauses and the row waits with its other rows, due again
        # (no attempt used) the moment an administrator re-enables the target. Not failed: 重新启用 resumes waiting
        # rows only, and leaves the rows parked for reasons of their own to a person.
        state = State.RETRYING
    else:  # quota (明天再发 is a person's choice: content sent a day late may be stale), content and row errors
        # park this row alone for a person
        state = State.FAILED
    due = now + timedelta(seconds=delay) if delay is not None else (now if state == State.RETRYING else None)
    fields.update(state=state, attempts=attempts, next_attempt_at=due)
    with transaction.atomic():
        if kind is ErrorClass.CONFIG:
            pause_target(row.channel, row.target, error.message_zh, error.message_en)
        written = _finish(row, owner, fields, _attempt(started, clock, DeliveryAttempt.Outcome.ERROR, error))
    if written and delay is not None:
        bells.ring_later(row.pk, delay)
    return str(state)


def pause_target(channel: str, target: str, reason_zh: str, reason_en: str) -> None:
    """Hold every row of the target (claims skip it) and say why: `reason_zh` is the error as the channel gave it
    (WeChat's code and its meaning), shown to the administrator who fixes it and re-enables the target."""
    ChannelTargetState.objects.update_or_create(
        channel=channel,
        target=target,
        defaults={"enabled": False, "reason_zh": reason_zh, "reason_en": reason_en[:2000], "changed_by": None},
    )
    logger.error("channel %s target %s paused: %s", channel, target, reason_en)
    audit.record("channel.pause", outcome="failure", detail={"channel": channel, "target": target, "reason": reason_zh})
