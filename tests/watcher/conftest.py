"""Fixtures for the watcher: the office as the demo sets it up, sources on the loopback upstream
server, and the safety net that fails any test trying to reach beyond 127.0.0.0/8."""

import datetime as dt

import pytest
from django.core.cache import cache

from cms.demo import build
from tests.sources.conftest import no_outbound_traffic, upstream  # noqa: F401 - shared fixtures

CHINA = dt.timezone(dt.timedelta(hours=8))


def beijing(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CHINA)


@pytest.fixture
def office(db):
    home = build.ensure_site()
    build.ensure_topics()
    library = build.ensure_library(home)
    departments = build.ensure_departments(library)
    openness, releaser = build.ensure_office_groups()
    build.ensure_users(departments, openness, releaser)
    return {"home": home, "departments": departments}


@pytest.fixture(autouse=True)
def _clear_cache():
    """Host slots live in the cache; never let one test's slot block the next."""
    cache.clear()
    yield
    cache.clear()
