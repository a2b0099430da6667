"""The WeChat simulator itself, spoken to over HTTP as WeChat would be: it must behave as the field notes say,
or the client tests prove nothing."""

import threading

import pytest
import requests

from channels.simulators.faults import FaultInjector
from channels.simulators.loopback import LoopbackApp, Response
from channels.simulators.wechat import WeChatSimulator
from channels.simulators.wechat_rules import signature

from .conftest import APP_ID, SECRET, image_bytes

pytestmark = pytest.mark.integration


def stable_token(sim, force=False, secret=SECRET, appid=APP_ID):
    body = {"grant_type": "client_credential", "appid": appid, "secret": secret, "force_refresh": force}
    return requests.post(sim.base_url + "stable_token", json=body, timeout=5).json()


def call(sim, endpoint, token, body=None, files=None, **params):
    params["access_token"] = token
    return requests.post(sim.base_url + endpoint, params=params, json=body, files=files, timeout=5).json()


def upload(sim, token, data, endpoint="media/uploadimg", name="a.jpg", **params):
    return call(sim, endpoint, token, files={"media": (name, data, "application/octet-stream")}, **params)


@pytest.fixture
def token(sim):
    return stable_token(sim)["access_token"]


@pytest.fixture
def thumb(sim, token, small_jpeg):
    return upload(sim, token, small_jpeg, "material/add_material", type="thumb")["media_id"]


def draft(sim, token, thumb, **fields):
    article = {"title": "标题", "content": "<p>正文</p>", "thumb_media_id": thumb, **fields}
    return call(sim, "draft/add", token, {"articles": [article]})


# -- tokens ------------------------------------------------------------------------------------------------
def test_stable_token_is_the_same_for_every_caller_until_forced(sim):
    first, second = stable_token(sim), stable_token(sim)
    assert first["access_token"] == second["access_token"] and first["expires_in"] > 7000
    forced = stable_token(sim, force=True)
    assert forced["access_token"] != first["access_token"] and sim.force_refreshes == 1
    assert call(sim, "draft/get", first["access_token"], {"media_id": "x"})["errcode"] == 40007  # still valid
    sim.advance(301)
    assert call(sim, "draft/get", first["access_token"], {"media_id": "x"})["errcode"] == 42001


def test_the_classic_token_call_replaces_the_token_each_time(sim):
    params = {"grant_type": "client_credential", "appid": APP_ID, "secret": SECRET}
    a = requests.get(sim.base_url + "token", params=params, timeout=5).json()["access_token"]
    b = requests.get(sim.base_url + "token", params=params, timeout=5).json()["access_token"]
    assert a != b and sim.tokens_issued == 2


def test_force_refresh_is_limited_to_20_a_day(sim):
    for _ in range(20):
        assert "access_token" in stable_token(sim, force=True)
    assert stable_token(sim, force=True)["errcode"] == 45009


def test_credentials_and_whitelist(sim, token):
    assert stable_token(sim, secret="wrong")["errcode"] == 40125
    assert stable_token(sim, appid="wx_other")["errcode"] == 40013
    assert call(sim, "draft/get", "", {"media_id": "x"})["errcode"] == 41001
    assert call(sim, "draft/get", "forged", {"media_id": "x"})["errcode"] == 40001
    sim.block_all_ips = True
    assert stable_token(sim)["errcode"] == 40164
    assert call(sim, "draft/get", token, {"media_id": "x"})["errcode"] == 40164
    sim.block_all_ips, sim.whitelist = False, {"127.0.0.1"}
    assert call(sim, "draft/get", token, {"media_id": "x"})["errcode"] == 40007


# -- images -------------------------------------------------------------------------------------------------
def test_uploadimg_accepts_small_jpg_and_png_only(sim, token, small_jpeg, small_png):
    assert upload(sim, token, small_jpeg)["url"].startswith("http://mmbiz.qpic.cn/mmbiz_jpg/")
    assert upload(sim, token, small_png, name="a.png")["url"].startswith("http://mmbiz.qpic.cn/mmbiz_png/")
    assert upload(sim, token, image_bytes("GIF"), name="a.gif")["errcode"] == 40005
    assert upload(sim, token, b"not an image")["errcode"] == 40005
    assert upload(sim, token, image_bytes("PNG", (700, 700), noise=True), name="b.png")["errcode"] == 40009
    assert call(sim, "media/uploadimg", token, {"media": "no file"})["errcode"] == 41005
    assert len(sim.uploaded_images) == 2


