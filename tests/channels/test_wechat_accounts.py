"""Each body's releases go out through its own WeChat official account (one simulator serving two accounts), with
its secrets encrypted at rest; the WECHAT_* variables stay the platform's default account; press partners get
only their own body's releases."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.urls import reverse

from channels.ledger.runs import process
from channels.models import ChannelOffer, ChannelTargetState, Delivery, WeChatAccount
from cms.foundation import vault
from tests.factories import site
from tests.factories.ledger import make_due
from tests.factories.library import work_plan
from tests.factories.partners import PartnerFactory

from . import accounts_setup
from .accounts_setup import (
    COUNTY_APP,
    COUNTY_SECRET,
    COUNTY_TITLE,
    TOWN_APP,
    TOWN_SECRET,
    county_account,
    county_policy,
    published_titles,
    run,
    town_account,
)

pytestmark = pytest.mark.django_db
two_accounts, rings = accounts_setup.two_accounts, accounts_setup.rings  # fixtures
WORK_PLAN_TITLE = "2018年历阳镇政务公开工作方案"


@pytest.fixture
def office(db):
    site.office()


def wechat_rows(**filters) -> list[Delivery]:
    return list(Delivery.objects.filter(channel="wechat", **filters))


def test_each_body_publishes_through_its_own_account(office, two_accounts, rings):
    county, town = county_account(), town_account()
    plan = work_plan()  # 历阳镇's
    policy = county_policy()  # 和县's
    [town_row] = wechat_rows(release__policy=plan)
    [county_row] = wechat_rows(release__policy=policy)
    assert (town_row.target, county_row.target) == (town.target, county.target)
    assert town_row.target_label == "公众号“历阳发布”"

    assert run(town_row).state == Delivery.State.DELIVERED, town_row.last_error_zh
    assert run(county_row).state == Delivery.State.DELIVERED, county_row.last_error_zh
    assert published_titles(two_accounts, TOWN_APP) == [WORK_PLAN_TITLE]
    assert published_titles(two_accounts, COUNTY_APP) == [COUNTY_TITLE]
    assert {m["app_id"] for m in two_accounts.materials.values()} == {TOWN_APP, COUNTY_APP}, "a cover per account"
    # The town has an account of its own, and the county may still carry the town's article: an offer waits.
    assert ChannelOffer.objects.get(release__policy=plan).receiving_body.slug == "hexian"


def test_a_body_without_an_account_gets_no_wechat_row_but_the_website_still_has_its_own(office, two_accounts, rings):
    county_account()
    plan = work_plan()
    channels = set(Delivery.objects.filter(release__policy=plan).values_list("channel", flat=True))
    assert channels == {"website"}
    offer = ChannelOffer.objects.get(release__policy=plan)
    assert (offer.offering_body.slug, offer.receiving_body.slug, offer.state) == ("liyang", "hexian", "pending")


def test_a_wrong_secret_pauses_only_that_account(office, two_accounts, rings, client):
    county, town = county_account(), town_account()
    town.app_secret = "not-the-secret"
    town.save()
    plan, policy = work_plan(), county_policy()
    [town_row], [county_row] = wechat_rows(release__policy=plan), wechat_rows(release__policy=policy)
    assert run(town_row).state == Delivery.State.RETRYING, "it waits for the account to be re-enabled"
    assert ChannelTargetState.is_disabled("wechat", town.target)
    assert not ChannelTargetState.is_disabled("wechat", county.target)
    assert run(county_row).state == Delivery.State.DELIVERED, "the county's account is not held up by the town's"
    assert published_titles(two_accounts, TOWN_APP) == []
    client.force_login(site.user("releaser"))  # 历阳镇's: the dashboard names the paused account as people know it
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f"公众号“{town.name}”" in dashboard and f"{town.target} " not in dashboard


def test_a_push_signed_with_the_towns_token_settles_the_towns_article(office, two_accounts, rings, client):
    county_account(), town_account()
    [row] = wechat_rows(release__policy=work_plan())
    make_due(row)
    process(row.pk)
    row.refresh_from_db()
    assert row.state == Delivery.State.SUBMITTED, row.last_error_zh
    xml, params = two_accounts.build_publish_event(row.external_id)  # signed with the town account's token
    callback = reverse("channels_wechat_callback")
    forged = {**params, "signature": "0" * 40}
    assert client.post(f"{callback}?{urlencode(forged)}", xml, content_type="text/xml").status_code == 403
    answer = client.post(f"{callback}?{urlencode(params)}", xml, content_type="text/xml")
    assert answer.content == b"success"
    row.refresh_from_db()
    assert row.state == Delivery.State.DELIVERED and row.attempt_log.filter(outcome="callback").exists()


def test_secrets_are_encrypted_at_rest_and_read_back(office, settings):
    settings.ACCOUNT_ENCRYPTION_KEY = [Fernet.generate_key().decode()]
    row = county_account()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT secret_ciphertext, token_ciphertext FROM {WeChatAccount._meta.db_table} WHERE id = %s", [row.pk]
        )
        secret_column, token_column = cursor.fetchone()
    assert COUNTY_SECRET not in secret_column and "hexian-callback-token" not in token_column
    fresh = WeChatAccount.objects.get(pk=row.pk)
    assert (fresh.app_secret, fresh.callback_token) == (COUNTY_SECRET, "hexian-callback-token")
    assert COUNTY_SECRET not in repr(fresh) and fresh.secret_display == "已设置(••••51c2)"

    settings.ACCOUNT_ENCRYPTION_KEY = [Fernet.generate_key().decode(), *settings.ACCOUNT_ENCRYPTION_KEY]
    assert WeChatAccount.objects.get(pk=row.pk).app_secret == COUNTY_SECRET, "an older key still decrypts"
    settings.ACCOUNT_ENCRYPTION_KEY = [Fernet.generate_key().decode()]
    with pytest.raises(vault.UndecryptableSecret):
        WeChatAccount.objects.get(pk=row.pk).app_secret  # noqa: B018


def test_the_environment_account_is_the_platforms_when_it_has_no_row(office, two_accounts, settings, rings):
    settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET = COUNTY_APP, COUNTY_SECRET
    policy, plan = county_policy(), work_plan()
    [county_row] = wechat_rows(release__policy=policy)
    assert county_row.target == "account", "the fixed target of the WECHAT_* account"
    assert run(county_row).state == Delivery.State.DELIVERED, county_row.last_error_zh
    assert published_titles(two_accounts, COUNTY_APP) == [COUNTY_TITLE]
    assert wechat_rows(release__policy=plan) == [], "the town has no account of its own"
    assert ChannelOffer.objects.get(release__policy=plan).receiving_body.slug == "hexian"


def test_press_partners_get_only_their_own_bodys_releases(office, rings):
    town_press = PartnerFactory(name="历阳镇融媒体", webhook_enabled=True, webhook_url="https://media.example.cn/in")
    county_press = PartnerFactory(
        name="和县融媒体中心",
        disclosing_body=site.body("hexian"),
        webhook_enabled=True,
        webhook_url="https://county.example.cn/in",
    )
    plan = work_plan()
    targets = set(
        Delivery.objects.filter(release__policy=plan, channel="partner_webhook").values_list("target", flat=True)
    )
    assert targets == {town_press.target}
    assert county_press.target not in targets


# -- the admin screen -------------------------------------------------------------------------------------------
ACCOUNT_PERMISSIONS = [
    "delivery_channels.add_wechataccount",
    "delivery_channels.change_wechataccount",
    "delivery_channels.view_wechataccount",
]


def body_admin(username: str, slug: str):
    group = site.GroupFactory(name="公开主体管理员", permissions=ACCOUNT_PERMISSIONS)
    return site.UserFactory(username=username, groups=[group], body=site.body(slug))


def test_the_admin_masks_the_secret_and_keeps_it_when_not_retyped(office, client):
    row = town_account()
    client.force_login(body_admin("ly_admin", "liyang"))
    edit = reverse("wechat_accounts:edit", args=(row.pk,))
    page = client.get(edit).content.decode()
    assert TOWN_SECRET not in page and "••••90d4" in page
    assert TOWN_SECRET not in client.get(reverse("wechat_accounts:index")).content.decode()
    form = {"disclosing_body": row.disclosing_body_id, "name": "历阳镇发布", "app_id": TOWN_APP, "enabled": "on"}
    response = client.post(edit, {**form, "app_secret": "", "callback_token": "", "encoding_aes_key": ""})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.name, row.app_secret, row.callback_token) == ("历阳镇发布", TOWN_SECRET, "liyang-callback-token")
    client.post(edit, {**form, "app_secret": "new-liyang-secret-0003"})
    row.refresh_from_db()
    assert row.app_secret == "new-liyang-secret-0003"


def test_only_the_bodys_people_see_its_account(office, client):
    county, town = county_account(), town_account()
    client.force_login(body_admin("ly_admin", "liyang"))
    listing = client.get(reverse("wechat_accounts:index")).content.decode()
    assert "历阳发布" in listing and "和县发布" not in listing
    assert client.get(reverse("wechat_accounts:edit", args=(county.pk,))).status_code == 404
    client.force_login(body_admin("hx_admin", "hexian"))
    assert client.get(reverse("wechat_accounts:edit", args=(town.pk,))).status_code == 200, "the county oversees"
    client.force_login(site.UserFactory(username="dzb_clerk", body=site.body("liyang")))
    assert client.get(reverse("wechat_accounts:index")).status_code in (302, 403), "no permission, no screen"


# -- start-up -----------------------------------------------------------------------------------------------------
PRODUCTION = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "gov.example", "SITE_URL": "https://gov.example"}


@pytest.mark.parametrize("key", [None, "not-a-fernet-key"])
def test_production_refuses_to_start_without_a_usable_encryption_key(key):
    from tests.foundation.test_configuration import assert_one_clear_line, start

    env = PRODUCTION if key is None else {**PRODUCTION, "ACCOUNT_ENCRYPTION_KEY": key}
    assert_one_clear_line(start("cms.settings.production", **env), "ACCOUNT_ENCRYPTION_KEY")
