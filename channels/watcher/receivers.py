"""Signal receivers: a republication published by any path (admin, workflow, scheduler, auto-publish)
is recorded as a release; a policy released by a body above drafts its towns' internal republications; a source
saved by any path (admin form, shell, demo loader) with a changed skip rule reconsiders its skipped items."""

import logging

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published

from interpretation.signals import policy_bundle_released

from . import internal, skipped
from .models import RepublicationPage, SkippedItem, Source
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


@receiver(pre_save, sender=Source, dispatch_uid="watcher.skip_settings_before")
def remember_skip_settings(sender, instance, raw=False, **kwargs):
    """What the source skipped by before this save (polls write with update(), so they never come here)."""
    if raw or instance.pk is None:
        return
    instance._skip_settings_before = (
        Source.objects.filter(pk=instance.pk).values(*skipped.SETTINGS_THAT_SKIP).first() or {}
    )


@receiver(post_save, sender=Source, dispatch_uid="watcher.reconsider_skipped")
def reconsider_after_a_skip_rule_changed(sender, instance, raw=False, **kwargs):
    """A widened window, a dropped 文号 rule or keyword brings the skipped items back to intake; the result is
    left on the instance (`reconsidered`) for the admin to report."""
    before = instance.__dict__.pop("_skip_settings_before", None)
    if raw or before is None or not skipped.settings_changed(before, instance):
        return
    if SkippedItem.objects.filter(source=instance).exists():
        instance.reconsidered = skipped.reconsider(instance)
