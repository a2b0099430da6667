"""Recording a published republication and telling the channels, in the publishing transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from interpretation.working_days.calendar import overdue

from .models import RepublicationPage, RepublicationRelease
from .signals import republication_released


@transaction.atomic
def record_release(page: RepublicationPage, revision, user=None) -> RepublicationRelease | None:
    """One ``RepublicationRelease`` per publish of a live republication, then the signal.

    ``page_published`` also fires when a never-published page is merely scheduled: nothing is
    recorded until the page is live.
    """
    if not page.live:
        return None
    first = not page.releases.exists()
    now = timezone.now()
    release = RepublicationRelease.objects.create(
        page=page,
        kind=RepublicationRelease.Kind.RELEASE if first else RepublicationRelease.Kind.UPDATE,
        revision=revision,
        released_by=user,
        released_at=now,
        deadline_at=page.deadline_at,
        on_time=None if page.deadline_at is None else not overdue(page.deadline_at, now=now),
    )
    republication_released.send(sender=RepublicationPage, release=release)
    return release
