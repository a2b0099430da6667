"""The press partner receiver: Standard Webhooks signatures checked by the standardwebhooks library."""

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests

from channels.simulators.partner import PartnerReceiver, generate_secret, signed_headers

pytestmark = pytest.mark.integration


@pytest.fixture
def secret():
    return generate_secret()


@pytest.fixture
def partner(secret):
    with PartnerReceiver(secret, retry_after=120, hang_seconds=2.0) as receiver:
        yield receiver


def body(**fields) -> bytes:
    return json.dumps(
        {"type": "policy.published", "data": {"title": "政策解读", **fields}}, ensure_ascii=False
    ).encode()


def deliver(partner, secret, webhook_id, payload, timeout=5, **kwargs):
    return requests.post(
        partner.url, data=payload, headers=signed_headers(secret, webhook_id, payload, **kwargs), timeout=timeout
    )


def test_a_good_signature_is_accepted(partner, secret):
    response = deliver(partner, secret, "msg_2026_0001", body(version=1))
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert partner.deliveries["msg_2026_0001"]["data"] == {"title": "政策解读", "version": 1}


def test_a_tampered_body_is_refused(partner, secret):
    original = body(version=1)
    headers = signed_headers(secret, "msg_tampered", original)
    response = requests.post(partner.url, data=body(version=2), headers=headers, timeout=5)
    assert response.status_code == 401
    assert partner.unique_count == 0 and partner.rejected[0]["webhook_id"] == "msg_tampered"


def test_another_partners_secret_and_missing_headers_are_refused(partner):
    assert deliver(partner, generate_secret(), "msg_x", body()).status_code == 401
    assert requests.post(partner.url, data=body(), timeout=5).status_code == 401
    assert partner.unique_count == 0 and len(partner.rejected) == 2


def test_an_old_timestamp_is_refused(partner, secret):
    stale = datetime.now(tz=UTC) - timedelta(minutes=6)
    assert deliver(partner, secret, "msg_old", body(), timestamp=stale).status_code == 401


def test_a_duplicate_webhook_id_is_counted_once(partner, secret):
    payload = body(version=3)
    assert deliver(partner, secret, "msg_dup", payload).json()["status"] == "accepted"
    assert deliver(partner, secret, "msg_dup", payload).json()["status"] == "duplicate"
    assert partner.unique_count == 1 and partner.attempts["msg_dup"] == 2 and partner.duplicate_count == 1


def test_rate_limited_gone_and_failing_answers(partner, secret):
    partner.fail_next("429")
    response = deliver(partner, secret, "msg_r", body())
    assert response.status_code == 429 and response.headers["Retry-After"] == "120"
    partner.fail_next("500")
    assert deliver(partner, secret, "msg_r", body()).status_code == 500
    assert deliver(partner, secret, "msg_r", body()).status_code == 200  # back to normal
    partner.behave("410")
    assert deliver(partner, secret, "msg_s", body()).status_code == 410
    assert deliver(partner, secret, "msg_t", body()).status_code == 410
    assert list(partner.deliveries) == ["msg_r"]
    assert [entry["status"] for entry in partner.log] == [429, 500, 200, 410, 410]


def test_a_hanging_partner_times_out_the_sender(partner, secret):
    partner.fail_next("hang")
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        deliver(partner, secret, "msg_h", body(), timeout=0.3)
    assert time.monotonic() - started < 1.5
    assert partner.unique_count == 0


def test_the_demo_receiver_reports_every_arrival(secret):
    """`make receiver` prints one line per push: accepted, repeated or refused."""
    seen = []
    with PartnerReceiver(secret, on_receive=lambda *arrival: seen.append(arrival)) as receiver:
        deliver(receiver, secret, "msg_seen", body(version=1))
        deliver(receiver, secret, "msg_seen", body(version=1))
        deliver(receiver, generate_secret(), "msg_forged", body())
    assert [(webhook_id, outcome) for webhook_id, _, outcome in seen] == [
        ("msg_seen", "accepted"),
        ("msg_seen", "duplicate"),
        ("msg_forged", "rejected"),
    ]
    assert seen[0][1]["data"]["version"] == 1 and seen[2][1] is None
