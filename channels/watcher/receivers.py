"""Signal receivers: a republication published by any path (admin, workflow, scheduler, auto-publish)
is recorded as a release."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import RepublicationPage
from .release import record_release


@receiver(page_published)
def on_republication_published(sender, instance, revision, **kwargs):
    if not isinstance(instance, RepublicationPage) or not instance.live:
        return
    user = revision.user if revision is not None else None
    record_release(instance, revision, user=user)
