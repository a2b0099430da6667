"""Mass send with its quota: the releaser sees the account's allowance before choosing 群发; a quota refusal waits
for a person (明天再发 or 取消) instead of going out by itself a day late, perhaps stale."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from channels.ledger.runs import process
from channels.models import Delivery
from channels.wechat import quota

from .conftest import run_in_process
from .test_admin import login, with_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def released(released_work_plan, wechat_on, rings):
    return with_rows(released_work_plan)


def status_page(client, policy) -> str:
    return client.get(reverse("channels_policy_deliveries", args=(policy.pk,))).content.decode()


def choose_mass_send(client, row):
    return client.post(reverse("channels_delivery_action", args=(row.pk, "mass_send")))


def test_the_screen_shows_the_allowance_and_none_left_after_todays_mass_send(client, released, sim):
    policy, wechat, _website = released
    login(client, "releaser")
    html = status_page(client, policy)
    assert "今日群发额度:剩余 1/1 次(订阅号每天 1 次)" in html
    assert "群发给关注者" in html
    choose_mass_send(client, wechat)
    wechat = run_in_process(wechat)
    assert wechat.state == "delivered" and len(sim.mass_sends) == 1
    assert "今日群发额度:剩余 0/1 次(订阅号每天 1 次)" in status_page(client, policy)


def test_a_service_account_counts_four_a_month(released, settings):
    _policy, wechat, _website = released
    settings.WECHAT_ACCOUNT_KINDS = {wechat.target: "service"}
    assert quota.allowance(wechat.target).text_zh == "本月群发额度:剩余 4/4 次(服务号每月 4 次)"


def test_yesterdays_mass_send_does_not_count_today(released, sim):
    _policy, wechat, _website = released
    Delivery.objects.filter(pk=wechat.pk).update(options={"mass_send": True})
    run_in_process(wechat)
    assert quota.allowance(wechat.target).remaining == 0
    assert quota.allowance(wechat.target, now=timezone.now() + timedelta(days=1)).remaining == 1


def test_a_45028_parks_the_row_and_nothing_goes_out_by_itself_the_next_day(client, released, sim):
    policy, wechat, _website = released
    sim.faults.force("message/mass/sendall", "45028")
    Delivery.objects.filter(pk=wechat.pk).update(options={"mass_send": True})
    row = run_in_process(wechat)
    assert row.state == "failed" and row.last_error_class == "quota" and row.next_attempt_at is None
    assert "群发次数已用完" in row.last_error_zh and "明天再发" in row.last_error_zh
    assert row.external_url, "the published article is linked meanwhile"
    assert sim.mass_sends == [] and len(sim.publishes) == 1
    tomorrow = timezone.now() + timedelta(days=1, hours=1)
    assert not Delivery.objects.claimable(tomorrow).filter(pk=row.pk).exists(), "no worker takes it tomorrow"
    assert process(row.pk) != "delivered"
    row.refresh_from_db()
    assert row.state == "failed" and sim.mass_sends == []
    login(client, "releaser")
    html = status_page(client, policy)
    assert "明天再发" in html and "取消" in html and "今日群发额度:剩余 0/1 次" in html


def test_choosing_send_tomorrow_schedules_it_for_the_next_quota_window(client, released, sim):
    _policy, wechat, _website = released
    sim.faults.force("message/mass/sendall", "45028")
    Delivery.objects.filter(pk=wechat.pk).update(options={"mass_send": True})
    run_in_process(wechat)
    login(client, "releaser")
    client.post(reverse("channels_delivery_action", args=(wechat.pk, "send_tomorrow")))
    row = Delivery.objects.get(pk=wechat.pk)
    assert row.state == "deferred"
    assert row.next_attempt_at == quota.next_window("subscription")
    assert row.next_attempt_at > timezone.now()
    assert "明天再发" in row.attempt_log.get(outcome="action").message_zh
    assert not Delivery.objects.claimable().filter(pk=row.pk).exists(), "not before the quota is back"
    assert Delivery.objects.claimable(row.next_attempt_at).filter(pk=row.pk).exists()
    row = run_in_process(row)  # the next day comes (make_due)
    assert row.state == "delivered" and len(sim.mass_sends) == 1


def test_send_tomorrow_is_only_for_quota_refusals(client, released):
    _policy, wechat, _website = released
    Delivery.objects.filter(pk=wechat.pk).update(state="failed", last_error_class="content")
    login(client, "releaser")
    answer = client.post(reverse("channels_delivery_action", args=(wechat.pk, "send_tomorrow")), follow=True)
    assert "只有因微信额度用尽而暂停的分发" in answer.content.decode()
    assert Delivery.objects.get(pk=wechat.pk).state == "failed"
