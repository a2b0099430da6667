"""The static tree (静态化): where a test's files are, and what the web server in front would answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches

from channels.models import Delivery
from tests.ledger.conftest import rings, run_in_process  # noqa: F401 - the ledger's fixtures, shared

POLICY_PATH = "/policies/liyang/dangzheng/2018-liyang-openness-work-plan/"


@pytest.fixture(autouse=True)
def _hosts_and_cold_cache(settings):
    """The hosts the tests' sites answer on; each test starts with a cold page cache (shared within a process)."""
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1", "liyang.example.gov.cn"]
    caches["default"].clear()
    yield
    caches["default"].clear()


def portal() -> Path:
    """The default site's folder (Wagtail's default site is localhost)."""
    return Path(settings.STATIC_SITE_ROOT) / "localhost"


def page_file(path: str, folder: Path | None = None) -> Path:
    return (folder or portal()) / path.lstrip("/") / "index.html"


def deliver_website(policy) -> Delivery:
    """The latest website row of the policy, run as a worker runs it until it settles."""
    row = Delivery.objects.filter(channel="website", page=policy).order_by("-pk").first()
    assert row is not None, "the release wrote no website row"
    return run_in_process(row)
