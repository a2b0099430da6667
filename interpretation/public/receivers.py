"""Cache invalidation: a release, an update or a withdrawal drops exactly the pages that show it.

For a page that changes: itself, its ancestors (section, library, home: their lists show it), its children
(a policy's materials list their policy), its siblings (a material lists the other materials of its policy),
the policies it supersedes (their validity banner links it) and the feeds. A change to a vocabulary that
every page prints (topics, departments, the site's name) drops everything.

Connected from `interpretation.public.urls` for the web process; `InterpretationConfig.ready` should import
this module too, so that the worker and the scheduler (scheduled publishing) invalidate as well.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from cms.models import SiteIdentity
from interpretation.models import DraftingDepartment, PolicyDocumentPage, Topic
from interpretation.public import page_cache
from interpretation.three_sync import policy_bundle_released


def scopes_for(page) -> list[str]:
    """The cache scopes that show `page`: see the module docstring."""
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
    if isinstance(instance, Page) and instance.live:
        invalidate_page(instance)


@receiver(policy_bundle_released)
def on_bundle_released(sender, release, **kwargs):
    invalidate_page(release.policy)


@receiver(post_save, sender=Topic)
@receiver(post_save, sender=DraftingDepartment)
@receiver(post_save, sender=SiteIdentity)
def on_vocabulary_changed(sender, instance, **kwargs):
    page_cache.invalidate_everything()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_restriction_changed(sender, instance, **kwargs):
    page_cache.forget_restrictions()
    page_cache.invalidate_everything()
