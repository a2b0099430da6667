"""Signal receivers that apply the three-sync rule whichever way a page is published or unpublished:
the admin, a workflow's final approval, or the scheduler's publish_scheduled run."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, workflow_submitted

from interpretation import audit, three_sync
from interpretation.models import MaterialPage, PolicyDocumentPage


@receiver(page_published)
def on_page_published(sender, instance, revision, **kwargs):
    if not instance.live:  # fired when a never-published page is merely scheduled
        return
    user = revision.user if revision is not None else None
    if isinstance(instance, PolicyDocumentPage):
        three_sync.release_bundle(instance, revision, user=user)
    elif isinstance(instance, MaterialPage) and not three_sync.is_part_of_bundle_release(instance):
        # Raises when the policy is not live: the publishing transaction is rolled back.
        three_sync.release_follow_up(instance, revision, user=user)


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
