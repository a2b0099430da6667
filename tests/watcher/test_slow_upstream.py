"""A slow-drip upstream is cut at the listing's deadline and the source says so in Chinese (issue 16, point 5)."""

import time

import pytest

from channels.sources.config import FeedConfig
from channels.watcher import polling
from channels.watcher.models import Source
from channels.watcher.polling import poll_source
from tests.factories.watcher import make_source
from tests.sources.drip import add_drip_routes

pytestmark = pytest.mark.django_db


def test_a_dripping_listing_is_cut_at_its_deadline_and_recorded_on_the_source(office, upstream, monkeypatch):
    add_drip_routes(upstream)
    monkeypatch.setattr(polling, "LISTING_TOTAL_SECONDS", 3.0)
    source = make_source(upstream, "/drip", FeedConfig())

    started = time.monotonic()
    report = poll_source(source)
    elapsed = time.monotonic() - started

    assert elapsed < 3.0 + 1.0, elapsed
    assert report.status == "failed" and "总时限" in report.error
    stored = Source.objects.get(pk=source.pk)
    assert "3 秒的总时限" in stored.last_error and stored.consecutive_failures == 1
    assert "total limit" in stored.last_error_detail


def test_trying_a_dripping_source_in_the_admin_shows_the_cut_in_chinese(client, office, upstream, monkeypatch):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from channels.watcher import source_check
    from tests.watcher.test_hanweb_source import hanweb_form

    add_drip_routes(upstream)
    monkeypatch.setattr(source_check, "LISTING_SECONDS", 2.0)
    client.force_login(get_user_model().objects.get(username="admin"))

    started = time.monotonic()
    page = client.post(reverse("watcher_source_check"), hanweb_form(upstream, path="/drip")).content.decode()

    assert time.monotonic() - started < 2.0 + 1.5
    assert "抓取失败" in page and "2 秒的总时限" in page
    assert not Source.objects.exists()
