"""Our wechatpy wrapper against the WeChat simulator on loopback: no function is patched."""

import subprocess
import sys
import threading
import time

import pytest

from channels.simulators.wechat import WeChatSimulator
from channels.wechat import (
    CallbackRejected,
    ErrorClass,
    WeChatError,
    add_draft,
    add_thumb,
    get_client,
    get_publish_status,
    make_client_msg_id,
    mass_send,
    parse_publish_event,
    submit_publish,
    upload_article_image,
)
from channels.wechat.client import ConfiguredWeChatClient
from channels.wechat.errors import classify
from tests.processes import ROOT

from .conftest import APP_ID, SECRET, article, image_bytes

pytestmark = pytest.mark.integration


def published_draft(wechat, small_jpeg, **overrides):
    thumb = add_thumb(small_jpeg, client=wechat)
    return add_draft(article(thumb, **overrides), client=wechat)


# -- the token ----------------------------------------------------------------------------------------
def test_every_call_goes_to_the_configured_base_url_and_the_token_comes_from_stable_token(sim, wechat):
    assert wechat.access_token == sim.current_token
    assert sim.calls["stable_token"] == 1
    assert sim.calls["token"] == 0  # wechatpy's hard-coded classic /token is never used


def test_two_clients_share_one_token_through_the_cache(sim, make_client, small_jpeg):
    first, second = make_client(), make_client()
    add_thumb(small_jpeg, client=first)
    add_thumb(small_jpeg, client=second)
    assert first.access_token == second.access_token == sim.current_token
    assert sim.calls["stable_token"] == 1
    assert sim.tokens_issued == 1


def test_concurrent_first_calls_fetch_the_token_once(sim, make_client):
    tokens, errors = [], []

    def fetch():
        try:
            tokens.append(make_client().access_token)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=fetch) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(tokens)) == 1
    assert sim.calls["stable_token"] == 1


def test_wrong_secret_is_a_config_error_with_a_chinese_message(make_client):
    with pytest.raises(WeChatError) as caught:
        make_client(secret="not-the-secret").fetch_access_token()
    assert caught.value.error_class is ErrorClass.CONFIG
    assert caught.value.errcode == 40125
    assert "AppSecret" in caught.value.message_zh and "推送已暂停" in caught.value.message_zh
    assert not caught.value.retryable


def test_unknown_app_id_is_a_config_error(make_client):
    with pytest.raises(WeChatError) as caught:
        make_client(app_id="wx_somebody_else").fetch_access_token()
    assert (caught.value.errcode, caught.value.error_class) == (40013, ErrorClass.CONFIG)


def test_caller_ip_off_the_whitelist_is_a_config_error(sim, wechat):
    sim.whitelist = {"203.0.113.7"}
    with pytest.raises(WeChatError) as caught:
        wechat.fetch_access_token()
    assert (caught.value.errcode, caught.value.error_class) == (40164, ErrorClass.CONFIG)
    assert "白名单" in caught.value.message_zh


def test_a_token_invalidated_by_wechat_is_refreshed_once_and_the_call_retried(sim, wechat, small_jpeg):
    old = wechat.access_token
    sim.invalidate_tokens()
    media_id = add_thumb(small_jpeg, client=wechat)
    assert media_id in sim.materials
    assert wechat.access_token != old
    assert sim.calls["stable_token"] == 2
    assert sim.calls["material/add_material"] == 2  # refused once, then accepted
    assert sim.force_refreshes == 0


def test_an_expired_token_is_refreshed_once(sim, wechat, small_jpeg):
    assert wechat.access_token
    sim.expire_tokens()
    assert add_thumb(small_jpeg, client=wechat) in sim.materials
    assert sim.calls["stable_token"] == 2


def test_a_token_refused_again_after_the_refresh_stops_without_looping(sim, wechat, small_jpeg):
    assert wechat.access_token
    sim.refuse_tokens = True  # every token, even a fresh one, answers 40001
    for _ in range(3):
        with pytest.raises(WeChatError) as caught:
            add_thumb(small_jpeg, client=wechat)
        assert caught.value.error_class is ErrorClass.AUTH
    assert sim.calls["material/add_material"] == 4  # one retry, then no more retries at all
    assert sim.force_refreshes == 1  # a forced refresh at most once in ten minutes, whatever happens


# -- images and covers ----------------------------------------------------------------------------------
def test_article_images_are_rehosted_once_per_content(sim, wechat, small_png):
    url = upload_article_image(small_png, "chart.png", client=wechat)
    assert url.startswith("http://mmbiz.qpic.cn/")
    assert upload_article_image(small_png, "same-chart-again.png", client=wechat) == url
    assert sim.calls["media/uploadimg"] == 1
    assert len(sim.uploaded_images) == 1


