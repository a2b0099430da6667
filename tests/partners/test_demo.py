"""The demo partners load twice without change."""

import pytest

from channels.partners import demo
from channels.partners.models import PressPartner
from tests.factories import site

pytestmark = pytest.mark.django_db


def test_without_any_body_the_demo_says_so_and_adds_nothing():
    assert demo.load() == "合作媒体:尚无公开主体" and not PressPartner.objects.exists()


def stored(partner):
    return partner.webhook_secret_ciphertext, partner.pull_token_hash


def test_demo_partners_load_idempotently(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    site.body()
    assert "demo-partner-credentials.txt" in demo.load()
    first = {p.name: stored(p) for p in PressPartner.objects.all()}
    second = demo.load()
    assert "已存在" in second and "ppt_" not in second and "whsec_" not in second
    assert {p.name: stored(p) for p in PressPartner.objects.all()} == first
    pusher, reader = PressPartner.objects.get(name="县融媒体中心"), PressPartner.objects.get(name="市日报社")
    assert pusher.webhook_enabled and pusher.webhook_url == "http://127.0.0.1:8766/webhooks/policies"
    assert reader.pull_enabled and not reader.webhook_enabled


def test_the_demo_hands_its_credentials_over_in_a_file_only_the_owner_reads(settings, tmp_path, client):
    """The pull token works once read from the file; the file is 0600; a second load does not rewrite it."""
    from django.urls import reverse

    settings.VAR_DIR = tmp_path
    site.body()
    message = demo.load()
    path = demo.credentials_file()
    assert str(path) in message and "ppt_" not in message
    assert path.stat().st_mode & 0o777 == 0o600
    text = path.read_text(encoding="utf-8")
    tokens = [line.split("=", 1)[1] for line in text.splitlines() if line.startswith("pull_token=")]
    reader = PressPartner.objects.get(name="市日报社")
    assert len(tokens) == 2 and PressPartner.objects.for_pull_token(tokens[1]) == reader
    answer = client.get(reverse("partners:releases_api"), headers={"Authorization": f"Bearer {tokens[1]}"})
    assert answer.status_code == 200
    pusher = PressPartner.objects.get(name="县融媒体中心")
    assert f"webhook_secret={pusher.webhook_secret}" in text
    demo.load()
    assert path.read_text(encoding="utf-8") == text


def test_the_receiver_command_verifies_with_the_demo_partners_secret():
    from django.core.management.base import CommandError

    from channels.partners.management.commands.partner_receiver import Command

    site.body()
    demo.load()
    assert Command._partner(None, demo.RECEIVER_PORT).name == "县融媒体中心"
    with pytest.raises(CommandError):
        Command._partner(None, 9999)
