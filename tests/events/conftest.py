"""The office (factories) with the events section, its editors, a released 党政办 policy to relate events to, and
events in named states (tests.factories.events)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from interpretation.events.models import EventIndexPage
from interpretation.models import DraftingDepartment, PolicyDocumentPage
from tests.factories.events import events_section, make_event
from tests.factories.policies import released_bundle
from tests.factories.site import office as build_the_office
from tests.module_db import built_once_per_module

RELATED_SLUG = "zhengwu-gongkai-guiding"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache: every test starts with none (Redis is shared with the suite)."""
    cache.clear()
    yield
    cache.clear()


def restore_wagtail_roots():
    """A transactional test empties every table; put back the root page, home page and site that migrations made."""
    from wagtail.models import Collection, Locale, Page, Site

    from cms.models import HomePage

    if Site.objects.exists():
        return
    locale, _ = Locale.objects.get_or_create(language_code="zh-hans")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = root.add_child(instance=HomePage(title="历阳镇人民政府", slug="home", locale=locale))
    home.save_revision().publish()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="历阳镇人民政府")
    Site.clear_site_root_paths_cache()


def build_office():
    restore_wagtail_roots()
    made = build_the_office()
    policy = released_bundle(
        department="dangzheng",
        title="关于进一步做好政务公开工作的通知",
        slug=RELATED_SLUG,
        document_number="历政〔2026〕1号",
    )
    return {"index": events_section(), "policy": policy, "departments": made["departments"]}


def office_pages() -> dict:
    """Fresh instances for each test: treebeard keeps a page's child count on the instance."""
    return {
        "index": EventIndexPage.objects.get(),
        "policy": PolicyDocumentPage.objects.get(slug=RELATED_SLUG),
        "departments": {department.code: department for department in DraftingDepartment.objects.all()},
    }


_office_for_module = built_once_per_module(build_office)


@pytest.fixture
def office(_office_for_module, db):
    return office_pages()


@pytest.fixture
def user():
    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def login(client, user):
    def as_user(username):
        client.force_login(user(username))
        return client

    return as_user


@pytest.fixture
def interview(office):
    return make_event(office["index"], state="live", policy=office["policy"], title="在线访谈:政务公开")
