"""Signal receivers: whichever way an event page is published (editor, workflow, scheduler), its
announcement and recap are recorded and signalled once."""

from django.dispatch import receiver
from wagtail.signals import page_published

from interpretation.events.models import EventPage
from interpretation.events.release import on_event_published


@receiver(page_published)
def on_page_published(sender, instance, revision, **kwargs):
    if isinstance(instance, EventPage):
        user = revision.user if revision is not None else None
        on_event_published(instance, revision=revision, user=user)