def test_an_image_over_1_mb_is_a_content_error(wechat):
    big = image_bytes("PNG", size=(700, 700), noise=True)
    assert len(big) > 1024 * 1024
    with pytest.raises(WeChatError) as caught:
        upload_article_image(big, "big.png", client=wechat)
    assert (caught.value.errcode, caught.value.error_class) == (40009, ErrorClass.CONTENT)
    assert "1 MB" in caught.value.message_zh


def test_a_gif_is_a_content_error(wechat):
    with pytest.raises(WeChatError) as caught:
        upload_article_image(image_bytes("GIF"), "anim.gif", client=wechat)
    assert (caught.value.errcode, caught.value.error_class) == (40005, ErrorClass.CONTENT)


def test_a_thumb_over_64_kb_is_refused(sim, wechat):
    cover = image_bytes("JPEG", size=(300, 300), noise=True, quality=95)
    assert len(cover) > 64 * 1024
    with pytest.raises(WeChatError) as caught:
        add_thumb(cover, client=wechat)
    assert caught.value.error_class is ErrorClass.CONTENT
    assert not sim.materials


# -- drafts, publishing ----------------------------------------------------------------------------------
def test_an_external_link_is_a_content_error(sim, wechat, small_jpeg):
    thumb = add_thumb(small_jpeg, client=wechat)
    content = '<p>原文见<a href="https://www.gov.cn/zhengce/content/2026-01/01/content_1.htm">国务院网站</a></p>'
    with pytest.raises(WeChatError) as caught:
        add_draft(article(thumb, content=content), client=wechat)
    assert (caught.value.errcode, caught.value.error_class) == (45166, ErrorClass.CONTENT)
    assert "外部链接" in caught.value.message_zh
    assert not sim.drafts


def test_a_long_title_is_a_content_error(wechat, small_jpeg):
    with pytest.raises(WeChatError) as caught:
        published_draft(wechat, small_jpeg, title="关" * 33)
    assert (caught.value.errcode, caught.value.error_class) == (45003, ErrorClass.CONTENT)


def test_a_temporary_or_unknown_cover_is_a_content_error(wechat):
    with pytest.raises(WeChatError) as caught:
        add_draft(article("not-a-permanent-material"), client=wechat)
    assert (caught.value.errcode, caught.value.error_class) == (40007, ErrorClass.CONTENT)


def test_publish_polling_to_success(sim, wechat, small_jpeg):
    sim.publish_polls = 2
    publish_id = submit_publish(published_draft(wechat, small_jpeg), client=wechat)
    states = [get_publish_status(publish_id, client=wechat) for _ in range(3)]
    assert [s.status for s in states] == [1, 1, 0]
    assert states[0].publishing and states[0].error is None
    done = states[-1]
    assert done.published and done.article_id == sim.job(publish_id)["article_id"]
    assert done.article_urls[0].startswith("https://mp.weixin.qq.com/s/")


@pytest.mark.parametrize(
    ("outcome", "error_class"), [(2, ErrorClass.CONTENT), (3, ErrorClass.TRANSIENT), (4, ErrorClass.CONTENT)]
)
def test_publish_polling_to_failure(sim, wechat, small_jpeg, outcome, error_class):
    sim.publish_polls, sim.publish_outcome = 0, outcome
    publish_id = submit_publish(published_draft(wechat, small_jpeg), client=wechat)
    result = get_publish_status(publish_id, client=wechat)
    assert result.status == outcome and not result.published
    assert result.error.error_class is error_class
    assert result.error.message_zh


# -- the PUBLISHJOBFINISH callback ---------------------------------------------------------------------
def test_callback_with_a_good_signature_is_read(sim, wechat, small_jpeg):
    publish_id = submit_publish(published_draft(wechat, small_jpeg), client=wechat)
    xml, q = sim.build_publish_event(publish_id, token="cb-token")
    event = parse_publish_event(xml, q["signature"], q["timestamp"], q["nonce"], "cb-token")
    assert event.publish_id == publish_id and event.status == 0
    assert event.result.article_urls == sim.job(publish_id)["article_urls"]  # one <item>: a dict in XML


def test_callback_with_several_items_is_read_as_a_list(sim, wechat, small_jpeg):
    publish_id = submit_publish(published_draft(wechat, small_jpeg), client=wechat)
    sim.job(publish_id)["article_urls"] = ["https://mp.weixin.qq.com/s/a", "https://mp.weixin.qq.com/s/b"]
    xml, q = sim.build_publish_event(publish_id, token="cb-token")
    event = parse_publish_event(xml, q["signature"], q["timestamp"], q["nonce"], "cb-token")
    assert event.result.article_urls == ["https://mp.weixin.qq.com/s/a", "https://mp.weixin.qq.com/s/b"]


