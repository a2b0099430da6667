"""安全模式: each account's publish callbacks come encrypted with its own EncodingAESKey (the simulator encrypts them
with wechatpy, as WeChat does); a push sealed with another account's key, signed wrongly, replayed or sent in clear
to an account that encrypts is refused and settles nothing. 兼容模式 takes both; the admin checks the key."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from channels.ledger.runs import process
from channels.models import Delivery, WeChatAccount
from channels.wechat.events import callback_signature
from channels.wechat.safe_mode import aes_key_problem
from tests.factories import site
from tests.factories.ledger import make_due
from tests.factories.library import work_plan

from . import accounts_setup
from .accounts_setup import COUNTY_APP, COUNTY_TOKEN, TOWN_APP, TOWN_TOKEN, county_account, county_policy, town_account
from .test_wechat_accounts import body_admin

pytestmark = pytest.mark.django_db
two_accounts, rings = accounts_setup.two_accounts, accounts_setup.rings  # fixtures


def aes_key(seed: str) -> str:
    """A valid EncodingAESKey (43 characters: base64 of 32 bytes without its "="), fixed per seed."""
    return base64.b64encode(hashlib.sha256(seed.encode()).digest()).decode().rstrip("=")


COUNTY_KEY, TOWN_KEY = aes_key("hexian"), aes_key("liyang")


@pytest.fixture
def office(db):
    site.office()


def with_key(row: WeChatAccount, key: str, mode: str = WeChatAccount._meta.get_field("message_mode").default):
    row.encoding_aes_key, row.message_mode = key, mode
    row.save()
    return row


def submitted_town_row(simulator, mode: str = "safe") -> Delivery:
    """The town's work plan submitted to WeChat through the town's account, which has a key (and the county's)."""
    with_key(county_account(), COUNTY_KEY)
    with_key(town_account(), TOWN_KEY, mode)
    simulator.aes_keys.update({COUNTY_APP: COUNTY_KEY, TOWN_APP: TOWN_KEY})
    [row] = Delivery.objects.filter(channel="wechat", release__policy=work_plan())
    make_due(row)
    process(row.pk)
    row.refresh_from_db()
    assert row.state == Delivery.State.SUBMITTED, row.last_error_zh
    return row


def post(client, xml: str, params: dict):
    return client.post(f"{reverse('channels_wechat_callback')}?{urlencode(params)}", xml, content_type="text/xml")


def assert_untouched(row: Delivery):
    row.refresh_from_db()
    assert row.state == Delivery.State.SUBMITTED
    assert not row.attempt_log.filter(outcome="callback").exists()


def assert_settled(row: Delivery):
    row.refresh_from_db()
    assert row.state == Delivery.State.DELIVERED, row.last_error_zh
    assert row.attempt_log.filter(outcome="callback").exists()


def test_an_encrypted_push_settles_the_towns_article(office, two_accounts, rings, client):
    row = submitted_town_row(two_accounts)
    xml, params = two_accounts.build_publish_event(row.external_id)
    assert params["encrypt_type"] == "aes" and "<Encrypt>" in xml
    assert row.external_id not in xml and "PUBLISHJOBFINISH" not in xml, "only ciphertext travels"
    answer = post(client, xml, params)
    assert (answer.status_code, answer.content) == (200, b"success")
    assert_settled(row)


def test_forged_replayed_and_foreign_encrypted_pushes_are_refused(office, two_accounts, rings, client):
    row = submitted_town_row(two_accounts)
    build = two_accounts.build_publish_event
    foreign_key = post(client, *build(row.external_id, aes_key=COUNTY_KEY))  # signed with the town's token
    assert foreign_key.status_code == 403 and "解密" in foreign_key.content.decode()
    foreign_app = post(client, *build(row.external_id, app_id=COUNTY_APP))  # the town's key, the county's AppID
    assert foreign_app.status_code == 403 and "AppID" in foreign_app.content.decode()
    xml, params = build(row.external_id)
    wrong = post(client, xml, {**params, "msg_signature": "0" * 40})
    assert wrong.status_code == 403 and "签名" in wrong.content.decode()
    by_county = post(client, *build(row.external_id, token=COUNTY_TOKEN, aes_key=COUNTY_KEY, app_id=COUNTY_APP))
    assert by_county.content == b"success", "a genuine push of the county's account: it settles no town row"
    stale = post(client, *build(row.external_id, timestamp=two_accounts.now() - 3600))
    assert stale.status_code == 403
    assert_untouched(row)

    assert post(client, xml, params).content == b"success"
    assert_settled(row)
    replay = post(client, xml, params)
    assert replay.status_code == 403 and "重复" in replay.content.decode()


@pytest.mark.parametrize(
    ("encrypt", "words"),
    [
        ("not base64 at all!", "无法解析"),
        (base64.b64encode(b"x" * 31).decode(), "无法解析"),  # not whole blocks
        (base64.b64encode(bytes(range(64))).decode(), "解密"),  # whole blocks of garbage: bad padding under the key
    ],
)
def test_a_malformed_ciphertext_signed_with_the_right_token_is_refused_not_a_crash(
    office, two_accounts, rings, client, encrypt, words
):
    row = submitted_town_row(two_accounts)
    _xml, params = two_accounts.build_publish_event(row.external_id)
    xml = f"<xml><ToUserName><![CDATA[gh_x]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    params["msg_signature"] = callback_signature(TOWN_TOKEN, params["timestamp"], params["nonce"], encrypt)
    answer = post(client, xml, params)
    assert answer.status_code == 403 and words in answer.content.decode()
    assert post(client, "<xml><ToUserName>gh_x</ToUserName></xml>", params).status_code == 403, "no <Encrypt>"
    assert_untouched(row)


@pytest.mark.parametrize(
    ("account_mode", "push_mode", "accepted"),
    [
        ("safe", "plain", False),  # leaving out the encryption does not get round it
        ("safe", "compat", True),
        ("compat", "plain", True),
        ("compat", "safe", True),
        ("plain", "plain", True),
    ],
)
def test_the_message_mode_decides_which_pushes_are_believed(
    office, two_accounts, rings, client, account_mode, push_mode, accepted
):
    row = submitted_town_row(two_accounts, account_mode)
    answer = post(client, *two_accounts.build_publish_event(row.external_id, mode=push_mode))
    if accepted:
        assert answer.content == b"success"
        assert_settled(row)
    else:
        assert answer.status_code == 403 and "安全模式" in answer.content.decode()
        assert_untouched(row)


def test_an_account_without_a_key_still_takes_plaintext(office, two_accounts, rings, client):
    """The mode defaults to 安全模式, but with no EncodingAESKey nothing could be encrypted: rows from before keep
    working in 明文模式."""
    county_account(), town_account()
    [row] = Delivery.objects.filter(channel="wechat", release__policy=work_plan())
    make_due(row)
    process(row.pk)
    row.refresh_from_db()
    assert post(client, *two_accounts.build_publish_event(row.external_id)).content == b"success"
    assert_settled(row)


def test_the_environment_account_in_safe_mode(office, two_accounts, rings, client, settings):
    settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET = COUNTY_APP, accounts_setup.COUNTY_SECRET
    settings.WECHAT_TOKEN, settings.WECHAT_ENCODING_AES_KEY, settings.WECHAT_MESSAGE_MODE = COUNTY_TOKEN, COUNTY_KEY, ""
    two_accounts.aes_keys[COUNTY_APP] = COUNTY_KEY
    [row] = Delivery.objects.filter(channel="wechat", release__policy=county_policy())
    assert row.target == "account"
    make_due(row)
    process(row.pk)
    row.refresh_from_db()
    plain = post(client, *two_accounts.build_publish_event(row.external_id, mode="plain"))
    assert plain.status_code == 403, "WECHAT_MESSAGE_MODE defaults to safe once WECHAT_ENCODING_AES_KEY is set"
    assert_untouched(row)
    assert post(client, *two_accounts.build_publish_event(row.external_id)).content == b"success"
    assert_settled(row)


# -- the admin screen -------------------------------------------------------------------------------------------
def test_the_admin_checks_the_key_and_the_mode(office, client):
    row = town_account()
    client.force_login(body_admin("ly_admin", "liyang"))
    edit = reverse("wechat_accounts:edit", args=(row.pk,))
    form = {"disclosing_body": row.disclosing_body_id, "name": "历阳发布", "app_id": TOWN_APP, "enabled": "on"}
    page = client.get(edit).content.decode()
    assert "消息加解密方式" in page and "安全模式" in page and "兼容模式" in page

    for bad, words in [("too-short", "43 个字符"), ("!" * 43, "只能包含")]:
        answer = client.post(edit, {**form, "encoding_aes_key": bad, "message_mode": "safe"})
        assert answer.status_code == 200 and words in answer.content.decode()
    answer = client.post(edit, {**form, "message_mode": "safe"})
    assert answer.status_code == 200 and "需要填写消息加解密密钥" in answer.content.decode()
    row.refresh_from_db()
    assert row.aes_key_ciphertext == ""

    assert client.post(edit, {**form, "encoding_aes_key": TOWN_KEY, "message_mode": "compat"}).status_code == 302
    row.refresh_from_db()
    assert (row.encoding_aes_key, row.message_mode) == (TOWN_KEY, "compat") and TOWN_KEY not in row.aes_key_ciphertext
    listing = client.get(reverse("wechat_accounts:index")).content.decode()
    assert "兼容模式" in listing and TOWN_KEY not in listing
    assert client.post(edit, {**form, "message_mode": "safe"}).status_code == 302, "the stored key is kept"
    row.refresh_from_db()
    assert (row.encoding_aes_key, row.message_mode) == (TOWN_KEY, "safe")


def test_what_counts_as_an_encoding_aes_key():
    assert aes_key_problem(TOWN_KEY) is None
    assert "43" in aes_key_problem(TOWN_KEY[:-1])
    assert "只能包含" in aes_key_problem(TOWN_KEY[:-1] + "-")
    assert aes_key_problem(TOWN_KEY[:-1] + "=")


# -- start-up -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"WECHAT_MESSAGE_MODE": "encrypted"}, "WECHAT_MESSAGE_MODE"),
        ({"WECHAT_MESSAGE_MODE": "safe"}, "WECHAT_MESSAGE_MODE"),  # and no key
        ({"WECHAT_ENCODING_AES_KEY": "short"}, "WECHAT_ENCODING_AES_KEY"),
    ],
)
def test_a_bad_message_mode_or_key_stops_the_start_with_one_clear_line(env, variable):
    from tests.foundation.test_configuration import assert_one_clear_line, start

    assert_one_clear_line(start("cms.settings.dev", **env), variable)


# -- 兼容模式 is an explicit choice, and said so ------------------------------------------------------------------
def test_compat_with_a_key_is_warned_about_at_start_and_on_each_plaintext_push(
    office, two_accounts, rings, client, settings, caplog
):
    from django.core.checks import run_checks

    settings.WECHAT_ENCODING_AES_KEY, settings.WECHAT_MESSAGE_MODE = COUNTY_KEY, "compat"
    assert "channels.W101" in {message.id for message in run_checks()}
    settings.WECHAT_MESSAGE_MODE = "safe"
    assert "channels.W101" not in {message.id for message in run_checks()}

    row = submitted_town_row(two_accounts, "compat")
    found = {message.id: message.msg for message in run_checks(databases=["default"])}
    assert "channels.W102" in found and "历阳发布" in found["channels.W102"]
    with caplog.at_level("WARNING", logger="channels.adapters.wechat_callback"):
        assert post(client, *two_accounts.build_publish_event(row.external_id, mode="plain")).content == b"success"
    assert "plaintext push accepted" in caplog.text and TOWN_KEY not in caplog.text
