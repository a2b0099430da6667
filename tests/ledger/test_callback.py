"""The PUBLISHJOBFINISH endpoint: genuine pushes complete the row; forged, stale or replayed ones are refused."""

import pytest
from django.urls import reverse

from channels.models import Delivery

from .conftest import make_due, release_work_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]


@pytest.fixture
def submitted(wechat_on, rings):
    from channels.ledger.runs import process

    sim = wechat_on
    sim.publish_polls = 10**6
    release_work_plan()
    row = Delivery.objects.get(release__isnull=False, channel="wechat")
    make_due(row)
    assert process(row.pk) == "submitted"
    row.refresh_from_db()
    return sim, row


def push(client, sim, publish_id, **overrides):
    xml, params = sim.build_publish_event(publish_id)
    params.update(overrides)
    return client.post(f"{reverse('channels_wechat_callback')}?{_query(params)}", xml, content_type="text/xml")


def _query(params):
    from urllib.parse import urlencode

    return urlencode(params)


def test_a_genuine_push_completes_the_article(client, submitted):
    sim, row = submitted
    sim.job(row.external_id)["polls_left"] = 0
    answer = push(client, sim, row.external_id)
    assert answer.status_code == 200 and answer.content == b"success"
    row.refresh_from_db()
    assert row.state == Delivery.State.DELIVERED
    assert row.external_url == sim.publishes[0]["article_urls"][0]
    assert row.attempt_log.filter(outcome="callback").exists()


def test_forged_and_replayed_pushes_are_refused(client, submitted):
    sim, row = submitted
    forged = push(client, sim, row.external_id, signature="0" * 40)
    assert forged.status_code == 403 and "签名" in forged.content.decode()
    xml, params = sim.build_publish_event(row.external_id)
    url = f"{reverse('channels_wechat_callback')}?{_query(params)}"
    assert client.post(url, xml, content_type="text/xml").content == b"success"
    replay = client.post(url, xml, content_type="text/xml")
    assert replay.status_code == 403 and "重复" in replay.content.decode()
    stale = push(client, sim, row.external_id, timestamp="1000000000")
    assert stale.status_code == 403


def test_the_server_address_check_echoes_echostr(client, submitted):
    sim, _row = submitted
    _xml, params = sim.build_publish_event(sim.publishes[0]["publish_id"])
    answer = client.get(reverse("channels_wechat_callback"), {**params, "echostr": "hello-wechat"})
    assert answer.content == b"hello-wechat"


def test_the_demo_loader_adds_rows_for_channels_configured_later(settings, wechat_on, rings):
    from channels import demo

    settings.WECHAT_APP_ID = ""
    release_work_plan()
    assert not Delivery.objects.filter(release__isnull=False, channel="wechat").exists()
    settings.WECHAT_APP_ID = wechat_on.app_id
    assert "补建" in demo.load()
    assert Delivery.objects.filter(release__isnull=False, channel="wechat").count() == 1
    demo.load()
    assert Delivery.objects.filter(release__isnull=False, channel="wechat").count() == 1


def test_a_push_that_overtakes_the_worker_recording_the_submission_is_waited_for(submitted):
    from channels.adapters.wechat_callback import _being_submitted

    _sim, row = submitted
    Delivery.objects.filter(pk=row.pk).update(state="in_progress")
    assert _being_submitted(row.external_id)
    assert not _being_submitted("someone-else")


def test_a_push_for_a_job_still_publishing_keeps_the_job(client, submitted):
    """publish_status 1 in a push is no finished job: a clear error, and the job is neither forgotten (a retry would
    publish the article twice) nor remembered as publishing (the polls would not see how it ended)."""
    from channels.ledger.runs import process

    sim, row = submitted
    job = sim.job(row.external_id)
    job["outcome"] = 1
    answer = push(client, sim, row.external_id)
    assert answer.status_code == 200 and answer.content == b"success"
    row.refresh_from_db()
    assert row.state == Delivery.State.RETRYING
    assert "not finished" in row.last_error_en and "仍在发布中" in row.last_error_zh
    assert row.checkpoints["publish"]["publish_id"] == row.external_id
    job["outcome"], job["polls_left"] = 0, 0
    make_due(row)
    assert process(row.pk) == "delivered"
    assert len(sim.publishes) == 1
