"""Signed push to a partner's server, against the real Standard Webhooks receiver on loopback."""

import time

import pytest
import requests

from channels.adapters.base import DeliveryError, ErrorClass, OutcomeState, get_adapter
from channels.partners import webhook
from channels.simulators.loopback import LoopbackApp, Response

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def adapter():
    return get_adapter("partner_webhook")


def push(adapter, release, partner, checkpoints, options=None):
    payload = adapter.render(release, partner.target, options or {})
    return adapter.deliver(release, partner.target, payload, checkpoints, options or {})


def test_partner_receives_a_signed_ninjs_push_and_acknowledges_it(
    adapter, release_policy, webhook_partner, receiver, saved
):
    release = release_policy()
    assert adapter.targets(release) == [webhook_partner.target]
    outcome = push(adapter, release, webhook_partner, saved.checkpoints())
    assert outcome.state == OutcomeState.DELIVERED
    webhook_id = f"{release.pk}:partner_webhook:partner:{webhook_partner.pk}"
    assert receiver.attempts[webhook_id] == 1 and not receiver.rejected, "the receiver verified our signature"
    event = receiver.deliveries[webhook_id]
    assert event["type"] == "policy.released"
    ninjs = event["data"]
    assert ninjs["headlines"][0]["value"] == "关于优化营商环境的若干措施"
    assert ninjs["version"] == "1" and ninjs["standard"]["name"] == "ninjs"
    assert [a["name"] for a in ninjs["associations"]] == ["material-1", "material-2"]
    assert any(r["name"] == "attachment-1" for r in ninjs["renditions"])
    assert outcome.external_id == webhook_id and "县融媒体中心已确认接收" in outcome.detail["acknowledgement"]
    assert saved.data["acknowledged"]["http_status"] == 200


def test_options_idempotency_key_becomes_the_webhook_id(adapter, release_policy, webhook_partner, receiver, saved):
    release = release_policy()
    push(adapter, release, webhook_partner, saved.checkpoints(), {"idempotency_key": "ledger-key-42"})
    assert list(receiver.deliveries) == ["ledger-key-42"]


def test_a_body_changed_after_signing_is_refused_by_the_partner(release_policy, webhook_partner, receiver, secret):
    body = get_adapter("partner_webhook").render(release_policy(), webhook_partner.target, {})
    headers = webhook.signed_headers(secret, "msg_tampered", body)
    tampered = body.replace("优化营商环境", "取消营商环境", 1)
    answer = requests.post(receiver.url, data=tampered.encode(), headers=headers, timeout=5)
    assert answer.status_code == 401 and receiver.unique_count == 0
    assert receiver.rejected[0]["webhook_id"] == "msg_tampered"


def test_a_wrong_secret_stops_for_a_person(adapter, release_policy, webhook_partner, receiver, saved):
    webhook_partner.rotate_secret()  # we rotated, the partner still verifies with the old secret
    with pytest.raises(DeliveryError) as refused:
        push(adapter, release_policy(), webhook_partner, saved.checkpoints())
    assert refused.value.error_class == ErrorClass.CONFIG and "签名密钥" in refused.value.message_zh
    assert len(receiver.rejected) == 1


def test_429_is_rate_with_the_partners_retry_after(adapter, release_policy, webhook_partner, receiver, saved):
    receiver.fail_next("429")
    with pytest.raises(DeliveryError) as limited:
        push(adapter, release_policy(), webhook_partner, saved.checkpoints())
    assert limited.value.error_class == ErrorClass.RATE and limited.value.retry_after == 120
    assert limited.value.code == 429


def test_410_disables_the_partner_with_the_reason(adapter, release_policy, webhook_partner, receiver, saved):
    receiver.fail_next("410")
    release = release_policy()
    with pytest.raises(DeliveryError) as gone:
        push(adapter, release, webhook_partner, saved.checkpoints())
    assert gone.value.error_class == ErrorClass.CONFIG
    webhook_partner.refresh_from_db()
    assert not webhook_partner.active and webhook_partner.disabled_reason == "对方接口已注销(410),已停止推送"
    assert webhook_partner.disabled_at is not None
    assert adapter.targets(release) == []
    with pytest.raises(DeliveryError) as stopped:  # rows already written wait with their target paused
        push(adapter, release, webhook_partner, saved.checkpoints())
    assert stopped.value.error_class == ErrorClass.CONFIG and "已停用" in stopped.value.message_zh


