"""The demo partners load twice without change."""

import pytest

from channels.partners import demo
from channels.partners.models import PressPartner

pytestmark = pytest.mark.django_db


def test_demo_partners_load_idempotently():
    demo.load()
    first = {p.name: (p.webhook_secret, p.pull_token) for p in PressPartner.objects.all()}
    assert "已存在" in demo.load()
    assert {p.name: (p.webhook_secret, p.pull_token) for p in PressPartner.objects.all()} == first
    pusher, reader = PressPartner.objects.get(name="县融媒体中心"), PressPartner.objects.get(name="市日报社")
    assert pusher.webhook_enabled and pusher.webhook_url == "http://127.0.0.1:8766/webhooks/policies"
    assert reader.pull_enabled and not reader.webhook_enabled