def test_callback_with_a_bad_signature_stale_timestamp_or_replayed_nonce_is_refused(sim, wechat, small_jpeg):
    publish_id = submit_publish(published_draft(wechat, small_jpeg), client=wechat)
    xml, q = sim.build_publish_event(publish_id, token="another-token")
    with pytest.raises(CallbackRejected) as caught:
        parse_publish_event(xml, q["signature"], q["timestamp"], q["nonce"], "cb-token")
    assert caught.value.reason == "signature"

    xml, q = sim.build_publish_event(publish_id, token="cb-token", timestamp=time.time() - 301)
    with pytest.raises(CallbackRejected) as caught:
        parse_publish_event(xml, q["signature"], q["timestamp"], q["nonce"], "cb-token")
    assert caught.value.reason == "stale"

    xml, q = sim.build_publish_event(publish_id, token="cb-token")
    parse_publish_event(xml, q["signature"], q["timestamp"], q["nonce"], "cb-token")
    with pytest.raises(CallbackRejected) as caught:
        parse_publish_event(xml, q["signature"], q["timestamp"], q["nonce"], "cb-token")
    assert caught.value.reason == "replay"
    assert "重复" in caught.value.message_zh


def test_callback_token_defaults_to_the_setting(sim, wechat, small_jpeg, settings):
    settings.WECHAT_TOKEN = "token-from-settings"
    publish_id = submit_publish(published_draft(wechat, small_jpeg), client=wechat)
    xml, q = sim.build_publish_event(publish_id, token="token-from-settings")
    assert parse_publish_event(xml.encode(), q["signature"], q["timestamp"], q["nonce"]).status == 0


# -- mass send -------------------------------------------------------------------------------------------
def test_mass_send_repeated_with_the_same_clientmsgid_is_a_success_sent_once(sim, wechat, small_jpeg):
    media_id = published_draft(wechat, small_jpeg)
    client_msg_id = make_client_msg_id("page", 42, "revision", 7)
    first = mass_send(media_id, client_msg_id, client=wechat)
    again = mass_send(media_id, client_msg_id, client=wechat)
    assert not first.duplicate and again.duplicate
    assert again.msg_id == first.msg_id
    assert len(sim.mass_sends) == 1


def test_mass_send_without_quota_is_a_quota_error(sim, wechat, small_jpeg):
    media_id = published_draft(wechat, small_jpeg)
    mass_send(media_id, make_client_msg_id("first"), client=wechat)
    with pytest.raises(WeChatError) as caught:
        mass_send(media_id, make_client_msg_id("second"), client=wechat)
    assert (caught.value.errcode, caught.value.error_class) == (45028, ErrorClass.QUOTA)
    assert caught.value.retry_after > 0 and "明天再发" in caught.value.message_zh  # a person chooses


def test_client_msg_id_must_be_short_ascii(wechat):
    with pytest.raises(ValueError):
        mass_send("media", "政策" * 3, client=wechat)


# -- faults ----------------------------------------------------------------------------------------------
def test_a_hanging_server_is_a_transient_timeout_within_the_timeout(sim, make_client, small_jpeg):
    wechat = make_client(timeout=0.5)
    assert wechat.access_token
    sim.faults.force("draft/add", "hang")
    thumb = add_thumb(small_jpeg, client=wechat)
    started = time.monotonic()
    with pytest.raises(WeChatError) as caught:
        add_draft(article(thumb), client=wechat)
    assert time.monotonic() - started < 1.5
    assert caught.value.error_class is ErrorClass.TRANSIENT and caught.value.retryable
    assert "超时" in caught.value.message_zh


def test_a_connection_dropped_after_processing_is_transient_and_the_draft_exists(sim, wechat, small_jpeg):
    thumb = add_thumb(small_jpeg, client=wechat)
    sim.faults.force("draft/add", "drop")
    with pytest.raises(WeChatError) as caught:
        add_draft(article(thumb), client=wechat)
    assert caught.value.error_class is ErrorClass.TRANSIENT
    assert len(sim.drafts) == 1  # it happened; the caller must not assume otherwise
    assert sim.calls["draft/add"] == 1  # and the client did not blindly send it again


@pytest.mark.parametrize(
    ("fault", "error_class"),
    [("http500", ErrorClass.TRANSIENT), ("errcode-1", ErrorClass.TRANSIENT), ("45011", ErrorClass.RATE)],
)
def test_server_faults_are_classified(sim, wechat, small_jpeg, fault, error_class):
    sim.faults.force("freepublish/submit", fault)
    with pytest.raises(WeChatError) as caught:
        submit_publish(published_draft(wechat, small_jpeg), client=wechat)
    assert caught.value.error_class is error_class
    assert not sim.publishes


