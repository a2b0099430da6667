"""Changes the website channel does not deliver still reach the static tree: an unpublished or deleted page, a page
published outside a release (the home page's intro, a column), an event's state.

A withdrawn page's own files go at once, in the withdrawing process, before anything is rendered: nginx must stop
serving it now. The pages that list it are rewritten after commit (publish.refresh), and only once a tree exists:
an installation that has never written one has nothing stale. Both steps take the site's lock, and the rewrite
renders after commit: a website delivery that rendered the page just before the withdrawal cannot leave it behind.
Releases of policies, materials and republications are written by their website delivery row, not here.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from interpretation.public.static_site import publish

#: Page types whose releases the website channel writes (channels.adapters.website): not rewritten twice.
DELIVERED_BY_LEDGER = ("interpretation.policydocumentpage", "watcher.republicationpage")


def _after_commit(page: Page) -> None:
    """After commit, under the site's lock: a delivery rendering the page meanwhile cannot leave its copy behind."""

    def refresh() -> None:
        if publish.tree_exists():
            publish.refresh(page)

    transaction.on_commit(refresh)


@receiver(page_unpublished, dispatch_uid="static-site-unpublished")
def on_unpublished(sender, instance, **kwargs):
    publish.withdraw(instance)
    _after_commit(instance)


@receiver(post_delete, dispatch_uid="static-site-deleted")
def on_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        publish.withdraw(instance)
        _after_commit(instance)


@receiver(page_published, dispatch_uid="static-site-published")
def on_published(sender, instance, **kwargs):
    from interpretation.models import MaterialPage

    if not instance.live or isinstance(instance, MaterialPage):
        return
    if instance._meta.label_lower not in DELIVERED_BY_LEDGER:
        _after_commit(instance)


def changed_without_release(page: Page) -> None:
    """A page changed without being published (an event's state, its live text): rewrite the pages showing it."""
    _after_commit(page)