def test_500_is_transient_and_the_retry_keeps_the_same_webhook_id(
    adapter, release_policy, webhook_partner, receiver, saved
):
    receiver.fail_next("500")
    release = release_policy()
    with pytest.raises(DeliveryError) as failed:
        push(adapter, release, webhook_partner, saved.checkpoints())
    assert failed.value.error_class == ErrorClass.TRANSIENT
    outcome = push(adapter, release, webhook_partner, saved.checkpoints())  # the ledger retries with the checkpoints
    assert outcome.state == OutcomeState.DELIVERED
    assert [entry["status"] for entry in receiver.log] == [500, 200]
    assert len({entry["webhook_id"] for entry in receiver.log}) == 1
    assert receiver.unique_count == 1 and receiver.duplicate_count == 0


def test_a_hanging_partner_is_transient_within_the_timeout(adapter, release_policy, webhook_partner, receiver, saved):
    release = release_policy()
    receiver.fail_next("hang")
    started = time.monotonic()
    with pytest.raises(DeliveryError) as hung:
        push(adapter, release, webhook_partner, saved.checkpoints())
    assert hung.value.error_class == ErrorClass.TRANSIENT
    assert time.monotonic() - started < 2.5, "read timeout is 1 s; the receiver hangs for 3 s"


def test_an_acknowledged_delivery_is_never_posted_again(adapter, release_policy, webhook_partner, receiver, saved):
    release = release_policy()
    first = push(adapter, release, webhook_partner, saved.checkpoints())
    again = push(adapter, release, webhook_partner, saved.checkpoints())  # e.g. the lease expired after success
    assert again.external_id == first.external_id
    assert len(receiver.log) == 1


def test_loopback_is_refused_unless_the_setting_trusts_it(
    adapter, release_policy, webhook_partner, receiver, saved, settings
):
    settings.PARTNER_WEBHOOK_PRIVATE_HOSTS = []
    with pytest.raises(DeliveryError) as refused:
        push(adapter, release_policy(), webhook_partner, saved.checkpoints())
    assert refused.value.error_class == ErrorClass.CONFIG and "推送地址不安全" in refused.value.message_zh
    assert receiver.log == [], "refused before connecting"


def test_metadata_and_userinfo_urls_are_refused_without_traffic(adapter, release_policy, make_partner, saved, settings):
    settings.PARTNER_WEBHOOK_PRIVATE_HOSTS = ["127.0.0.1", "169.254.169.254"]
    release = release_policy()
    for url in ("http://169.254.169.254/latest/meta-data/", "http://user@127.0.0.1:9/x", "file:///etc/passwd"):
        partner = make_partner(name=url, webhook_enabled=True, webhook_url=url)
        with pytest.raises(DeliveryError) as refused:
            push(adapter, release, partner, saved.checkpoints())
        assert refused.value.error_class == ErrorClass.CONFIG, url


class Redirector(LoopbackApp):
    def handle(self, request):
        return Response(302, b"", {"Location": "http://169.254.169.254/"})


def test_redirects_are_not_followed(adapter, release_policy, make_partner, saved):
    with Redirector() as redirector:
        partner = make_partner(webhook_enabled=True, webhook_url=f"{redirector.origin}/hook")
        with pytest.raises(DeliveryError) as moved:
            push(adapter, release_policy(), partner, saved.checkpoints())
    assert moved.value.error_class == ErrorClass.CONFIG and "跳转" in moved.value.message_zh


def test_a_withdrawn_policy_is_not_pushed(adapter, release_policy, webhook_partner, receiver, saved):
    release = release_policy()
    release.policy.unpublish()
    assert adapter.validate(release, webhook_partner.target) == ["该政策文件已撤回或不再主动公开,不得向媒体分发"]
    with pytest.raises(DeliveryError) as stopped:
        push(adapter, release, webhook_partner, saved.checkpoints())
    assert stopped.value.error_class == ErrorClass.CONTENT and receiver.log == []


def test_retract_sends_a_signed_retraction(adapter, release_policy, webhook_partner, receiver, saved):
    release = release_policy()
    push(adapter, release, webhook_partner, saved.checkpoints())
    adapter.retract(release, webhook_partner.target, "")
    retraction = receiver.deliveries[f"{release.pk}:partner_webhook:partner:{webhook_partner.pk}:retracted"]
    assert retraction["type"] == "policy.retracted" and retraction["data"]["version"] == "1"


def test_a_correction_is_marked_as_such(adapter, release_policy, webhook_partner, receiver, saved):
    release = release_policy()
    options = {"idempotency_key": "correction-1", "correction": True, "correction_note": "第二条时限由10日更正为5日。"}
    push(adapter, release, webhook_partner, saved.checkpoints(), options)
    event = receiver.deliveries["correction-1"]
    assert event["type"] == "policy.corrected"
    assert event["data"]["ednote"] == "更正：第二条时限由10日更正为5日。"
