"""Signal receivers of the three-sync rule. Releasing is not here: the page models' save() runs the release
guard and the release itself (see interpretation.three_sync.release), so no publish path can skip it."""

from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.models import Revision
from wagtail.signals import page_unpublished, workflow_submitted

from interpretation import audit, three_sync
from interpretation.models import MaterialPage, PolicyDocumentPage


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
