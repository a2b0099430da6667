"""A release made by the real scheduler and worker processes is the release an admin publish makes.

The scheduler rings `publish_scheduled_pages`; the worker runs it in its own process, which never loads the
URLconf: the release guard, the ledger's rows and the page cache's purge must all be wired from the apps' ready().
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from channels.models import Delivery
from channels.simulators.wechat import WeChatSimulator
from cms.foundation import config
from interpretation import three_sync
from interpretation.models import BundleRelease, PolicyDocumentPage
from tests.factories import site
from tests.factories.policies import make_bundle
from tests.ledger.workers import purge_stale_bells
from tests.processes import celery_process, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

APP_ID, SECRET = "wx_scheduled_release", "scheduled-release-secret"


def rows_of(policy) -> set[tuple[str, str]]:
    return set(Delivery.objects.filter(release__policy=policy).values_list("channel", "target"))


def test_a_release_by_the_scheduler_in_the_worker_purges_the_cache_and_writes_the_same_rows(settings, tmp_path, client):
    cache_dir = tmp_path / "shared-cache"
    settings.CACHES = config.caches(None, cache_dir)  # the embedded default's file cache, shared with the worker
    with WeChatSimulator(APP_ID, SECRET) as sim:
        settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET = APP_ID, SECRET
        settings.WECHAT_API_BASE_URL = sim.base_url
        site.office()
        leader = get_user_model().objects.get(username="jjb_leader")

        # The admin's 发布 by the drafting leader: the reference release.
        by_admin = make_bundle(signed=True, slug="admin-release")
        by_admin.get_latest_revision().publish(user=leader)
        assert BundleRelease.objects.filter(policy=by_admin).count() == 1
        expected_rows = rows_of(by_admin)
        assert {"website", "wechat"} <= {channel for channel, _ in expected_rows}

        # The same bundle, signed and scheduled for a moment from now.
        scheduled = make_bundle(slug="scheduled-release")
        scheduled.title = "关于促进个体工商户发展的若干措施"
        scheduled.go_live_at = timezone.now() + timedelta(seconds=2)
        revision = scheduled.save_revision(user=leader)
        three_sync.sign_bundle(scheduled, revision, leader, comment="同意,按时发布")
        revision.publish(user=leader)
        revision.refresh_from_db()
        assert revision.approved_go_live_at is not None
        assert not PolicyDocumentPage.objects.get(pk=scheduled.pk).live

        # A reader's visit caches the department's list, which does not show the scheduled policy yet.
        section_url = site.section("jingji").url
        before = client.get(section_url)
        assert before.status_code == 200
        assert "关于促进个体工商户发展的若干措施" not in before.content.decode()
        assert any(cache_dir.iterdir()), "the reader's page was not cached"

        purge_stale_bells()
        env = {
            "TEST_SHARED_CACHE_DIR": str(cache_dir),
            "TEST_BEAT_ENTRY": "publish-scheduled-pages=1",
            "WECHAT_APP_ID": APP_ID,
            "WECHAT_APP_SECRET": SECRET,
            "WECHAT_API_BASE_URL": sim.base_url,
        }
        with celery_process("worker", "--concurrency=1", "--pool=solo", **env), celery_process("beat", **env):
            wait_until(
                lambda: PolicyDocumentPage.objects.filter(pk=scheduled.pk, live=True).exists(),
                timeout=90,
                message="the scheduler and worker to release the scheduled policy",
            )

    release = BundleRelease.objects.get(policy=scheduled)
    assert release.policy_revision_id == revision.pk
    assert all(material.live for material in PolicyDocumentPage.objects.get(pk=scheduled.pk).materials)
    assert rows_of(scheduled) == expected_rows

    after = client.get(section_url)
    assert after.status_code == 200
    assert "关于促进个体工商户发展的若干措施" in after.content.decode(), "the worker's release left a stale page cached"
