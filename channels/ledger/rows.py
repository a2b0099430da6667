"""Writing the ledger's rows: one per channel target of a release (or of an update of one), inside the
publishing transaction; the bells ring after its commit, so a rolled-back publish leaves no row and rings nothing.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from channels import bells
from channels.adapters.base import all_adapters
from channels.models import Delivery
from channels.subjects import WECHAT, Deliverable, Subject, as_subject

from .offers import offer_upwards

logger = logging.getLogger(__name__)


def delivery_key(release: Deliverable, channel: str, target: str, suffix: str = "") -> str:
    """Stable across retries: the channel recognises a repeat by it (webhook-id, clientmsgid, ...).

    `release` is any subject (or release row): policies keep "{release.pk}:{channel}:{target}", the other kinds
    are prefixed ("rep{pk}:...", "evt{pk}:...").
    """
    return as_subject(release).key(channel, target, suffix)


def create_deliveries(release: Deliverable, *, channels: list[str] | None = None) -> list[Delivery]:
    """One row per channel target of the release, in the caller's transaction; the bell rings after commit.

    `release` is a BundleRelease, a RepublicationRelease, an EventRelease or a Subject wrapping one.
    Idempotent (the key is unique): run again, it only adds rows for targets that appeared since. A subject that
    becomes a WeChat article is also offered to the nearest body above its own with an account (ledger.offers).
    """
    subject = as_subject(release)
    wanted = []
    for adapter in all_adapters():
        if channels is not None and adapter.channel not in channels:
            continue
        if not subject.wants(adapter.channel):
            continue
        enabled, reason = adapter.status()
        if not enabled:
            logger.info("%r: channel %s is off (%s)", subject, adapter.channel, reason)
            continue
        variants = subject.row_variants(adapter.channel)
        wanted += [
            new_row(subject, adapter.channel, target, suffix, options)
            for target in adapter.targets(subject)
            for suffix, options in variants
        ]
    if channels is None or WECHAT in channels:
        offer_upwards(subject)  # the county may take a town's article onto its own account
    return ring_after_commit(write_rows(wanted))


def create_updates(
    release: Deliverable, suffix: str, options: dict[str, Any], *, channels: list[str]
) -> list[Delivery]:
    """An update of a subject (e.g. an event rescheduled) to every target of `channels` that has a row for it.

    Each row's key ends with ":{suffix}" (so the same update is written once) and its options say what changed.
    """
    subject = as_subject(release)
    originals = (
        Delivery.objects.filter(**subject.row_fields(), channel__in=channels, options__event_update__isnull=True)
        .exclude(state=Delivery.State.CANCELLED)
        .values_list("channel", "target")
    )
    wanted = [new_row(subject, channel, target, f":{suffix}", options) for channel, target in sorted(set(originals))]
    return ring_after_commit(write_rows(wanted))


def new_row(
    subject: Subject, channel: str, target: str, suffix: str = "", options: dict[str, Any] | None = None, **fields: Any
) -> Delivery:
    """An unsaved row of `subject` for one channel target, due now."""
    return Delivery(
        key=subject.key(channel, target, suffix),
        **subject.row_fields(),
        channel=channel,
        target=target,
        options=options or {},
        next_attempt_at=timezone.now(),
        **fields,
    )


def write_rows(wanted: list[Delivery]) -> list[Delivery]:
    """Insert the rows whose key is new (a repeat adds nothing) in one statement: a release to fifty partners
    writes its rows inside the publishing transaction, and every bell waits for that commit."""
    existing = set(Delivery.objects.filter(key__in=[row.key for row in wanted]).values_list("key", flat=True))
    new = [row for row in wanted if row.key not in existing]
    if not new:
        return []
    try:
        with transaction.atomic():
            created = Delivery.objects.bulk_create(new)
    except IntegrityError:  # the same keys written at this very moment by another transaction: one by one
        created = []
        for row in new:
            fields = {f.attname: getattr(row, f.attname) for f in Delivery._meta.concrete_fields if f.attname != "id"}
            found, made = Delivery.objects.get_or_create(key=fields.pop("key"), defaults=fields)
            if made:
                created.append(found)
    if any(row.pk is None for row in created):  # a database that does not return ids from a bulk insert
        by_key = dict(Delivery.objects.filter(key__in=[row.key for row in created]).values_list("key", "pk"))
        for row in created:
            row.pk = by_key[row.key]
    return created


def ring_after_commit(created: list[Delivery]) -> list[Delivery]:
    if created:
        transaction.on_commit(partial(bells.ring_many, [row.pk for row in created]), robust=True)
    return created
