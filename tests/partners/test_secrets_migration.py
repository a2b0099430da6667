"""Deploying secrets at rest: partners saved with a clear secret and token keep working with what they were given,
while the database keeps only the ciphertext and the digest; going back restores the secret."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from channels.partners.models import PressPartner
from cms.foundation import vault
from tests.factories import site
from tests.migrations import migrate, migrate_to_latest, rolled_back_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("partners", "0003_disclosing_body_required")]
SECRETS = ["whsec_" + "A" * 43 + "=", "whsec_" + "B" * 43 + "="]
TOKENS = ["ppt_" + "x" * 43, "ppt_" + "y" * 43]


def test_clear_secrets_and_tokens_are_encrypted_and_hashed_and_still_work(client):
    body = site.body()
    with rolled_back_to(BEFORE) as apps:
        OldPartner = apps.get_model("partners", "PressPartner")
        for index, name in enumerate(("县融媒体中心", "市日报社")):
            OldPartner.objects.create(
                disclosing_body_id=body.pk,
                name=name,
                webhook_secret=SECRETS[index],
                pull_token=TOKENS[index],
                pull_enabled=True,
                created_at=timezone.now(),
            )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM partners_presspartner")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    for clear in (*SECRETS, *TOKENS):
        assert clear not in stored
    pusher, reader = PressPartner.objects.get(name="县融媒体中心"), PressPartner.objects.get(name="市日报社")
    assert (pusher.webhook_secret, reader.webhook_secret) == tuple(SECRETS)
    assert reader.pull_token_hash == vault.digest(TOKENS[1]) and reader.pull_token_hint == TOKENS[1][-4:]
    assert reader.webhook_secret_set_at == reader.created_at
    api = reverse("partners:releases_api")
    assert client.get(api, headers={"Authorization": f"Bearer {TOKENS[1]}"}).status_code == 200

    try:
        apps = migrate(BEFORE)  # and back: the secret comes back in clear, each token is a new one
        OldPartner = apps.get_model("partners", "PressPartner")
        restored = {p.name: (p.webhook_secret, p.pull_token) for p in OldPartner.objects.all()}
        assert restored["县融媒体中心"][0] == SECRETS[0] and restored["市日报社"][0] == SECRETS[1]
        assert all(token.startswith("ppt_") and token not in TOKENS for _, token in restored.values())
        assert len({token for _, token in restored.values()}) == 2
    finally:
        migrate_to_latest()
