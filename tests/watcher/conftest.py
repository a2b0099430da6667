"""Fixtures for the watcher: the office (factories, once per module), sources on the loopback upstream
server, and the safety net that fails any test trying to reach beyond 127.0.0.0/8."""

import datetime as dt
import threading

import pytest
from django.core.cache import cache

from cms.models import HomePage
from interpretation.models import DraftingDepartment
from tests.factories.site import office as build_office
from tests.module_db import built_once_per_module
from tests.sources.conftest import no_outbound_traffic, upstream  # noqa: F401 - shared fixtures

CHINA = dt.timezone(dt.timedelta(hours=8))


def beijing(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CHINA)


_office_for_module = built_once_per_module(build_office)


@pytest.fixture
def office(_office_for_module, db):
    """The office (factories), built once for the module: fresh instances for each test."""
    return {
        "home": HomePage.objects.get(),
        "departments": {department.code: department for department in DraftingDepartment.objects.all()},
    }


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