def test_a_dropped_mass_send_is_retried_and_the_repeat_is_recognised(sim, wechat, small_jpeg):
    media_id = published_draft(wechat, small_jpeg)
    sim.faults.force("message/mass/sendall", "drop")
    result = mass_send(media_id, make_client_msg_id("page", 1), client=wechat)
    assert result.duplicate and result.msg_id == sim.mass_sends[0]["msg_id"]
    assert len(sim.mass_sends) == 1 and sim.calls["message/mass/sendall"] == 2


def test_a_transient_failure_of_a_read_is_retried_a_bounded_number_of_times(sim, wechat, small_jpeg):
    publish_id = submit_publish(published_draft(wechat, small_jpeg), client=wechat)
    sim.faults.force("freepublish/get", "errcode-1")
    assert get_publish_status(publish_id, client=wechat).status == 1
    assert sim.calls["freepublish/get"] == 2
    sim.faults.force("freepublish/get", "http500", times=5)
    with pytest.raises(WeChatError) as caught:
        get_publish_status(publish_id, client=wechat)
    assert caught.value.error_class is ErrorClass.TRANSIENT and caught.value.http_status == 500
    assert sim.calls["freepublish/get"] == 4  # one try and one retry


# -- configuration ------------------------------------------------------------------------------------------
def test_get_client_reads_the_settings(sim, settings, small_png):
    settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET = APP_ID, SECRET
    settings.WECHAT_API_BASE_URL, settings.WECHAT_TIMEOUT = sim.base_url, 1.5
    client = get_client()
    assert isinstance(client, ConfiguredWeChatClient) and client.timeout == 1.5
    assert upload_article_image(small_png, "a.png").startswith("http://mmbiz.qpic.cn/")


def test_get_client_without_credentials_is_a_config_error(settings):
    settings.WECHAT_APP_ID = ""
    with pytest.raises(WeChatError) as caught:
        get_client()
    assert caught.value.error_class is ErrorClass.CONFIG


def test_official_absolute_urls_are_rebased_onto_the_simulator(sim, wechat):
    assert wechat._rebase("https://api.weixin.qq.com/cgi-bin/draft/add", None) == sim.base_url + "draft/add"
    assert wechat._rebase("https://api.weixin.qq.com/wxa/x", None) == sim.origin + "/wxa/x"


def test_classifier_covers_the_field_notes():
    expected = {
        ErrorClass.TRANSIENT: [-1],
        ErrorClass.AUTH: [40001, 40014, 42001],
        ErrorClass.RATE: [45011, 53501],
        ErrorClass.QUOTA: [45009, 45028],
        ErrorClass.CONTENT: [45002, 45003, 45004, 45166, 40005, 40009, 40007, 53503],
        ErrorClass.CONFIG: [40013, 40125, 40164, 40243, 48001, 48004, 50001, 50002],
    }
    for error_class, codes in expected.items():
        assert [classify(code) for code in codes] == [error_class] * len(codes)
    assert classify(http_status=502) is ErrorClass.TRANSIENT
    assert classify(99999) is ErrorClass.UNKNOWN


def test_a_simulator_with_another_base_url_gets_its_own_token(sim, wechat):
    assert wechat.access_token == sim.current_token
    with WeChatSimulator(APP_ID, SECRET) as other:
        assert ConfiguredWeChatClient(APP_ID, SECRET, base_url=other.base_url).access_token == other.current_token
    assert other.current_token != sim.current_token


TOKEN_IN_A_PROCESS = """
import sys
import django
from django.conf import settings
settings.configure(CACHES={"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                       "LOCATION": sys.argv[1]}})
django.setup()
from channels.wechat.client import ConfiguredWeChatClient
print(ConfiguredWeChatClient(sys.argv[2], sys.argv[3], base_url=sys.argv[4], timeout=5).access_token)
"""


def test_processes_sharing_the_file_cache_share_one_token(sim, tmp_path):
    sim.hang_seconds = 1.0
    sim.faults.force("stable_token", "hang")  # the first fetch is slow: the others wait for its lock
    args = [sys.executable, "-c", TOKEN_IN_A_PROCESS, str(tmp_path / "cache"), APP_ID, SECRET, sim.base_url]
    processes = [subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True) for _ in range(4)]
    tokens = {process.communicate(timeout=30)[0].strip() for process in processes}
    assert tokens == {sim.current_token}
    assert sim.calls["stable_token"] == 1
