"""The office as the demo sets it up, with the events section, its editors, and events in named states."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from cms.demo import build
from interpretation.events import demo, lifecycle
from interpretation.events.choices import EventKind, QuestionStatus
from interpretation.events.models import EventPage, PublicQuestion
from tests.module_db import built_once_per_module


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
    home = build.ensure_site()
    build.ensure_topics()
    library = build.ensure_library(home)
    departments = build.ensure_departments(library)
    openness, releaser = build.ensure_office_groups()
    build.ensure_workflow(library, openness)
    build.ensure_releaser_rights(library, releaser)
    build.ensure_users(departments, openness, releaser)
    policy = build.ensure_seed_policy(departments)
    index = demo.ensure_index()
    demo.ensure_editors(index)
    return {"index": index, "policy": policy, "departments": departments}


def office_pages() -> dict:
    """Fresh instances for each test: treebeard keeps a page's child count on the instance."""
    from interpretation.events.models import EventIndexPage
    from interpretation.models import DraftingDepartment, PolicyDocumentPage

    return {
        "index": EventIndexPage.objects.get(),
        "policy": PolicyDocumentPage.objects.get(slug=build.content.POLICY["slug"]),
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


def make_event(
    index,
    *,
    kind=EventKind.ONLINE_INTERVIEW,
    starts_in=timedelta(days=2),
    duration=timedelta(hours=1),
    state="provisional",
    publish=True,
    policy=None,
    slug=None,
    **fields,
):
    """An event in a named state: provisional, confirmed, live, concluded or cancelled."""
    start = timezone.now() + starts_in
    number = EventPage.objects.count() + 1
    fields.setdefault("place", "镇政府三楼会议室")
    event = EventPage(
        title=fields.pop("title", f"测试活动{number}"),
        slug=slug or f"event-{number}",
        kind=kind,
        start=start,
        end=start + duration,
        live=False,
        **fields,
    )
    index.add_child(instance=event)
    if policy is not None:
        event.policies.add(policy)
    revision = event.save_revision()
    if publish:
        revision.publish()
    steps = {
        "provisional": [],
        "confirmed": ["confirm"],
        "live": ["confirm", "start"],
        "concluded": ["confirm", "start", "conclude"],
    }
    if state == "cancelled":
        lifecycle.perform(event, "cancel", reason="因天气原因取消。")
    for action in steps.get(state, []):
        lifecycle.perform(event, action)
    return EventPage.objects.get(pk=event.pk)


def make_question(event, text="请问依申请公开目录在哪里查询?", status=QuestionStatus.PENDING, answer="", **fields):
    return PublicQuestion.objects.create(event=event, text=text, status=status, answer=answer, **fields)


@pytest.fixture
def interview(office):
    return make_event(office["index"], state="live", policy=office["policy"], title="在线访谈:政务公开")
