"""The website channel against the live server: purge what the release touches, then confirm the public page
shows the new content."""

import pytest

from channels.ledger.runs import process
from channels.models import Delivery
from channels.simulators.loopback import LoopbackApp, Response

from .conftest import make_due, release_work_plan, run_in_process

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class StaleCache(LoopbackApp):
    """A cache in front of the site that still serves yesterday's page."""

    def handle(self, request):
        body = "<html><title>旧页面</title><body>旧内容</body></html>".encode()
        return Response(200, body, {"Content-Type": "text/html; charset=utf-8"})


def website_row(settings, site_url, rings):
    settings.SITE_URL = site_url
    policy = release_work_plan()
    return policy, Delivery.objects.get(release__isnull=False, channel="website", page=policy)


def test_the_release_purges_every_page_that_shows_it_and_the_public_page_is_confirmed(
    settings, live_server, purge_recorder, rings
):
    policy, row = website_row(settings, live_server.url, rings)
    row = run_in_process(row)
    assert row.state == Delivery.State.DELIVERED, row.last_error_zh
    purged = {path for _host, path in purge_recorder.purged}
    assert "/policies/liyang/dangzheng/2018-liyang-openness-work-plan/" in purged
    assert {
        "/policies/liyang/dangzheng/2018-liyang-openness-work-plan/qa/",
        "/policies/",
        "/policies/liyang/",
        "/",
    } <= purged
    assert {host for host, _path in purge_recorder.purged} == {live_server.url.removeprefix("http://")}
    assert row.external_url == f"{live_server.url}/policies/liyang/dangzheng/2018-liyang-openness-work-plan/"


def test_without_a_frontend_cache_only_the_confirmation_runs(settings, live_server, rings):
    _policy, row = website_row(settings, live_server.url, rings)
    assert run_in_process(row).state == Delivery.State.DELIVERED


def test_a_page_still_stale_after_the_purge_is_purged_again_on_the_next_try(settings, purge_recorder, rings):
    with StaleCache() as stale:
        _policy, row = website_row(settings, stale.origin, rings)
        make_due(row)
        assert process(row.pk) == "retrying"
        row.refresh_from_db()
        assert "尚未显示最新内容" in row.last_error_zh and row.attempts == 1
        assert row.checkpoints["purged"] is None, "the next try purges again"
        first = len(purge_recorder.purged)
        make_due(row)
        process(row.pk)
        assert len(purge_recorder.purged) == 2 * first


def test_a_site_address_where_nothing_answers_is_retried_and_named_on_the_row_and_dashboard(
    settings, rings, admin_client
):
    _policy, row = website_row(settings, "http://127.0.0.1:9", rings)  # discard port: nothing listens
    make_due(row)
    assert process(row.pk) == "retrying"
    row.refresh_from_db()
    assert row.last_error_class == "transient"
    assert "无法连接网站地址 http://127.0.0.1:9/（SITE_URL 设置）" in row.last_error_zh
    assert "SITE_URL=http://127.0.0.1:9/" in row.last_error_en
    dashboard = admin_client.get("/admin/").content.decode()
    assert "分发需要处理" in dashboard and "无法连接网站地址 http://127.0.0.1:9/（SITE_URL 设置）" in dashboard
