"""Follow-ups (追加解读) per channel, against the WeChat simulator and a partner receiver on loopback: the website
and partners get each as an update of the policy and an item of its own, with per-item ninjs versions; WeChat
gets an article only when the releaser chooses one, under the follow-up's own title."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from channels import follow_ups
from channels.actions import ActionRefused
from channels.models import Delivery
from interpretation.choices import Validity
from interpretation.models import BundleRelease, PolicyDocumentPage
from tests.factories.partners import make_partner
from tests.factories.policies import add_material, leader_of

from .conftest import release_work_plan, run_in_process

pytestmark = pytest.mark.django_db
POLICY_TITLE = "2018年历阳镇政务公开工作方案"


@pytest.fixture
def policy(wechat_on, rings, receiver) -> PolicyDocumentPage:
    return release_work_plan()


def follow_up(policy, title, form="text", slug="zhuijia") -> BundleRelease:
    """A material added after the policy's release, published by its leader: a follow-up release."""
    material = add_material(policy, form, title, "针对群众关心的问题追加解读?答复如下。", slug=slug)
    material.get_latest_revision().publish(user=leader_of(policy))
    return BundleRelease.objects.get(follow_up=material)


def run_all(**filters) -> list[Delivery]:
    """Run the WeChat and partner rows (the website's purge and check are tests/ledger/test_website.py's)."""
    rows = Delivery.objects.filter(**filters).exclude(channel="website").order_by("pk")
    rows = [run_in_process(row) for row in rows]
    assert all(row.state == Delivery.State.DELIVERED for row in rows), [row.last_error_zh for row in rows]
    return rows


def payloads(receiver) -> list[dict]:
    return [payload for payload in receiver.deliveries.values()]


def test_two_follow_ups_update_website_and_partners_with_per_item_versions_and_no_wechat_article(policy, sim, receiver):
    run_all()
    assert len(sim.drafts) == 1, "the policy's own article"
    first = follow_up(policy, "关于工作方案的追加解读", slug="zhuijia-1")
    second = follow_up(policy, "工作方案访谈问答", form="qa", slug="zhuijia-2")
    for release in (first, second):
        assert release.kind == BundleRelease.Kind.FOLLOW_UP and not release.wechat_article
        channels = sorted(Delivery.objects.filter(release=release).values_list("channel", flat=True))
        assert channels == ["partner_webhook", "partner_webhook", "website"], "no WeChat row unless chosen"
    run_all()
    assert len(sim.drafts) == 1 and len(sim.publishes) == 1, "no new article for a follow-up"

    events = payloads(receiver)
    policy_versions = [e["data"]["version"] for e in events if e["data"]["uri"] == f"urn:policy:policy-{policy.pk}"]
    assert policy_versions == ["1", "2", "3"], "the policy's own count, without gaps"
    assert [e["type"] for e in events] == [
        "policy.released",
        "policy.updated",
        "policy.interpretation_added",
        "policy.updated",
        "policy.interpretation_added",
    ]
    items = [e["data"] for e in events if e["type"] == "policy.interpretation_added"]
    assert [item["uri"] for item in items] == [
        f"urn:policy:material-{first.follow_up_id}",
        f"urn:policy:material-{second.follow_up_id}",
    ]
    assert [item["version"] for item in items] == ["1", "1"], "each follow-up is an item of its own"
    assert [item["headlines"][0]["value"] for item in items] == [
        "【追加解读】关于工作方案的追加解读",
        "【追加解读】工作方案访谈问答",
    ]
    for item in items:
        assert item["profile"] == "policy-follow-up"
        assert POLICY_TITLE not in item["headlines"][0]["value"]
        linked = next(a for a in item["associations"] if a["name"] == "policy")
        assert linked["uri"] == f"urn:policy:policy-{policy.pk}"


def test_a_chosen_article_carries_the_follow_ups_own_title(policy, sim, client):
    run_all()
    release = follow_up(policy, "关于工作方案的追加解读")
    client.force_login(get_user_model().objects.get(username="releaser"))
    page = client.get(reverse("channels_policy_deliveries", args=(policy.pk,))).content.decode()
    assert "不发新文章(默认)" in page and "为本次追加解读发布微信公众号文章" in page
    client.post(reverse("channels_follow_up_wechat", args=(release.pk,)), {"chosen": "1"})
    release.refresh_from_db()
    assert release.wechat_article
    (row,) = run_all(release=release, channel="wechat")
    assert len(sim.drafts) == 2
    title = sim.drafts[-1]["articles"][0]["title"]
    assert title == "【追加解读】关于工作方案的追加解读" and POLICY_TITLE not in title
    with pytest.raises(ActionRefused, match="不能取消选择"):
        follow_ups.choose_wechat_article(release, get_user_model().objects.get(username="releaser"), False)


def test_a_repealed_policys_follow_up_sends_nothing_to_wechat_by_default(policy, sim):
    run_all()
    PolicyDocumentPage.objects.filter(pk=policy.pk).update(validity=Validity.REPEALED)
    release = follow_up(policy, "关于工作方案的追加解读")
    assert not Delivery.objects.filter(release=release, channel="wechat").exists()
    assert "已不再有效" in follow_ups.wechat_rule(release)
    run_all()
    assert len(sim.drafts) == 1


def test_withdrawing_the_choice_before_sending_cancels_the_article(policy, sim):
    releaser = get_user_model().objects.get(username="releaser")
    release = follow_up(policy, "关于工作方案的追加解读")
    (row,) = follow_ups.choose_wechat_article(release, releaser, True)
    follow_ups.choose_wechat_article(release, releaser, False)
    row.refresh_from_db()
    assert row.state == Delivery.State.CANCELLED
    (again,) = follow_ups.choose_wechat_article(release, releaser, True)
    assert again.pk == row.pk and again.state == Delivery.State.RETRYING


def test_the_pull_lists_each_follow_up_as_the_policys_update_and_its_own_item(wechat_on, rings, client):
    policy = release_work_plan()
    reader = make_partner("市日报社", pull_enabled=True)
    follow_up(policy, "关于工作方案的追加解读", slug="zhuijia-1")
    follow_up(policy, "工作方案访谈问答", form="qa", slug="zhuijia-2")
    answer = client.get(
        reverse("partners:releases_api"), headers={"Authorization": f"Bearer {reader.pull_token}"}
    ).json()
    entries = [(item["headlines"][0]["value"], item["version"]) for item in answer["items"]]
    assert entries == [
        (POLICY_TITLE, "1"),
        (POLICY_TITLE, "2"),
        ("【追加解读】关于工作方案的追加解读", "1"),
        (POLICY_TITLE, "3"),
        ("【追加解读】工作方案访谈问答", "1"),
    ]
