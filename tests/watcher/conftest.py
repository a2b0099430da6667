"""Fixtures for the watcher: the office as the demo sets it up, sources on the loopback upstream
server, and the safety net that fails any test trying to reach beyond 127.0.0.0/8."""

import datetime as dt
import threading

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


@pytest.fixture
def web_server():
    """This project's own web application on a loopback port, as `make run` serves it.

    Unlike ``live_server`` it needs no transactional database: the demo samples it serves are
    files, and the test's data stays in the test's transaction.
    """
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import QuietWSGIRequestHandler

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietWSGIRequestHandler, allow_reuse_address=False)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Host slots live in the cache; never let one test's slot block the next."""
    cache.clear()
    yield
    cache.clear()
