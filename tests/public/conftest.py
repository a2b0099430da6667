"""The office with its 2018 work plan (the seed of the labelled corpus), and a library of generated policies for
listings, facets and search: each built once per module, by the factories."""

import pytest
from django.core.cache import caches

from interpretation.models import PolicyDocumentPage
from tests.factories.library import release_policy, work_plan
from tests.factories.policies import publish_update
from tests.factories.site import office
from tests.module_db import built_once_per_module
from tests.public import corpus


@pytest.fixture(autouse=True)
def _empty_page_cache(settings):
    """Each test starts with a cold page cache (the test settings' cache is shared within the process)."""
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    caches["default"].clear()
    yield
    caches["default"].clear()


def build_demo():
    """The office and its work plan, released with its text, Q&A and 图解 (as `make run` shows it)."""
    office()
    work_plan()


def build_hidden():
    """The two documents that must never be seen, each with its material."""
    for slug, title, disclosure, reason in corpus.HIDDEN:
        release_policy(
            slug=slug,
            title=title,
            body=(f"{corpus.HIDDEN_WORD}成果的保管和使用。",),
            disclosure=disclosure,
            reason=reason,
            material=("text", f"{title}解读", f"{corpus.HIDDEN_WORD}解读正文。"),
        )


def build_library(only: frozenset[str] | None = None):
    """The labelled documents, and the two that must never be seen; one superseded by a newer one. `only` keeps
    the labelled documents to those slugs (the superseded pair among them)."""
    pages = {}
    for slug, title, number, topic, year, doc_type, validity, body, material in corpus.DOCUMENTS:
        if only is not None and slug not in only:
            continue
        department = "dangzheng" if topic == "zhengwu-gongkai" else "jingji"
        pages[slug] = release_policy(
            slug=slug,
            title=title,
            document_number=number,
            topic=topic,
            year=year,
            document_type=doc_type,
            validity=validity,
            body=body,
            material=material,
            department=department,
        )
    build_hidden()
    old = pages["fangxun"]
    old.superseded_by = pages["fangxun-2023"]
    publish_update(old)


_office_for_module = built_once_per_module(build_demo)


# The library on top of the module's office. A module uses `demo`, `hidden` or `library` (never both of the last
# two): once built, the library stays until the module's last test.
_library_for_module = built_once_per_module(build_library, on="_office_for_module")
# Only the documents that must never be seen, for a module about them (the library takes seconds to build).
_hidden_for_module = built_once_per_module(build_hidden, on="_office_for_module")


@pytest.fixture
def demo(_office_for_module, db):
    """The work plan, a fresh instance (treebeard keeps a page's child count on the instance)."""
    return PolicyDocumentPage.objects.get(slug=corpus.SEED)


@pytest.fixture
def library(_library_for_module, demo):
    """The work plan plus the labelled documents, and the two that must never be seen: slug → fresh instance."""
    slugs = [corpus.SEED, *(document[0] for document in corpus.DOCUMENTS), *(document[0] for document in corpus.HIDDEN)]
    return {policy.slug: policy for policy in PolicyDocumentPage.objects.filter(slug__in=slugs)}


@pytest.fixture
def hidden(_hidden_for_module, demo):
    """The work plan and the two documents that must never be seen: slug → fresh instance."""
    slugs = [corpus.SEED, *(document[0] for document in corpus.HIDDEN)]
    return {policy.slug: policy for policy in PolicyDocumentPage.objects.filter(slug__in=slugs)}
