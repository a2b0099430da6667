"""等保 2.0, secrets at rest: a partner's signing secret is stored encrypted, its pull token only as a digest; both
are shown once (at creation or rotation) and never again; pushes still verify and pulls still work."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from bodies.models import DisclosingBody
from channels.adapters.base import OutcomeState, get_adapter
from channels.models import WeChatAccount
from channels.partners.models import PressPartner, TokenNotKept
from cms.foundation import vault
from tests.factories import site

pytestmark = pytest.mark.django_db


def raw_row(partner) -> str:
    """Every column of the partner's row as the database holds it, read past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM partners_presspartner WHERE id = %s", [partner.pk])
        return " ".join(str(value) for value in cursor.fetchone())


def admin_url(name, *args):
    return reverse(f"wagtailsnippets_partners_presspartner:{name}", args=args)


def test_the_row_holds_neither_the_secret_nor_the_token(make_partner):
    partner = make_partner(webhook_enabled=True, webhook_url="https://rongmei.example.cn/hook", pull_enabled=True)
    secret, token = partner.webhook_secret, partner.pull_token
    row = raw_row(partner)
    assert secret not in row and secret.removeprefix("whsec_") not in row and token not in row
    assert vault.digest(token) in row and partner.pull_token_hint == token[-4:]
    reloaded = PressPartner.objects.get(pk=partner.pk)
    assert reloaded.webhook_secret == secret, "the signing secret is recoverable: it signs every push"
    with pytest.raises(TokenNotKept):
        reloaded.pull_token  # noqa: B018 - only its digest was kept
    assert secret not in repr(reloaded) and secret not in str(reloaded)


def test_a_push_signed_with_the_stored_secret_verifies_at_the_partner(webhook_partner, receiver, release_policy, saved):
    assert webhook_partner.webhook_secret not in raw_row(webhook_partner)
    partner = PressPartner.objects.get(pk=webhook_partner.pk)  # as the worker loads it: decrypted on use
    adapter = get_adapter("partner_webhook")
    release = release_policy()
    outcome = adapter.deliver(
        release, partner.target, adapter.render(release, partner.target, {}), saved.checkpoints(), {}
    )
    assert outcome.state == OutcomeState.DELIVERED and receiver.unique_count == 1 and not receiver.rejected


def test_pull_by_token_and_a_wrong_one_fails(client, make_partner):
    reader = make_partner("市日报社", pull_enabled=True)
    token = reader.pull_token
    api = reverse("partners:releases_api")
    assert client.get(api, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(api, headers={"Authorization": f"Bearer {wrong}"}).status_code == 401
    digest = vault.digest(token)
    assert client.get(api, headers={"Authorization": f"Bearer {digest}"}).status_code == 401, "the digest is no token"
    assert PressPartner.objects.filter(pull_token_hash=digest).count() == 1


def test_two_keys_the_old_decrypts_the_new_encrypts_and_rotate_secrets_moves_everything(settings, make_partner):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ACCOUNT_ENCRYPTION_KEY = [old]
    partner = make_partner(webhook_enabled=True, webhook_url="https://rongmei.example.cn/hook")
    secret = partner.webhook_secret
    account = WeChatAccount(disclosing_body=site.body(), name="历阳发布", app_id="wx1234567890abcdef")
    account.app_secret = "app-secret-of-liyang-0001"
    account.save()

    settings.ACCOUNT_ENCRYPTION_KEY = [new, old]
    assert PressPartner.objects.get(pk=partner.pk).webhook_secret == secret, "the old key still decrypts"
    fresh = make_partner("市日报社", webhook_enabled=True, webhook_url="https://ribao.example.cn/hook")
    assert Fernet(new.encode()).decrypt(fresh.webhook_secret_ciphertext.encode()), "the first key encrypts"

    call_command("rotate_secrets", "--check", stdout=(out := _Out()))
    assert "2 row(s) not yet under the first key" in out.text
    call_command("rotate_secrets", stdout=(out := _Out()))
    assert "partners.PressPartner: 2/2 checked, 1 re-encrypted" in out.text
    assert "channels.WeChatAccount: 1/1 checked, 1 re-encrypted" in out.text and secret not in out.text

    settings.ACCOUNT_ENCRYPTION_KEY = [new]  # the old key dropped
    assert PressPartner.objects.get(pk=partner.pk).webhook_secret == secret
    assert WeChatAccount.objects.get(pk=account.pk).app_secret == "app-secret-of-liyang-0001"


def test_rotate_secrets_refuses_to_bless_a_key_change_that_lost_a_secret(settings, make_partner):
    settings.ACCOUNT_ENCRYPTION_KEY = [Fernet.generate_key().decode()]
    partner = make_partner(webhook_enabled=True, webhook_url="https://rongmei.example.cn/hook")
    settings.ACCOUNT_ENCRYPTION_KEY = [Fernet.generate_key().decode()]  # replaced, not rotated
    with pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("rotate_secrets", stdout=_Out(), stderr=(err := _Out()))
    assert f"id {partner.pk}" in err.text
    assert "无法解密" in PressPartner.objects.get(pk=partner.pk).secret_display


def test_the_admin_shows_secret_and_token_once_then_only_that_they_are_set(login):
    admin = login("admin")
    body = DisclosingBody.objects.get(slug="liyang")
    created = admin.post(
        admin_url("add"),
        {"disclosing_body": body.pk, "name": "省电视台", "active": "on", "pull_enabled": "on"},
    )
    partner = PressPartner.objects.get(name="省电视台")
    secret, shown = partner.webhook_secret, created.content.decode()
    [token] = [word for word in shown.replace("<", " ").replace(">", " ").split() if word.startswith("ppt_")]
    assert secret in shown and PressPartner.objects.for_pull_token(token) == partner
    for name in ("edit", "list", "history"):
        page = admin.get(admin_url(name, partner.pk) if name != "list" else admin_url(name)).content.decode()
        assert secret not in page and token not in page, name
    edit = admin.get(admin_url("edit", partner.pk)).content.decode()
    assert f"末四位 <code>{token[-4:]}</code>" in edit and "生成于" in edit


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass
