"""Signal receivers: a republication published by any path (admin, workflow, scheduler, auto-publish)
is recorded as a release; a policy released by a body above drafts its towns' internal republications."""

import logging

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from interpretation.signals import policy_bundle_released

from . import internal
from .models import RepublicationPage
from .release import record_release

logger = logging.getLogger(__name__)


@receiver(page_published)
def on_republication_published(sender, instance, revision, **kwargs):
    if not isinstance(instance, RepublicationPage) or not instance.live:
        return
    user = revision.user if revision is not None else None
    record_release(instance, revision, user=user)


@receiver(policy_bundle_released, dispatch_uid="watcher.internal_republications")
def on_policy_released(sender, release, **kwargs):
    """In the release's transaction, in a savepoint: a town's draft failing never undoes the county's release."""
    try:
        with transaction.atomic():
            internal.on_policy_released(release)
    except Exception:
        logger.exception("Internal republications of policy %s could not be drafted", release.policy_id)
