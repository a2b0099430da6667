"""The page cache: anonymous readers get stored pages; a release, an update or a withdrawal drops exactly them."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interpretation import three_sync
from interpretation.public import page_cache
from tests.factories.library import release_policy
from tests.factories.policies import add_material, leader_of, publish_update

pytestmark = pytest.mark.django_db


def test_second_anonymous_visit_is_served_from_the_cache_without_a_query(client, demo, settings):
    # A process looks for invalidations missed in a Redis outage once a second (page_cache._caught_up): that
    # query is not a hit's, and a slow machine must not count it here.
    settings.PAGE_CACHE_REPLAY_CHECK_SECONDS = 3600
    first = client.get(demo.url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(demo.url)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    assert len(queries) == 0
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_a_reader_with_a_current_copy_gets_304(client, demo):
    etag = client.get(demo.url)["ETag"]
    assert client.get(demo.url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_uncached_policy_page_costs_at_most_15_queries(client, demo, django_assert_max_num_queries, capsys, settings):
    settings.PAGE_CACHE_REPLAY_CHECK_SECONDS = 3600  # the once-a-second outage check is no query of this page's
    client.get("/")  # Wagtail's own site-root cache is warm, as on a running site
    with django_assert_max_num_queries(15):
        response = client.get(demo.url)
    assert response["X-Page-Cache"] == "miss"
    page_cache.invalidate_everything()
    with CaptureQueriesContext(connection) as queries:
        client.get(demo.url)
    with capsys.disabled():
        print(f"\n[figure] uncached policy page: {len(queries)} queries")


def test_logged_in_users_get_private_pages_that_are_never_stored(client, demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.get(demo.url)
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
    client.logout()
    assert client.get(demo.url)["X-Page-Cache"] == "miss"  # nothing was stored for the admin


def test_unknown_query_parameters_bypass_the_cache(client, demo):
    client.get("/policies/?utm_source=wechat")
    assert "X-Page-Cache" not in client.get("/policies/?utm_source=wechat")


def test_an_update_refreshes_the_policy_its_materials_the_library_the_home_page_and_the_feeds(client, demo):
    material = demo.live_materials().first()
    urls = [
        demo.url,
        material.url,
        "/policies/",
        "/policies/liyang/",
        "/policies/liyang/dangzheng/",
        "/",
        "/feeds/policies.atom",
    ]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url
    demo.title = "2018年历阳镇政务公开工作方案(修订)"
    publish_update(demo)
    for url in urls:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
    assert "工作方案(修订)" in client.get(demo.url).content.decode()
    assert "工作方案(修订)" in client.get("/").content.decode()


def test_an_unrelated_release_leaves_other_policies_cached(client, demo):
    client.get(demo.url)
    release_policy(slug="yingshang", title="历阳镇优化营商环境十条措施", topic="yingshang-huanjing")
    assert client.get(demo.url)["X-Page-Cache"] == "hit"
    assert "历阳镇优化营商环境十条措施" in client.get("/").content.decode()


def test_unpublishing_a_policy_withdraws_it_and_its_materials_at_once(client, demo):
    materials = list(demo.live_materials())
    for url in [demo.url, *(m.url for m in materials), "/policies/", "/feeds/interpretations.atom"]:
        client.get(url)
    demo.unpublish()
    assert client.get(demo.url).status_code == 404
    for material in materials:
        assert client.get(material.url).status_code == 404
    assert demo.title not in client.get("/policies/").content.decode()
    assert demo.title not in client.get("/feeds/interpretations.atom").content.decode()


def test_a_follow_up_interpretation_appears_on_the_cached_policy_page(client, demo):
    client.get(demo.url)
    leader = get_user_model().objects.get(username="dzb_leader")
    material = add_material(demo, "text", "关于工作方案的追加解读", "针对群众关心的问题追加解读。", slug="follow-up")
    material.get_latest_revision().publish(user=leader)
    assert "关于工作方案的追加解读" in client.get(demo.url).content.decode()


def test_making_a_policy_on_request_removes_it_from_public_pages(client, demo):
    client.get(demo.url)
    client.get("/policies/")
    demo.disclosure_attribute = "on_request"
    demo.withholding_reason = "涉及内部管理"
    demo.attribute_change_reason = "经审查改为依申请公开"
    revision = demo.save_revision(user=leader_of(demo))
    three_sync.approve_disclosure(demo, revision, get_user_model().objects.get(username="gkb_reviewer"))
    revision.publish(user=leader_of(demo))
    assert client.get(demo.url).status_code == 404
    assert demo.title not in client.get("/policies/").content.decode()
    assert demo.title in client.get("/policies/catalog/").content.decode()
