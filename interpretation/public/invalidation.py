"""Cache invalidation: a release, an update or a withdrawal drops exactly the pages that show it.

For a page that changes: itself, its ancestors (section, library, home: their lists show it), its children
(a policy's materials list their policy), its siblings (a material lists the other materials of its policy),
the policies it supersedes (their validity banner links it), the policy that supersedes it (which lists it)
and the feeds. A change to a vocabulary that every page prints (topics, departments, the site's name) drops
everything. The receivers that call these are in interpretation/receivers.py, connected by the app's ready()
in every process (web, worker, scheduler).
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page

from interpretation.models import PolicyDocumentPage
from interpretation.public import page_cache


def scopes_for(page) -> list[str]:
    """The cache scopes that show `page`: see the module docstring."""
    return [page_cache.page_scope(pk) for pk in sorted(related_page_ids(page))] + [page_cache.FEEDS_SCOPE]


def related_page_ids(page) -> set[int]:
    """The page and every page that shows it (see the module docstring); the static site rewrites the same set."""
    step = Page.steplen
    path, depth = page.path, page.depth
    ancestors = [path[:i] for i in range(step, len(path), step)]
    parent = path[:-step]
    related = Page.objects.filter(path__in=ancestors).values_list("pk", flat=True)
    ids = {page.pk, *related}
    ids.update(Page.objects.filter(path__startswith=path, depth=depth + 1).values_list("pk", flat=True))
    ids.update(Page.objects.filter(path__startswith=parent, depth=depth).values_list("pk", flat=True))
    ids.update(PolicyDocumentPage.objects.filter(superseded_by_id=page.pk).values_list("pk", flat=True))
    if getattr(page, "superseded_by_id", None):
        ids.add(page.superseded_by_id)  # the newer policy lists this one ("本文件废止《…》")
    return ids


def invalidate_page(page) -> None:
    """Now, and again after commit: a reader rendering meanwhile must not re-cache the old version."""
    scopes = scopes_for(page)
    page_cache.invalidate(*scopes)
    transaction.on_commit(lambda: page_cache.invalidate(*scopes))