def test_thumbs_are_small_jpegs_and_permanent(sim, token, small_jpeg, small_png):
    answer = upload(sim, token, small_jpeg, "material/add_material", type="thumb")
    assert sim.materials[answer["media_id"]]["type"] == "thumb"
    assert upload(sim, token, small_png, "material/add_material", type="thumb")["errcode"] == 40005
    big = image_bytes("JPEG", (300, 300), noise=True, quality=95)
    assert upload(sim, token, big, "material/add_material", type="thumb")["errcode"] == 40009
    assert "media_id" in upload(sim, token, big, "material/add_material", type="image")


# -- drafts --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "errcode"),
    [
        ({"title": "题" * 33}, 45003),
        ({"author": "作" * 17}, 45110),
        ({"digest": "摘" * 129}, 45004),
        ({"content": "字" * 20000}, 45002),
        ({"content": '<a href="https://www.gov.cn/">国务院</a>'}, 45166),
        ({"content": '<img src="https://www.example.gov.cn/a.png">'}, 45166),
        ({"content": '<a href="javascript:alert(1)">x</a>'}, 45166),
        ({"thumb_media_id": "temporary-media-id"}, 40007),
    ],
)
def test_draft_limits(sim, token, thumb, fields, errcode):
    assert draft(sim, token, thumb, **fields)["errcode"] == errcode
    assert not sim.drafts


def test_draft_accepts_wechat_links_and_strips_scripts(sim, token, thumb):
    content = (
        '<p style="color:red">正文<sup><a href="#fn1">1</a></sup></p><script>alert(1)</script>'
        '<img src="http://mmbiz.qpic.cn/mmbiz_png/abc/0"><a href="https://mp.weixin.qq.com/s/x">前文</a>'
    )
    answer = draft(sim, token, thumb, title="题" * 32, author="作" * 16, digest="摘" * 128, content=content)
    stored = call(sim, "draft/get", token, {"media_id": answer["media_id"]})["news_item"][0]
    assert "<script" not in stored["content"] and 'style="color:red"' in stored["content"]
    assert len(sim.drafts) == 1


# -- publishing and its callback -------------------------------------------------------------------------------
def test_publish_reports_publishing_then_the_configured_outcome(sim, token, thumb):
    sim.publish_polls, sim.publish_outcome = 1, 4
    assert call(sim, "freepublish/submit", token, {"media_id": "nope"})["errcode"] == 40007
    publish_id = call(sim, "freepublish/submit", token, {"media_id": draft(sim, token, thumb)["media_id"]})[
        "publish_id"
    ]
    assert call(sim, "freepublish/get", token, {"publish_id": publish_id})["publish_status"] == 1
    final = call(sim, "freepublish/get", token, {"publish_id": publish_id})
    assert final["publish_status"] == 4 and final["fail_idx"] == [1] and "article_id" not in final


def test_what_happens_in_the_backend_shows_in_later_calls(sim, token, thumb, small_png):
    image = upload(sim, token, small_png, name="a.png")["url"]
    sim.delete_image(image)
    assert draft(sim, token, thumb, content=f'<img src="{image}">')["errcode"] == 40007
    draft_id = draft(sim, token, thumb)["media_id"]
    sim.delete_material(thumb)
    assert draft(sim, token, thumb)["errcode"] == 40007, "a deleted cover is no longer a permanent material"
    publish_id = call(sim, "freepublish/submit", token, {"media_id": draft_id})["publish_id"]
    sim.break_job(publish_id)
    assert call(sim, "freepublish/get", token, {"publish_id": publish_id})["errcode"] == 48001
    assert call(sim, "freepublish/batchget", token, {"offset": 0, "count": 20})["item"] == [], "not among the published"
    assert requests.get(sim.base_url + "draft/count", params={"access_token": token}, timeout=5).json() == {
        "total_count": 1
    }
    sim.deny_api("draft")
    assert (
        call(sim, "draft/count", token)["errcode"] == 48001 and call(sim, "draft/batchget", token)["errcode"] == 48001
    )
    sim.allow_api("draft")
    sim.delete_draft(draft_id)
    assert call(sim, "freepublish/submit", token, {"media_id": draft_id})["errcode"] == 40007


class CallbackEndpoint(LoopbackApp):
    """Answers "success" after `failures` other answers; records what it was sent."""

    def __init__(self, failures=0):
        super().__init__()
        self.failures, self.received = failures, []
        self.done = threading.Event()

    def handle(self, request):
        self.received.append(request)
        if len(self.received) <= self.failures:
            return Response.text("busy")
        self.done.set()
        return Response.text("success")


