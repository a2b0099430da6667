"""The WeChat channel run in this process against the simulator on loopback: one article per delivery,
whatever answers get lost on the way."""

import time

import pytest

from channels.models import ChannelTargetState, Delivery

from .conftest import make_due, run_in_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def wechat_row(released_work_plan, wechat_on, rings):
    return Delivery.objects.get(release__isnull=False, channel="wechat")


def test_a_release_becomes_one_published_article_with_the_website_as_read_more(wechat_row, sim, settings):
    row = run_in_process(wechat_row)
    assert row.state == Delivery.State.DELIVERED, row.last_error_zh
    assert len(sim.drafts) == 1 and len(sim.publishes) == 1 and sim.mass_sends == []
    article = sim.drafts[0]["articles"][0]
    assert article["title"] == "2018年历阳镇政务公开工作方案"
    page = f"{settings.SITE_URL}/policies/liyang/dangzheng/2018-liyang-openness-work-plan/"
    assert article["content_source_url"].startswith(page + "?wx=")
    assert "mmbiz.qpic.cn" in article["content"], "the 图解 was re-hosted"
    assert row.external_url == sim.publishes[0]["article_urls"][0]
    assert row.external_id == sim.publishes[0]["article_id"]
    outcomes = list(row.attempt_log.order_by("started_at").values_list("outcome", flat=True))
    assert outcomes[0] == "submitted" and outcomes[-1] == "delivered"


@pytest.mark.parametrize("endpoint", ["draft/add", "freepublish/submit"])
def test_a_connection_dropped_after_wechat_acted_does_not_make_a_second_article(wechat_row, sim, endpoint):
    sim.faults.force(endpoint, "drop")
    make_due(wechat_row)
    from channels.ledger.runs import process

    assert process(wechat_row.pk) == "retrying"
    wechat_row.refresh_from_db()
    assert wechat_row.last_error_class == "transient" and wechat_row.attempts == 1
    row = run_in_process(wechat_row)
    assert row.state == Delivery.State.DELIVERED, row.last_error_zh
    assert len(sim.drafts) == 1 and len(sim.publishes) == 1
    assert sim.calls[endpoint] == 1, "found by its mark in WeChat's list, not sent again"


def test_a_call_that_outlasts_the_timeout_is_awaited_before_it_is_repeated(wechat_row, sim, settings):
    settings.WECHAT_SETTLE_SECONDS = 6  # longer than the simulator's 3 s hang
    sim.faults.force("draft/add", "hang")
    from channels.ledger.runs import process

    make_due(wechat_row)
    assert process(wechat_row.pk) == "retrying"  # timed out after 2 s; WeChat saves the draft at 3 s
    make_due(wechat_row)
    process(wechat_row.pk)
    wechat_row.refresh_from_db()
    if not wechat_row.checkpoints.get("draft"):
        assert "结果未知" in wechat_row.last_error_zh and wechat_row.attempts == 1  # waiting costs no attempt
        time.sleep(1.5)
    row = run_in_process(wechat_row)
    assert row.state == Delivery.State.DELIVERED
    assert len(sim.drafts) == 1 and len(sim.publishes) == 1


def test_minute_rate_limit_waits_without_consuming_an_attempt(wechat_row, sim):
    sim.faults.force("draft/add", "45011")
    from channels.ledger.runs import process

    make_due(wechat_row)
    assert process(wechat_row.pk) == "retrying"
    wechat_row.refresh_from_db()
    assert wechat_row.attempts == 0 and wechat_row.last_error_class == "rate"
    assert 55 < (wechat_row.next_attempt_at - wechat_row.updated_at).total_seconds() < 65


def test_content_wechat_refuses_fails_for_a_person_and_keeps_the_target(wechat_row, sim):
    sim.faults.force("draft/add", "reject")
    row = run_in_process(wechat_row)
    assert row.state == Delivery.State.FAILED and row.last_error_class == "content"
    assert "链接" in row.last_error_zh
    assert not ChannelTargetState.objects.filter(enabled=False).exists()
    assert sim.drafts == []


def test_transient_failures_stop_after_the_last_attempt(wechat_row, sim, settings):
    settings.DELIVERY_MAX_ATTEMPTS = 3
    sim.faults.set_rate("material/add_material", "http500", 1.0)
    row = run_in_process(wechat_row)
    assert row.state == Delivery.State.FAILED and row.attempts == 3
    assert row.last_error_zh.startswith("已自动重试 3 次仍未成功")
    assert row.attempt_log.filter(outcome="error").count() == 3


def test_mass_send_goes_once_when_the_editor_chose_it(wechat_row, sim):
    Delivery.objects.filter(pk=wechat_row.pk).update(options={"mass_send": True})
    row = run_in_process(wechat_row)
    assert row.state == Delivery.State.DELIVERED
    assert len(sim.mass_sends) == 1
    assert sim.mass_sends[0]["media_id"] == sim.drafts[0]["media_id"]
    assert sim.mass_sends[0]["clientmsgid"] == row.checkpoints["mass_send"]


def test_no_mass_send_quota_waits_for_a_person_and_keeps_the_article(wechat_row, sim):
    sim.mass_daily_quota = 0
    Delivery.objects.filter(pk=wechat_row.pk).update(options={"mass_send": True})
    row = run_in_process(wechat_row, max_runs=3)
    assert row.state == Delivery.State.FAILED and row.attempts == 0 and row.last_error_class == "quota"
    assert row.external_url == sim.publishes[0]["article_urls"][0], "the published article is linked meanwhile"
    assert row.next_attempt_at is None, "not sent by itself the next day (see test_mass_quota)"
    assert "群发" in row.last_error_zh


def test_a_failed_publish_job_is_submitted_again(wechat_row, sim):
    sim.publish_outcome = 3  # 常规失败: worth another try
    from channels.ledger.runs import process

    make_due(wechat_row)
    assert process(wechat_row.pk) == "submitted"
    make_due(wechat_row)
    assert process(wechat_row.pk) == "retrying"  # the job failed: forgotten, to be submitted again
    sim.publish_outcome = 0
    row = run_in_process(wechat_row)
    assert row.state == Delivery.State.DELIVERED
    assert [job["outcome"] for job in sim.publishes] == [3, 0]
    assert len(sim.drafts) == 1
