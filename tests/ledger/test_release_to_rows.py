"""A release writes its ledger rows in the same transaction, one per channel target, and rings after commit."""

import pytest
from django.db import transaction

from channels.ledger.rows import create_deliveries
from channels.models import Delivery
from interpretation.models import BundleRelease

from .conftest import release_work_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]
MINE = ("website", "wechat")  # the press partner channels are tested with their own app


def test_releasing_the_demo_policy_writes_one_row_per_channel_target(wechat_on, rings):
    policy = release_work_plan()
    release = BundleRelease.objects.get(policy=policy)
    rows = {(d.channel, d.target): d for d in Delivery.objects.filter(release=release, channel__in=MINE)}
    assert set(rows) == {("website", "site"), ("wechat", "account")}
    assert all(d.state == Delivery.State.PENDING for d in rows.values())
    assert rows[("wechat", "account")].key == f"{release.pk}:wechat:account"
    assert rows[("website", "site")].page.specific == policy


def test_without_wechat_settings_the_channel_is_off_and_gets_no_row(settings, rings):
    settings.WECHAT_APP_ID = ""
    policy = release_work_plan()
    assert list(Delivery.objects.filter(page=policy, channel__in=MINE).values_list("channel", flat=True)) == ["website"]


def test_creating_rows_again_adds_only_what_is_missing(wechat_on, rings, settings):
    settings.WECHAT_APP_ID = ""
    policy = release_work_plan()
    release = BundleRelease.objects.get(policy=policy)
    settings.WECHAT_APP_ID = wechat_on.app_id  # configured later: the demo loader tops the release up
    added = create_deliveries(release)
    assert [d.channel for d in added if d.channel in MINE] == ["wechat"]  # press partners may join too
    assert create_deliveries(release) == []
    assert Delivery.objects.filter(release=release, channel__in=MINE).count() == 2


def test_a_release_rolled_back_leaves_no_row(wechat_on, rings):
    policy = release_work_plan()
    before = Delivery.objects.filter(release__isnull=False, channel__in=MINE).count()
    with pytest.raises(RuntimeError), transaction.atomic():
        release = BundleRelease.objects.create(
            policy=policy, kind=BundleRelease.Kind.UPDATE, policy_revision=policy.live_revision
        )
        create_deliveries(release)
        assert (
            Delivery.objects.filter(release__isnull=False, channel__in=MINE).count() == before + 1
        )  # an update: no new WeChat article
        raise RuntimeError("the publishing transaction fails")
    assert Delivery.objects.filter(release__isnull=False, channel__in=MINE).count() == before
