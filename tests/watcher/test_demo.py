"""The offline demo: sample upstream sites served by our own web server, polled into drafts."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from channels.watcher import demo, polling
from channels.watcher.models import RepublicationIndexPage, RepublicationPage, Source
from cms.demo import build


@pytest.fixture
def samples_on(settings):
    settings.WATCHER_SERVE_SAMPLES = True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("state_council/list.html", "text/html; charset=utf-8"),
        ("province/feed.xml", "application/rss+xml; charset=utf-8"),
        ("city/list.json", "application/json; charset=utf-8"),
    ],
)
def test_sample_files_are_served_with_their_content_types(client, samples_on, path, content_type):
    response = client.get(f"/watcher/samples/{path}")

    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert response["X-Robots-Tag"].startswith("noindex")
    again = client.get(f"/watcher/samples/{path}", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["../demo.py", "%2e%2e/demo.py", "..%2f..%2fsettings.py", "state_council/nope.html"])
def test_nothing_outside_the_samples_folder_is_served(client, samples_on, path):
    assert client.get(f"/watcher/samples/{path}").status_code == 404


@pytest.mark.django_db
def test_samples_are_not_served_unless_the_demo_is_on(client, settings):
    settings.WATCHER_SERVE_SAMPLES = False
    assert client.get("/watcher/samples/city/list.json").status_code == 404


@pytest.mark.django_db
def test_demo_sources_turn_the_samples_into_drafts_with_deadlines(web_server, settings, samples_on):
    settings.SITE_URL = web_server
    build.ensure_office()

    first = demo.load()
    assert demo.load() == "上级政策转载:演示信息源已存在", "safe to run twice"
    assert "3 个" in first and Source.objects.count() == 3
    source = Source.objects.get(level="state_council")
    assert source.url == f"{settings.SITE_URL}/watcher/samples/state_council/list.html"
    assert source.allowed_host_list() == ["127.0.0.1"] and source.trusted_host_list() == ["127.0.0.1"]

    reports = [polling.poll_claimed(source_id) for source_id in polling.claim_due_sources()]

    assert all(r.ok for r in reports), [(r.source_name, r.error_detail) for r in reports]
    assert RepublicationIndexPage.objects.get().live
    every = RepublicationPage.objects.all()
    assert every.count() == 10, "the county watches once; each of its two towns gets its own drafts"
    assert all(not p.live and p.deadline_at > timezone.now() for p in every)
    wujiang = every.filter(disclosing_body__slug="wujiang")
    assert {p.department.name for p in wujiang} == {"党政办公室"} and wujiang.count() == 5
    drafts = every.filter(disclosing_body__slug="liyang")
    assert drafts.count() == 5, "two State Council, one province (its repost is a duplicate), two city"
    assert drafts.filter(document_number="国发〔2025〕7号").get().source_organ == "国务院"
    routed = drafts.get(document_number="马政发〔2025〕2号")
    assert routed.department.code == "jingji" and routed.topic.code == "yingshang-huanjing"
    leader, drafter = (get_user_model().objects.get(username=name) for name in ("jjb_leader", "jjb_editor"))
    assert routed.permissions_for_user(leader).can_publish(), "department leaders publish republications"
    assert routed.permissions_for_user(drafter).can_edit() and not routed.permissions_for_user(drafter).can_publish()
