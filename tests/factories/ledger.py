"""Delivery rows as the ledger leaves them, and many releases for the fault suite and the benchmarks.

Rows are written by releases (the ledger's create_deliveries runs in the publishing transaction); here they are
only moved in time.
"""

from __future__ import annotations

from django.utils import timezone

from channels.models import Delivery
from tests.factories.library import numbered_release

__all__ = ["make_due", "numbered_release"]


def make_due(*rows: Delivery) -> None:
    """Due now and not yet offered to a worker: the next claim or sweep takes them."""
    Delivery.objects.filter(pk__in=[r.pk for r in rows]).update(next_attempt_at=timezone.now(), offered_at=None)
