"""A release is written out by the website channel, and the site serves it from the tree; a withdrawal or a change
to 不予公开 removes it; nothing non-public is ever written."""

from __future__ import annotations

import gzip

import pytest
import requests
from django.contrib.auth import get_user_model

from channels.models import Delivery
from interpretation import three_sync
from tests.factories.policies import leader_of
from tests.ledger.conftest import release_work_plan
from tests.public.bodies import release_in

from .conftest import POLICY_PATH, deliver_website, page_file, portal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MATERIALS = ("text/", "qa/", "graphic/")


def _released(settings, live_server):
    settings.SITE_URL = live_server.url
    policy = release_work_plan()
    row = deliver_website(policy)
    assert row.state == Delivery.State.DELIVERED, row.last_error_zh
    return policy, row


def test_a_release_writes_its_policy_materials_lists_home_and_feeds_and_the_site_serves_them(
    settings, live_server, rings
):
    policy, row = _released(settings, live_server)
    assert policy.title in page_file(POLICY_PATH).read_text("utf-8")
    for material in policy.get_children().live():
        assert material.title in page_file(material.url_path.removeprefix("/home")).read_text("utf-8")
    for listing in ("/", "/policies/", "/policies/liyang/", "/policies/liyang/dangzheng/"):
        assert policy.title in page_file(listing).read_text("utf-8"), listing
    assert policy.title in (portal() / "feeds/policies.atom").read_text("utf-8")
    assert (portal() / "feeds/interpretations.atom").is_file()
    assert (
        gzip.decompress(page_file(POLICY_PATH).with_suffix(".html.gz").read_bytes())
        == page_file(POLICY_PATH).read_bytes()
    )
    assert row.checkpoints["outcome_detail"]["static_written"] >= 10
    page = page_file(POLICY_PATH).read_text("utf-8")
    assert "csrfmiddlewaretoken" not in page and "nonce" not in page

    answer = requests.get(live_server.url + POLICY_PATH, timeout=5)
    assert answer.status_code == 200 and answer.headers["X-Static-Site"] == "hit"
    assert answer.headers["Content-Encoding"] == "gzip" and answer.headers["X-Frame-Options"] == "DENY"
    assert "must-revalidate" in answer.headers["Cache-Control"]
    assert answer.text == page


def test_editors_and_queries_bypass_the_tree(settings, live_server, rings):
    _released(settings, live_server)
    assert requests.get(live_server.url + "/policies/?page=1", timeout=5).headers.get("X-Static-Site") is None
    editor = requests.get(live_server.url + POLICY_PATH, cookies={"sessionid": "an-editor"}, timeout=5)
    assert editor.status_code == 200 and editor.headers.get("X-Static-Site") is None
    assert requests.get(live_server.url + "/search/", timeout=5).headers.get("X-Static-Site") is None


def test_unpublishing_removes_the_policy_and_its_materials_and_rewrites_the_lists(settings, live_server, rings):
    policy, _row = _released(settings, live_server)
    policy.unpublish()
    assert not page_file(POLICY_PATH).exists()
    assert not any(page_file(POLICY_PATH + material).exists() for material in MATERIALS)
    assert policy.title not in page_file("/policies/").read_text("utf-8")
    assert policy.title not in page_file("/").read_text("utf-8")
    assert requests.get(live_server.url + POLICY_PATH, timeout=5).status_code == 404


def test_a_change_to_withheld_removes_the_files_through_the_website_row(settings, live_server, rings):
    policy, _row = _released(settings, live_server)
    policy.disclosure_attribute = "withheld"
    policy.withholding_reason = "涉及国家秘密"
    policy.attribute_change_reason = "经保密审查改为不予公开"
    revision = policy.save_revision(user=leader_of(policy))
    three_sync.approve_disclosure(policy, revision, get_user_model().objects.get(username="gkb_reviewer"))
    revision.publish(user=leader_of(policy))
    row = deliver_website(policy)
    assert row.state == Delivery.State.DELIVERED, row.last_error_zh
    assert not page_file(POLICY_PATH).exists()
    assert not any(page_file(POLICY_PATH + material).exists() for material in MATERIALS)
    assert policy.title not in page_file("/policies/").read_text("utf-8")
    assert policy.title not in (portal() / "feeds/policies.atom").read_text("utf-8")


def test_an_on_request_policy_is_never_written_but_the_catalogue_is(settings, live_server, rings):
    _released(settings, live_server)
    policy = release_in("liyang", title="历阳镇征地补偿安置台账", slug="liyang-taizhang", disclosure="on_request")
    row = deliver_website(policy)
    assert row.state == Delivery.State.DELIVERED, row.last_error_zh
    assert not list(portal().rglob("liyang-taizhang*")), "a non-public page was written"
    assert policy.title in page_file("/policies/catalog/").read_text("utf-8")
    assert "历阳镇征地补偿安置台账" not in page_file("/policies/").read_text("utf-8")


def test_the_website_row_is_not_delivered_while_the_files_cannot_be_written(settings, live_server, rings, tmp_path):
    settings.SITE_URL = live_server.url
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the tree's folder should be")
    settings.STATIC_SITE_ROOT = blocked
    policy = release_work_plan()
    row = Delivery.objects.get(channel="website", page=policy)
    from channels.ledger.runs import process
    from tests.factories.ledger import make_due

    make_due(row)
    assert process(row.pk) == "retrying"
    row.refresh_from_db()
    assert "无法写入网站静态页面" in row.last_error_zh and "STATIC_SITE_ROOT" in row.last_error_zh
    settings.STATIC_SITE_ROOT = tmp_path / "site"
    row = deliver_website(policy)
    assert row.state == Delivery.State.DELIVERED and page_file(POLICY_PATH).is_file()
