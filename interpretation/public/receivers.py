"""Cache invalidation: a release, an update or a withdrawal drops exactly the pages that show it.

For a page that changes: itself, its ancestors (section, library, home: their lists show it), its children
(a policy's materials list their policy), its siblings (a material lists the other materials of its policy),
the policies it supersedes (their validity banner links it) and the feeds. A change to a vocabulary that
every page prints (topics, departments, the site's name) drops everything.

Imported by `interpretation/public/__init__.py`, which `interpretation.models` loads in every process (web,
Celery worker, scheduler): a scheduled publish or expiry in the worker invalidates too. So nothing here may
import a model at module level; senders are given as "app_label.Model" strings. The release signal lives in
three_sync, which needs the models, and is connected by `connect_release_signal()` from the app's ready(); a
release always comes with page_published anyway.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from interpretation.public import page_cache


def scopes_for(page) -> list[str]:
    """The cache scopes that show `page`: see the module docstring."""
    from wagtail.models import Page

    from interpretation.models import PolicyDocumentPage

    step = Page.steplen
    path, depth = page.path, page.depth
    ancestors = [path[:i] for i in range(step, len(path), step)]
    parent = path[:-step]
    related = Page.objects.filter(path__in=ancestors).values_list("pk", flat=True)
    ids = {page.pk, *related}
    ids.update(Page.objects.filter(path__startswith=path, depth=depth + 1).values_list("pk", flat=True))
    ids.update(Page.objects.filter(path__startswith=parent, depth=depth).values_list("pk", flat=True))
    ids.update(PolicyDocumentPage.objects.filter(superseded_by_id=page.pk).values_list("pk", flat=True))
    return [page_cache.page_scope(pk) for pk in sorted(ids)] + [page_cache.FEEDS_SCOPE]


def invalidate_page(page) -> None:
    """Now, and again after commit: a reader rendering meanwhile must not re-cache the old version."""
    scopes = scopes_for(page)
    page_cache.invalidate(*scopes)
    transaction.on_commit(lambda: page_cache.invalidate(*scopes))


@receiver(page_published)
def on_published(sender, instance, **kwargs):
    invalidate_page(instance)


@receiver(page_unpublished)
def on_unpublished(sender, instance, **kwargs):
    invalidate_page(instance)


@receiver(post_delete)
def on_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.live:
        invalidate_page(instance)


def on_bundle_released(sender, release, **kwargs):
    invalidate_page(release.policy)


def connect_release_signal() -> None:
    from interpretation.three_sync import policy_bundle_released

    policy_bundle_released.connect(on_bundle_released, dispatch_uid="public-cache-bundle-released")


@receiver(post_save, sender="interpretation.Topic")
@receiver(post_save, sender="interpretation.DraftingDepartment")
@receiver(post_save, sender="cms.SiteIdentity")
def on_vocabulary_changed(sender, instance, **kwargs):
    page_cache.invalidate_everything()


@receiver(post_save, sender="wagtailcore.PageViewRestriction")
@receiver(post_delete, sender="wagtailcore.PageViewRestriction")
def on_restriction_changed(sender, instance, **kwargs):
    page_cache.forget_restrictions()
    page_cache.invalidate_everything()
