"""A follow-up's own item (追加解读) at partners, against a partner receiver on loopback and Django's locmem mail:
retracting the item's row withdraws the item by its own uri and leaves the policy with the partner; an e-mail
partner gets the item as a message of its own, besides the policy's update."""

import email
import email.policy

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from channels import actions
from channels.models import Delivery
from interpretation.models import BundleRelease, PolicyDocumentPage
from tests.factories.partners import make_partner
from tests.factories.policies import add_material, leader_of

from .conftest import release_work_plan, run_in_process

pytestmark = pytest.mark.django_db
POLICY_TITLE = "2018年历阳镇政务公开工作方案"
ITEM_TITLE = "【追加解读】关于工作方案的追加解读"


@pytest.fixture
def policy(rings, receiver) -> PolicyDocumentPage:
    make_partner("市日报社", email_enabled=True, email="zhengwu@ribao.example.cn")
    return release_work_plan()


def follow_up(policy) -> BundleRelease:
    material = add_material(policy, "text", "关于工作方案的追加解读", "针对群众关心的问题追加解读。", slug="zhuijia")
    material.get_latest_revision().publish(user=leader_of(policy))
    return BundleRelease.objects.get(follow_up=material)


def run_partner_rows(**filters) -> list[Delivery]:
    rows = Delivery.objects.filter(channel__startswith="partner_", **filters).order_by("pk")
    rows = [run_in_process(row) for row in rows]
    assert all(row.state == Delivery.State.DELIVERED for row in rows), [row.last_error_zh for row in rows]
    return rows


def outbox():
    return list(mail.outbox)


def test_retracting_the_item_row_withdraws_the_follow_up_and_leaves_the_policy(policy, receiver):
    release = follow_up(policy)
    run_partner_rows()
    releaser = get_user_model().objects.get(username="releaser")
    item_row = Delivery.objects.get(release=release, channel="partner_webhook", key__endswith=":item")
    actions.retract(item_row, releaser)

    item_row.refresh_from_db()
    assert item_row.state == Delivery.State.RETRACTED
    retraction = receiver.deliveries[f"{item_row.key}:retracted"]
    assert retraction["type"] == "policy.interpretation_retracted"
    assert retraction["data"] == {"uri": f"urn:policy:material-{release.follow_up_id}", "version": "1"}
    retractions = [event for event in receiver.deliveries.values() if event["type"].endswith("retracted")]
    assert retractions == [retraction], "the policy is not withdrawn"
    update_row = Delivery.objects.get(release=release, channel="partner_webhook", key__endswith=item_row.target)
    assert update_row.state == Delivery.State.DELIVERED


def test_retracting_the_policys_update_row_still_names_the_policy(policy, receiver):
    release = follow_up(policy)
    run_partner_rows()
    update_row = Delivery.objects.get(release=release, channel="partner_webhook", key__endswith=":item")
    update_row = Delivery.objects.get(release=release, channel="partner_webhook", target=update_row.target, options={})
    actions.retract(update_row, get_user_model().objects.get(username="releaser"))
    retraction = receiver.deliveries[f"{update_row.key}:retracted"]
    assert retraction["type"] == "policy.retracted"
    assert retraction["data"] == {"uri": f"urn:policy:policy-{policy.pk}", "version": "2"}


def test_an_email_partner_gets_the_follow_up_as_a_message_of_its_own(policy, receiver):
    run_partner_rows()
    mail.outbox.clear()
    release = follow_up(policy)
    run_partner_rows(release=release)
    messages = [email.message_from_bytes(sent.message().as_bytes(), policy=email.policy.default) for sent in outbox()]
    assert [message["Subject"] for message in messages] == [POLICY_TITLE, ITEM_TITLE]
    update, item = messages
    assert update["X-Policy-URI"] == f"urn:policy:policy-{policy.pk}" and update["X-Policy-Version"] == "2"
    assert item["X-Policy-URI"] == f"urn:policy:material-{release.follow_up_id}" and item["X-Policy-Version"] == "1"
    assert update["Message-ID"] != item["Message-ID"]
    text = item.get_body(preferencelist=("plain",)).get_content()
    assert "针对群众关心的问题追加解读" in text and f"本解读是对《{POLICY_TITLE}》" in text
    files = {part.get_filename(): part.get_content() for part in item.iter_attachments()}
    assert list(files) == ["政策解读1.html"], "the follow-up alone, not the policy's bundle again"
    assert "关于工作方案的追加解读" in files["政策解读1.html"]