def test_publish_event_is_signed_and_retried_until_success(sim, token, thumb):
    publish_id = call(sim, "freepublish/submit", token, {"media_id": draft(sim, token, thumb)["media_id"]})[
        "publish_id"
    ]
    with CallbackEndpoint(failures=2) as endpoint:
        replies = sim.send_publish_event(publish_id, endpoint.origin + "/wechat/callback", token="cb")
    assert replies == ["busy", "busy", "success"]
    for request in endpoint.received:
        q = request.query
        assert q["signature"] == signature("cb", q["timestamp"], q["nonce"])
        assert b"<Event><![CDATA[PUBLISHJOBFINISH]]></Event>" in request.body
    assert len({r.query["nonce"] for r in endpoint.received}) == 3


def test_publish_event_gives_up_after_three_tries(sim, token, thumb):
    publish_id = call(sim, "freepublish/submit", token, {"media_id": draft(sim, token, thumb)["media_id"]})[
        "publish_id"
    ]
    with CallbackEndpoint(failures=10) as endpoint:
        assert len(sim.send_publish_event(publish_id, endpoint.origin + "/cb")) == 3
    assert len(endpoint.received) == 3


def test_a_configured_callback_url_is_pushed_after_submit(small_jpeg):
    with CallbackEndpoint() as endpoint, WeChatSimulator(APP_ID, SECRET, callback_url=endpoint.origin) as sim:
        token = stable_token(sim)["access_token"]
        thumb = upload(sim, token, small_jpeg, "material/add_material", type="thumb")["media_id"]
        call(sim, "freepublish/submit", token, {"media_id": draft(sim, token, thumb)["media_id"]})
        assert endpoint.done.wait(5)
    assert sim.callbacks[0]["reply"] == "success"


# -- mass send ------------------------------------------------------------------------------------------------
def mass(sim, token, media_id, client_msg_id):
    body = {"filter": {"is_to_all": True}, "mpnews": {"media_id": media_id}, "msgtype": "mpnews"}
    return call(sim, "message/mass/sendall", token, {**body, "clientmsgid": client_msg_id})


def test_mass_send_dedup_window_and_daily_quota(sim, token, thumb):
    media_id = draft(sim, token, thumb)["media_id"]
    first = mass(sim, token, media_id, "cid-1")
    assert first["errcode"] == 0
    again = mass(sim, token, media_id, "cid-1")
    assert (again["errcode"], again["msg_id"]) == (45065, first["msg_id"])
    assert mass(sim, token, media_id, "cid-2")["errcode"] == 45028
    sim.advance(86400)
    assert mass(sim, token, media_id, "cid-1")["errcode"] == 42001  # the token did not last a day either
    token = stable_token(sim)["access_token"]
    assert mass(sim, token, media_id, "cid-1")["errcode"] == 0  # a new day, outside the 24 h window
    assert [s["clientmsgid"] for s in sim.mass_sends] == ["cid-1", "cid-1"]
    assert mass(sim, token, media_id, "x" * 33)["errcode"] == 47001


def test_mass_send_minute_quota(sim, token, thumb):
    sim.mass_daily_quota, sim.mass_minute_quota = 10, 1
    media_id = draft(sim, token, thumb)["media_id"]
    assert mass(sim, token, media_id, "a")["errcode"] == 0
    assert mass(sim, token, media_id, "b")["errcode"] == 45011
    sim.advance(61)
    assert mass(sim, token, media_id, "b")["errcode"] == 0


# -- faults ---------------------------------------------------------------------------------------------------
def test_fault_probabilities_are_reproducible_with_a_seed():
    def draws(seed):
        faults = FaultInjector({"http500": 0.3, "drop": 0.2}, seed=seed)
        return [faults.pick("draft/add") for _ in range(50)]

    assert draws(7) == draws(7)
    assert draws(7) != draws(8)
    assert {kind for kind in draws(7) if kind} == {"http500", "drop"}


def test_per_endpoint_faults(token, sim, thumb):
    sim.faults.set_rate("draft/add", "http500", 1.0)
    response = requests.post(sim.base_url + "draft/add", params={"access_token": token}, json={}, timeout=5)
    assert response.status_code == 500
    assert call(sim, "draft/get", token, {"media_id": "x"})["errcode"] == 40007
    sim.faults.clear()
    sim.faults.force("*", "errcode-1")
    assert call(sim, "draft/get", token, {"media_id": "x"})["errcode"] == -1
    sim.faults.force("draft/get", "45011")
    assert call(sim, "draft/get", token, {"media_id": "x"})["errcode"] == 45011
    assert sim.faults.count() == 3


def test_drop_processes_then_closes_and_hang_outlasts_the_timeout(sim, token, thumb):
    sim.faults.force("draft/add", "drop")
    with pytest.raises(requests.ConnectionError):
        draft(sim, token, thumb)
    assert len(sim.drafts) == 1
    sim.faults.force("draft/get", "hang")
    with pytest.raises(requests.Timeout):
        requests.post(sim.base_url + "draft/get", params={"access_token": token}, json={}, timeout=0.3)
