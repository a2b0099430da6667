"""Existing partners: the signing secret encrypted under ACCOUNT_ENCRYPTION_KEY, the pull token replaced by its
SHA-256 and last four characters. Partners keep working with what they already have.

Going back restores the secret; a token cannot be recovered from its digest, so each partner gets a new one
(to be handed out again, as after a rotation).
"""

import secrets

from django.db import migrations

from cms.foundation import vault


def forwards(apps, schema_editor):
    PressPartner = apps.get_model("partners", "PressPartner")
    for partner in PressPartner.objects.order_by("pk"):
        values = {}
        if partner.webhook_secret and not partner.webhook_secret_ciphertext:
            values.update(
                webhook_secret_ciphertext=vault.encrypt(partner.webhook_secret),
                webhook_secret_set_at=partner.created_at,
            )
        if partner.pull_token and not partner.pull_token_hash:
            values.update(
                pull_token_hash=vault.digest(partner.pull_token),
                pull_token_hint=partner.pull_token[-4:],
                pull_token_set_at=partner.created_at,
            )
        values.update(webhook_secret="", pull_token="")
        PressPartner.objects.filter(pk=partner.pk).update(**values)


def backwards(apps, schema_editor):
    PressPartner = apps.get_model("partners", "PressPartner")
    for partner in PressPartner.objects.order_by("pk"):
        PressPartner.objects.filter(pk=partner.pk).update(
            webhook_secret=vault.decrypt(partner.webhook_secret_ciphertext),
            pull_token="ppt_" + secrets.token_urlsafe(32),
        )


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_secrets_at_rest_fields")]

    operations = [migrations.RunPython(forwards, backwards)]
