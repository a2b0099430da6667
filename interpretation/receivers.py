"""Every signal receiver of the interpretation app, connected by its ready() in every process (web, Celery worker,
scheduler): a release by the scheduler in the worker is checked, recorded and drops the cached pages like one made
in the admin.

Releasing is not here: the page models' save() runs the release guard and the release itself (see
interpretation.three_sync.release), so no publish path can skip it.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_unpublished, workflow_submitted

from bodies.models import DisclosingBody
from cms.foundation.acting import request_user
from interpretation import audit, three_sync
from interpretation.models import BodySectionPage, MaterialPage, PolicyDocumentPage, PolicyLibraryPage
from interpretation.public import page_cache
from interpretation.public.invalidation import invalidate_page
from interpretation.signals import policy_bundle_released

# The three-sync rule


@receiver(pre_save, sender=Revision)
def on_revision_scheduled(sender, instance, update_fields=None, **kwargs):
    """Wagtail schedules a release by stamping the revision's approved_go_live_at: check the release then."""
    if instance.approved_go_live_at is None or not update_fields or "approved_go_live_at" not in update_fields:
        return
    page = instance.as_object()
    if isinstance(page, (PolicyDocumentPage, MaterialPage)):
        three_sync.check_schedule(page, instance)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    if isinstance(instance, PolicyDocumentPage):
        three_sync.withdraw_bundle(instance, user=kwargs.get("user"))


@receiver(workflow_submitted)
def on_workflow_submitted(sender, instance, user=None, **kwargs):
    page = instance.content_object.specific
    if isinstance(page, PolicyDocumentPage):
        materials = [material.pk for material in page.materials]
        audit.record(page, audit.SUBMITTED_TOGETHER, user, materials=materials)


logger = logging.getLogger(__name__)

# 公开主体: every body has its column in the library, under its own name


@receiver(post_save, sender=DisclosingBody, dispatch_uid="body-column")
def on_body_saved(sender, instance, created, raw=False, **kwargs):
    """A new body gets its published column (however it was made: admin, shell, demo); a renamed one's follows."""
    if raw:
        return
    column = BodySectionPage.objects.filter(disclosing_body=instance).first()
    if column is None:
        library = PolicyLibraryPage.objects.first()
        if library is not None:
            with transaction.atomic():
                column = BodySectionPage(title=instance.name, slug=instance.slug, disclosing_body=instance)
                library.add_child(instance=column)
                column.save_revision(user=request_user()).publish(user=request_user())
            logger.info("Column %s made for disclosing body %s", column.url_path, instance.pk)
    elif column.draft_title != instance.name or column.title != instance.name:
        column.title = column.draft_title = instance.name
        revision = column.save_revision(user=request_user(), log_action=True)
        if column.live:
            revision.publish(user=request_user())
        logger.info("Column %s renamed after disclosing body %s", column.pk, instance.pk)


# The public site's page cache (interpretation.public.invalidation says what each change drops)


@receiver(page_published, dispatch_uid="public-cache-published")
def on_published(sender, instance, **kwargs):
    invalidate_page(instance)


@receiver(page_unpublished, dispatch_uid="public-cache-unpublished")
def on_unpublished(sender, instance, **kwargs):
    invalidate_page(instance)


@receiver(policy_bundle_released, dispatch_uid="public-cache-bundle-released")
def on_bundle_released(sender, release, **kwargs):
    invalidate_page(release.policy)


@receiver(post_delete, dispatch_uid="public-cache-deleted")
def on_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        invalidate_page(instance)


@receiver(post_save, sender="interpretation.Topic", dispatch_uid="public-cache-topic")
@receiver(post_save, sender="interpretation.DraftingDepartment", dispatch_uid="public-cache-department")
@receiver(post_save, sender="cms.SiteIdentity", dispatch_uid="public-cache-identity")
@receiver(post_save, sender="bodies.DisclosingBody", dispatch_uid="public-cache-body")
def on_vocabulary_changed(sender, instance, **kwargs):
    page_cache.invalidate_everything()


@receiver(post_save, sender="wagtailcore.PageViewRestriction", dispatch_uid="public-cache-restriction-saved")
@receiver(post_delete, sender="wagtailcore.PageViewRestriction", dispatch_uid="public-cache-restriction-deleted")
def on_restriction_changed(sender, instance, **kwargs):
    page_cache.forget_restrictions()
    page_cache.invalidate_everything()
