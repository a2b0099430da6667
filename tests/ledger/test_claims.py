"""Claims, leases and the sweep: a row runs in one place at a time, and nothing due is left behind."""

from datetime import timedelta

import pytest
from django.utils import timezone

from channels import bells
from channels.ledger.runs import LeaseLost, _save_checkpoints, claim, process
from channels.models import ChannelTargetState, Delivery

from .conftest import make_due, release_work_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]


@pytest.fixture
def row(rings):
    release_work_plan()
    row = Delivery.objects.get(release__isnull=False, channel="website")
    make_due(row)
    return row


def test_only_one_worker_claims_a_due_row(row):
    assert claim(row.pk, "worker-a") is not None
    assert claim(row.pk, "worker-b") is None
    assert Delivery.objects.get(pk=row.pk).state == Delivery.State.IN_PROGRESS


def test_a_row_whose_worker_died_is_claimed_again_once_its_lease_expires(row):
    claim(row.pk, "worker-a")
    Delivery.objects.filter(pk=row.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert claim(row.pk, "worker-b").lease_owner == "worker-b"
    with pytest.raises(LeaseLost):
        _save_checkpoints(row.pk, "worker-a", {"step": 1})  # the old worker, if it wakes up, stops at once


def test_a_row_not_yet_due_is_not_claimed(row):
    Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert process(row.pk) == "skipped"


def test_a_paused_target_is_not_claimed(row):
    ChannelTargetState.objects.create(channel="website", target="site", enabled=False, reason_zh="测试")
    assert claim(row.pk, "worker-a") is None


def test_the_sweep_offers_overdue_and_abandoned_rows_but_not_fresh_or_paused_ones(rings, wechat_on):
    release_work_plan()
    website, wechat = (
        Delivery.objects.get(release__isnull=False, channel="website"),
        Delivery.objects.get(release__isnull=False, channel="wechat"),
    )
    now = timezone.now()
    Delivery.objects.exclude(pk__in=(website.pk, wechat.pk)).update(state="cancelled")  # other channels' rows
    Delivery.objects.filter(pk=website.pk).update(next_attempt_at=now, offered_at=now - timedelta(minutes=5))
    Delivery.objects.filter(pk=wechat.pk).update(next_attempt_at=now, offered_at=now)  # its bell just rang
    assert bells.overdue_ids() == [website.pk]
    Delivery.objects.filter(pk=wechat.pk).update(state="in_progress", lease_expires_at=now - timedelta(seconds=1))
    assert set(bells.overdue_ids()) == {website.pk, wechat.pk}
    ChannelTargetState.objects.create(channel="website", target="site", enabled=False)
    assert bells.overdue_ids() == [wechat.pk]
    rings.clear()
    assert bells.sweep() == 1 and [delivery_id for delivery_id, _ in rings] == [wechat.pk]


def test_backoff_grows_and_is_jittered(settings):
    from channels.ledger.runs import backoff

    settings.DELIVERY_BACKOFF_SECONDS, settings.DELIVERY_BACKOFF_MAX_SECONDS = 10, 3600
    assert 5 <= backoff(1) <= 10 and 20 <= backoff(3) <= 40
    assert backoff(30) <= 3600
    assert len({round(backoff(4), 6) for _ in range(20)}) > 1


def test_rows_of_a_paused_target_do_not_hide_the_due_rows_behind_them(rings, wechat_on):
    release_work_plan()
    website = Delivery.objects.get(release__isnull=False, channel="website")
    release = website.release
    long_ago = timezone.now() - timedelta(hours=1)
    Delivery.objects.bulk_create(
        Delivery(release=release, page_id=release.policy_id, channel="wechat", target=f"paused-{n}", key=f"x{n}")
        for n in range(60)
    )
    Delivery.objects.filter(target__startswith="paused-").update(next_attempt_at=long_ago)
    for n in range(60):
        ChannelTargetState.objects.create(channel="wechat", target=f"paused-{n}", enabled=False)
    Delivery.objects.exclude(pk=website.pk).exclude(target__startswith="paused-").update(state="cancelled")
    make_due(website)
    assert bells.due_ids(5) == [website.pk]


def test_the_ledger_states_are_named_once_on_the_queryset(row):
    rows = Delivery.objects.filter(pk=row.pk)
    assert rows.due().exists() and rows.lease_free().exists() and rows.waiting().exists()
    assert rows.claimable().exists() and not rows.abandoned().exists()
    Delivery.objects.filter(pk=row.pk).update(offered_at=timezone.now())
    assert not rows.claimable(offered_before=timezone.now() - timedelta(minutes=1)).exists(), "its bell is on its way"
    claim(row.pk, "worker-a")
    assert rows.held_by("worker-a").exists() and not rows.lease_free().exists() and not rows.claimable().exists()
    Delivery.objects.filter(pk=row.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert rows.abandoned().exists() and rows.claimable().exists() and not rows.due().exists()
    Delivery.objects.filter(pk=row.pk).update(state="failed", lease_owner="", lease_expires_at=None)
    assert rows.parked().exists() and rows.needing_attention().exists()
    assert not rows.waiting().exists() and not rows.claimable().exists()
    Delivery.objects.filter(pk=row.pk).update(state="deferred", next_attempt_at=timezone.now() + timedelta(hours=1))
    assert rows.needing_attention().exists() and rows.waiting().exists() and not rows.due().exists()
    assert rows.not_paused().exists()
    ChannelTargetState.objects.create(channel="website", target="site", enabled=False)
    assert not rows.not_paused().exists()
