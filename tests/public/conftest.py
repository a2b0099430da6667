"""The demo office with its seed policy, and a library of generated policies for listings, facets and search."""

import pytest
from django.core.cache import caches

from cms.demo import build
from interpretation.models import PolicyDocumentPage
from tests.public import corpus
from tests.public.factories import publish_update, release_policy


@pytest.fixture(autouse=True)
def _empty_page_cache(settings):
    """Each test starts with a cold page cache (the test settings' cache is shared within the process)."""
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def demo(db):
    """The demo as `make run` loads it: users, sections, the seed policy released with three materials."""
    build.build_all()
    return PolicyDocumentPage.objects.get(slug=corpus.SEED)


@pytest.fixture
def library(demo):
    """The seed policy plus the labelled documents, and the two that must never be seen."""
    pages = {corpus.SEED: demo}
    for slug, title, number, topic, year, doc_type, validity, body, material in corpus.DOCUMENTS:
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
    for slug, title, disclosure, reason in corpus.HIDDEN:
        pages[slug] = release_policy(
            slug=slug,
            title=title,
            body=(f"{corpus.HIDDEN_WORD}成果的保管和使用。",),
            disclosure=disclosure,
            reason=reason,
            material=("text", f"{title}解读", f"{corpus.HIDDEN_WORD}解读正文。"),
        )
    old = pages["fangxun"]
    old.superseded_by = pages["fangxun-2023"]
    publish_update(old)
    pages["fangxun"] = PolicyDocumentPage.objects.get(pk=old.pk)
    return pages
