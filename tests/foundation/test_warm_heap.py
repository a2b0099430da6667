"""A web process freezes its warm heap once, after the configured number of requests, and never in tests."""

import gc

import pytest

from cms.foundation import warm_heap


@pytest.fixture
def fresh_counter(monkeypatch):
    monkeypatch.setattr(warm_heap, "_served", 0)
    monkeypatch.setattr(warm_heap, "_frozen", False)
    yield
    gc.unfreeze()


def test_the_heap_is_frozen_once_after_the_warm_up_requests(client, settings, fresh_counter):
    settings.WEB_HEAP_FREEZE_AFTER = 3
    client.get("/healthz")
    client.get("/healthz")
    assert gc.get_freeze_count() == 0 and not warm_heap._frozen
    client.get("/healthz")
    assert warm_heap._frozen and gc.get_freeze_count() > 0
    frozen = gc.get_freeze_count()
    client.get("/healthz")
    assert gc.get_freeze_count() <= frozen, "frozen once, not on every request (a second freeze would add more)"


def test_the_test_settings_never_freeze(client, fresh_counter):
    for _ in range(3):
        client.get("/healthz")
    assert not warm_heap._frozen and gc.get_freeze_count() == 0
